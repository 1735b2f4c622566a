#!/usr/bin/env node
// The sequential floor of `npm run bench` (issue "`sync --out` at the floor"): for every file of
// the Source and then of the Target, one after the other, read it, `JSON.parse` it,
// `JSON.stringify(value, null, 2)` it and write it into a new folder. Nothing in flight at once,
// no validation, no fsync: the simplest possible copy that parses what it copies.
// Usage: node bench/floorSequential.mjs SOURCE TARGET OUT   (OUT must not exist)
// The two configurations go to OUT/source and OUT/target.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [source, target, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node bench/floorSequential.mjs SOURCE TARGET OUT');
  process.exit(2);
}

function copyConfiguration(from, to) {
  const files = readdirSync(from, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(from, path.join(e.parentPath, e.name)))
    .sort();
  for (const file of files) {
    const text = readFileSync(path.join(from, file), 'utf8');
    const value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text); // a byte-order mark is tolerated
    const to_ = path.join(to, file);
    mkdirSync(path.dirname(to_), { recursive: true });
    writeFileSync(to_, JSON.stringify(value, null, 2) + '\n');
  }
  return files.length;
}

const count = copyConfiguration(source, path.join(out, 'source')) + copyConfiguration(target, path.join(out, 'target'));
console.log(`floor (sequential): ${count} files read, parsed, serialized and written`);
