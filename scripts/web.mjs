#!/usr/bin/env node
// `npm run web [-- --port N] [--data-dir DIR] [--sample]`: the app in a browser, served on
// 127.0.0.1 with a per-run token; prints `Carryover web mode: http://127.0.0.1:PORT/?token=...`.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildIfStale, root } from './buildIfStale.mjs';

if (!buildIfStale()) {
  process.stderr.write('carryover: the build failed; see above\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(path.join(root, 'build', 'electron', 'web', 'main.js')).href);
process.exitCode = await main(process.argv.slice(2));
