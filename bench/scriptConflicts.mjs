// How many script merges conflict under each diff algorithm (docs/performance.md, "Script
// conflicts: myers and histogram"): every customized form script and global script code of the
// generated SyteLine-scale pair, merged in process with mergeScripts (target base, customized,
// source base) as the engine does when both sides changed a script, once per algorithm. A merge
// with conflicts is a prompt a person must answer by hand; a clean one can be answered `merge`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const ALGORITHMS = ['myers', 'histogram'];

/** The scripts of one configuration's customized versions with their vendor versions. */
function scriptTriples(pair) {
  const triples = [];
  const target = path.join(pair, 'target');
  const read = (file, pick) => {
    if (!existsSync(file)) return '';
    const value = pick(JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')));
    return typeof value === 'string' ? value : '';
  };
  for (const entry of readdirSync(target, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const rel = path.relative(target, path.join(entry.parentPath, entry.name)).split(path.sep);
    if (rel[0] === 'vendor' || rel[0] === '.carryover') continue;
    const joined = rel.join('/');
    const kind = rel.includes('forms') ? 'forms' : joined.includes('globals/scripts/') ? 'globals/scripts' : undefined;
    if (kind === undefined) continue;
    const pick = kind === 'forms' ? (j) => j.script : (j) => j.attributes?.code;
    const customized = read(path.join(target, ...rel), pick);
    const targetBase = read(path.join(target, 'vendor', ...kind.split('/'), entry.name), pick);
    const sourceBase = read(path.join(pair, 'source', 'vendor', ...kind.split('/'), entry.name), pick);
    // Only scripts both sides changed reach the text merge.
    if (customized === targetBase || sourceBase === targetBase || customized === sourceBase) continue;
    triples.push({ name: joined, targetBase, customized, sourceBase });
  }
  return triples.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Merges every triple with each algorithm; prints and returns the counts and times. */
export async function benchScriptConflicts({ root, pair, line, ms }) {
  const { mergeScripts } = await import(pathToFileURL(path.join(root, 'build', 'core', 'textMerge', 'index.js')).href);
  const triples = scriptTriples(pair);
  line();
  line(`Script merges of the pair (${triples.length} scripts changed on both sides), by diff algorithm`);
  const figures = { scripts: triples.length };
  for (const algorithm of ALGORITHMS) {
    let withConflicts = 0;
    let conflicts = 0;
    let slowest = 0;
    const start = performance.now();
    for (const t of triples) {
      const one = performance.now();
      const merged = mergeScripts(t.targetBase, t.customized, t.sourceBase, { diffAlgorithm: algorithm });
      slowest = Math.max(slowest, performance.now() - one);
      if (!merged.clean) withConflicts++;
      conflicts += merged.conflicts;
    }
    const totalMs = performance.now() - start;
    line(`  ${algorithm.padEnd(10)} ${String(withConflicts).padStart(5)} scripts with conflicts (prompts left to a person), ${String(conflicts).padStart(5)} conflict regions; ${ms(totalMs)} in all, slowest script ${ms(slowest)}`);
    figures[algorithm] = { scriptsWithConflicts: withConflicts, conflicts, totalMs, slowestMs: slowest };
  }
  return figures;
}
