#!/usr/bin/env node
// `npm start`: the desktop app on the bundled sample. Where the Electron binary is missing (as on
// the build machines, which cannot download it), says so and starts web mode instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIfStale, root } from './buildIfStale.mjs';

/** The Electron binary, without triggering electron's lazy download (its index.js would). */
function electronBinary() {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative)
    : path.join(dir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

if (!buildIfStale()) {
  process.stderr.write('carryover: the build failed; see above\n');
  process.exit(1);
}
const binary = electronBinary();
if (binary) {
  const child = spawn(binary, [path.join(root, 'build', 'electron', 'main.js'), '--sample', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write(
    'carryover: the Electron binary is not installed (node_modules/electron/dist; run `npx install-electron` where the network allows it).\n' +
      'carryover: starting web mode on the bundled sample instead.\n',
  );
  const { main } = await import(pathToFileURL(path.join(root, 'build', 'electron', 'web', 'main.js')).href);
  process.exitCode = await main(['--sample', ...process.argv.slice(2)]);
}
