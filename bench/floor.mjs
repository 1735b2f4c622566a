#!/usr/bin/env node
// The floor of `npm run bench`: a plain Node script that reads, parses, serializes and writes
// every file of the Source and the Target once, the least any merge of the two must do.
// Usage: node bench/floor.mjs SOURCE TARGET OUT   (OUT must not exist)
//
// It is deliberately ordinary, not tuned: `fs/promises`, 64 files in flight, `JSON.parse`,
// `JSON.stringify(value, null, 2)`, no validation, no fsync. The two configurations go to
// OUT/source and OUT/target.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const [source, target, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node bench/floor.mjs SOURCE TARGET OUT');
  process.exit(2);
}

async function copyConfiguration(from, to) {
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.relative(from, path.join(e.parentPath, e.name)));
  const folders = new Set(files.map((f) => path.dirname(f)));
  for (const folder of [...folders].sort()) await mkdir(path.join(to, folder), { recursive: true });
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      const text = await readFile(path.join(from, file), 'utf8');
      const value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text); // a byte-order mark is tolerated
      await writeFile(path.join(to, file), JSON.stringify(value, null, 2) + '\n');
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
  return files.length;
}

const counts = await Promise.all([copyConfiguration(source, path.join(out, 'source')), copyConfiguration(target, path.join(out, 'target'))]);
console.log(`floor: ${counts[0] + counts[1]} files read, parsed, serialized and written`);
