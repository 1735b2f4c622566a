#!/usr/bin/env node
// Bundles the compiled CLI (build/core/node/cli.js, from `tsc -b core/node`) into build/cli/, which
// bin/carryover.mjs runs: a handful of files instead of some 80 modules and two packages, so that
// starting a command costs about 0.09 s less CPU and wall time (docs/performance.md, "One file to
// start"). Part of `npm run build:core` (and so of `npm install`, through `prepare`).
//
// build/cli/ holds:
// - cli.js: the CLI itself, the entry that bin/carryover.mjs imports;
// - loneBase.js: what the reader thread imports to check a lone base (readFiles.ts finds it beside
//   the module that holds the reader, `./loneBase.js`: every file of the bundle is in one folder);
// - the parts both share, and the parts imported on demand (`merge-file`), as further files;
// - inputs.json: the times of the compiled build this bundle was made from, by which
//   bin/carryover.mjs tells a bundle older than the compiled modules (it then runs those).
// The same compiled modules give the same bytes (no time, no absolute path in the output).
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The files of the compiled build whose change makes a bundle stale: tsc's records of the two projects the CLI is compiled from. */
export const BUILD_RECORDS = ['build/tsbuildinfo/core.tsbuildinfo', 'build/tsbuildinfo/core-node.tsbuildinfo'];

/** Builds build/cli/ (or `outDir`) from the compiled modules; resolves once written. */
export async function bundleCli(outDir = path.join(root, 'build', 'cli')) {
  const entry = path.join(root, 'build', 'core', 'node', 'cli.js');
  if (!existsSync(entry)) throw new Error(`${path.relative(root, entry)} is missing: run \`npx tsc -b core/node\` first`);
  rmSync(outDir, { recursive: true, force: true });
  await build({
    input: { cli: entry, loneBase: path.join(root, 'build', 'core', 'node', 'loneBase.js') },
    cwd: root,
    platform: 'node',
    logLevel: 'warn',
    // Node's own modules stay imports; our two packages (commander, diff3) are bundled.
    external: [/^node:/],
    output: {
      dir: outDir,
      format: 'esm',
      entryFileNames: '[name].js',
      // Beside the entries, not below them: `new URL('./loneBase.js', import.meta.url)` must find
      // the entry from whichever file holds the reader.
      chunkFileNames: '[name]-[hash].js',
    },
  });
  writeFileSync(path.join(outDir, 'inputs.json'), JSON.stringify(buildStamp(), null, 2) + '\n');
}

/** The modification times of {@link BUILD_RECORDS}, as bin/carryover.mjs compares them. */
export function buildStamp() {
  return Object.fromEntries(BUILD_RECORDS.map((file) => [file, statSync(path.join(root, file), { throwIfNoEntry: false })?.mtimeMs ?? null]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleCli();
