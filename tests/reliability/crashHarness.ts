import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { BACKUP_MARKER } from '../../core/node/backupManifest.js';
import { snapshotTree } from '../../core/node/testing/snapshotTree.js';
import { generateConfigurationPair, seededRandom } from '../../core/testing/generateConfiguration.js';
import { BIN, REPO, runCli, writeConfiguration } from './onDisk.js';

/**
 * The crash harness (docs/reliability.md): runs the real `carryover sync --in-place` on a generated
 * Target and kills it with SIGKILL at a random moment, many times; after each kill the next
 * carryover command (`analyze`) recovers, and the harness checks that the Target is exactly the
 * old or exactly the new configuration, that every backup is complete and byte-identical to the old
 * Target, that nothing is left next to the Target unreported, and that `carryover rollback` (itself
 * killed at random moments too) restores the original byte for byte.
 */

export interface CrashOptions {
  /** Kills of `sync --in-place`. */
  runs: number;
  /** About how many version files the generated Target holds. */
  files: number;
  seed: number;
  /** Called after each run with a line of progress. */
  log?: (line: string) => void;
}

/** What a run of the harness saw (the figures of docs/reliability.md). */
export interface CrashFigures {
  runs: number;
  files: number;
  seed: number;
  /** Milliseconds an uninterrupted `sync --in-place` took (calibrates the kill delays). */
  syncMs: number;
  /** Where each kill landed: `before-lock`, `locked` (lock, no journal), or the journal phase. */
  killedAt: Record<string, number>;
  /** Runs that finished before the kill came. */
  finishedBeforeKill: number;
  /** After recovery: the old Target, the new one. */
  old: number;
  new: number;
  /** Kills of `rollback`, and what recovery then left. */
  rollbackKills: number;
  rollbackOld: number;
  rollbackNew: number;
  /** Complete backups checked byte for byte against the old Target. */
  backupsChecked: number;
  /** Rollbacks that restored the original byte for byte. */
  rollbacksVerified: number;
  /** Notes of the recovering command about leftovers it removed or reported. */
  recoveryNotes: number;
  /** Everything that broke a guarantee (empty when the harness passes). */
  violations: string[];
  elapsedMs: number;
}

/** The paths of a prepared case. */
interface Workspace {
  root: string;
  source: string;
  /** A folder holding only the Target and what carryover puts next to it. */
  parent: string;
  target: string;
  pristine: string;
}

/** Dot-entries a real Target carries (`.git` with a binary object and a link, notes), which an in-place sync must carry over. */
async function addDotEntries(target: string): Promise<void> {
  await mkdir(path.join(target, '.git', 'objects', 'ab'), { recursive: true });
  await writeFile(path.join(target, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  await writeFile(path.join(target, '.git', 'objects', 'ab', 'cdef'), Buffer.from([0x78, 0x01, 0x00, 0xff, 0xfe, 0x0d, 0x0a]));
  await symlink('../HEAD', path.join(target, '.git', 'objects', 'head-link'));
  await mkdir(path.join(target, 'site', 'forms'), { recursive: true });
  await writeFile(path.join(target, 'site', 'forms', '.gitkeep'), '');
}

/** Writes the generated pair, with a byte-order mark and CRLF line ends on some files (kept byte for byte when unchanged). */
async function prepare(options: CrashOptions): Promise<Workspace> {
  const root = await mkdtemp(path.join(tmpdir(), 'carryover-crash-'));
  const pair = generateConfigurationPair({ seed: options.seed, files: options.files });
  const source = path.join(root, 'source');
  const pristine = path.join(root, 'pristine', 'target');
  await writeConfiguration(source, pair.source, pair.sourceMeta);
  await writeConfiguration(pristine, pair.target, pair.targetMeta);
  await addDotEntries(pristine);
  // Formatting the tool would not write: a BOM, CRLF, no indentation.
  const paths = Object.keys(pair.target).sort();
  for (const [i, relative] of paths.entries()) {
    if (i % 7 !== 0) continue;
    const file = path.join(pristine, ...relative.split('/'));
    const text = JSON.stringify(pair.target[relative]);
    await writeFile(file, i % 14 === 0 ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/,/g, ',\r\n'))]) : text);
  }
  const parent = path.join(root, 'work');
  const target = path.join(parent, 'target');
  await mkdir(parent);
  await cp(pristine, target, { recursive: true, verbatimSymlinks: true });
  return { root, source, parent, target, pristine };
}

const syncArgs = (w: Workspace) => ['sync', '--in-place', '--source', w.source, '--target', w.target, '--answer', 'keep'];
const analyzeArgs = (w: Workspace) => ['analyze', '--source', w.source, '--target', w.target, '--format', 'json', '--output', path.join(w.root, 'plan.json')];

function sameMap(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

function difference(a: Map<string, string>, b: Map<string, string>): string {
  const keys = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
  return `${keys.length} entries differ: ${keys.slice(0, 8).join(', ')}`;
}

const LAST_SYNC = '.carryover/last-sync.json';

function withoutRecord(snapshot: Map<string, string>): Map<string, string> {
  const copy = new Map(snapshot);
  copy.delete(LAST_SYNC);
  // The record of the commit that undo reads (docs/utilities.md) names the backup and the time too.
  copy.delete('.carryover/last-commit.json');
  copy.delete('.carryover/history.json');
  // `.carryover` exists only for the record; a Target that had none gets the folder with it.
  if (![...copy.keys()].some((k) => k.startsWith('.carryover/'))) copy.delete('.carryover');
  return copy;
}

/** Starts the real command; resolves when it exits (or was killed). */
function start(argv: string[]): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, ...argv], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  return { child, done };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What is next to the Target: journal phase, lock, and carryover's hidden siblings. */
async function siblings(w: Workspace): Promise<{ phase: string; hidden: string[]; backups: string[] }> {
  const entries = await readdir(w.parent);
  const hidden = entries.filter((e) => e.startsWith('.'));
  const backups = entries.filter((e) => /^target\.backup-/.test(e)).sort();
  let phase = 'before-lock';
  if (entries.includes('.target.carryover-lock')) phase = 'locked';
  if (entries.includes('.target.carryover-journal.json')) {
    try {
      phase = (JSON.parse(await readFile(path.join(w.parent, '.target.carryover-journal.json'), 'utf8')) as { phase: string }).phase;
    } catch {
      phase = 'journal-unreadable';
    }
  }
  return { phase, hidden, backups };
}

/** Kills the command at `delayMs` after it starts, or `afterJournal` ms after its journal appears. */
async function killAt(argv: string[], w: Workspace, when: { delayMs: number } | { afterJournalMs: number }): Promise<{ finished: boolean; code: number | null; stderr: string }> {
  const run = start(argv);
  let exited = false;
  void run.done.then(() => (exited = true));
  if ('delayMs' in when) {
    await sleep(when.delayMs);
  } else {
    const journal = path.join(w.parent, '.target.carryover-journal.json');
    const deadline = Date.now() + 120_000;
    while (!exited && !existsSync(journal) && Date.now() < deadline) await sleep(1);
    if (!exited) await sleep(when.afterJournalMs);
  }
  if (!exited) run.child.kill('SIGKILL');
  const result = await run.done;
  return { finished: result.signal === null, code: result.code, stderr: result.stderr };
}

/** Runs the harness; never throws for a broken guarantee (see `violations`). */
export async function runCrashHarness(options: CrashOptions): Promise<CrashFigures> {
  const began = Date.now();
  const random = seededRandom(options.seed);
  const w = await prepare(options);
  const figures: CrashFigures = {
    runs: options.runs,
    files: options.files,
    seed: options.seed,
    syncMs: 0,
    killedAt: {},
    finishedBeforeKill: 0,
    old: 0,
    new: 0,
    rollbackKills: 0,
    rollbackOld: 0,
    rollbackNew: 0,
    backupsChecked: 0,
    rollbacksVerified: 0,
    recoveryNotes: 0,
    violations: [],
    elapsedMs: 0,
  };
  const violation = (run: number, what: string) => {
    figures.violations.push(`run ${run}: ${what}`);
    options.log?.(`VIOLATION run ${run}: ${what}`);
  };
  try {
    const oldSnapshot = await snapshotTree(w.target);

    // The new Target, from one uninterrupted sync of a copy (three, to calibrate the kill delays).
    const reference: Workspace = { ...w, parent: path.join(w.root, 'reference'), target: path.join(w.root, 'reference', 'target') };
    let newSnapshot = new Map<string, string>();
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await rm(reference.parent, { recursive: true, force: true });
      await mkdir(reference.parent);
      await cp(w.pristine, reference.target, { recursive: true, verbatimSymlinks: true });
      const t0 = Date.now();
      const result = await runCli(syncArgs(reference));
      times.push(Date.now() - t0);
      if (result.code !== 0) throw new Error(`the reference sync failed (exit ${result.code}): ${result.stderr}`);
      newSnapshot = withoutRecord(await snapshotTree(reference.target));
    }
    await rm(reference.parent, { recursive: true, force: true });
    figures.syncMs = times.sort((a, b) => a - b)[1];
    if (sameMap(newSnapshot, withoutRecord(oldSnapshot))) throw new Error('the generated sync changes nothing: the harness would prove nothing');

    /** Recovers with the next command and classifies the Target: old, new, or a violation. */
    const recoverAndClassify = async (run: number, what: string): Promise<'old' | 'new' | 'broken'> => {
      const next = await runCli(analyzeArgs(w));
      if (next.code !== 0) {
        violation(run, `${what}: the next command (analyze) exited ${next.code}: ${next.stderr}`);
        return 'broken';
      }
      figures.recoveryNotes += next.stderr.split('\n').filter((l) => /Removed|left over|Undid|Finished|stale lock/.test(l)).length;
      const after = await siblings(w);
      // Nothing of carryover's may be left next to the Target but a reported old Target.
      for (const name of after.hidden) {
        const reported = /carryover-old-/.test(name) && next.stderr.includes(name);
        if (!reported) violation(run, `${what}: ${name} left next to the Target after recovery`);
      }
      if (!existsSync(w.target)) {
        violation(run, `${what}: no Target after recovery`);
        return 'broken';
      }
      const snapshot = await snapshotTree(w.target);
      if (sameMap(snapshot, oldSnapshot)) return 'old';
      if (sameMap(withoutRecord(snapshot), newSnapshot)) {
        const record = JSON.parse(await readFile(path.join(w.target, ...LAST_SYNC.split('/')), 'utf8')) as { backup: string };
        if (!existsSync(path.join(record.backup, BACKUP_MARKER))) violation(run, `${what}: the new Target names a backup without its marker: ${record.backup}`);
        return 'new';
      }
      violation(run, `${what}: the Target is neither the old nor the new one (${difference(withoutRecord(snapshot), newSnapshot)}; against the old: ${difference(snapshot, oldSnapshot)})`);
      return 'broken';
    };

    /** Every backup next to the Target is complete and holds exactly the old Target; removes them (but `keep`). */
    const checkBackups = async (run: number, keep: string | null): Promise<void> => {
      for (const name of (await siblings(w)).backups) {
        const dir = path.join(w.parent, name);
        if (!existsSync(path.join(dir, BACKUP_MARKER))) violation(run, `backup ${name} has no completion marker`);
        const snapshot = await snapshotTree(dir);
        snapshot.delete(BACKUP_MARKER);
        if (!sameMap(snapshot, oldSnapshot)) violation(run, `backup ${name} is not the old Target: ${difference(snapshot, oldSnapshot)}`);
        figures.backupsChecked++;
        if (dir !== keep) await rm(dir, { recursive: true, force: true });
      }
    };

    /** Restores the Target (killing rollback at random moments first, sometimes) and checks it is the original. */
    const rollBack = async (run: number): Promise<void> => {
      while (random() < 0.35) {
        figures.rollbackKills++;
        const kill = await killAt(['rollback', '--target', w.target], w, { delayMs: random() * figures.syncMs * 0.9 });
        if (kill.finished && kill.code !== 0) violation(run, `rollback exited ${kill.code}: ${kill.stderr}`);
        const state = await recoverAndClassify(run, 'killed rollback');
        if (state === 'old') {
          figures.rollbackOld++;
          return;
        }
        if (state === 'new') figures.rollbackNew++;
        else return;
      }
      const result = await runCli(['rollback', '--target', w.target]);
      if (result.code !== 0) {
        violation(run, `rollback exited ${result.code}: ${result.stderr}`);
        return;
      }
      const restored = await snapshotTree(w.target);
      if (sameMap(restored, oldSnapshot)) figures.rollbacksVerified++;
      else violation(run, `rollback did not restore the original byte for byte: ${difference(restored, oldSnapshot)}`);
    };

    for (let run = 1; run <= options.runs; run++) {
      // Half the kills at any moment of the whole run, half after the journal appears (the write).
      const when = random() < 0.5 ? { delayMs: random() * figures.syncMs * 1.1 } : { afterJournalMs: random() * figures.syncMs * 0.6 };
      const kill = await killAt(syncArgs(w), w, when);
      const at = kill.finished ? 'finished' : (await siblings(w)).phase;
      figures.killedAt[at] = (figures.killedAt[at] ?? 0) + 1;
      if (kill.finished) {
        figures.finishedBeforeKill++;
        if (kill.code !== 0) violation(run, `sync exited ${kill.code}: ${kill.stderr}`);
      }
      const state = await recoverAndClassify(run, `sync killed at ${at}`);
      if (state === 'broken') break;
      figures[state]++;
      let keep: string | null = null;
      if (state === 'new') keep = (JSON.parse(await readFile(path.join(w.target, ...LAST_SYNC.split('/')), 'utf8')) as { backup: string }).backup;
      await checkBackups(run, keep);
      if (state === 'new') {
        await rollBack(run);
        await checkBackups(run, null);
      }
      // Start the next run from the original, whatever happened.
      if (!sameMap(await snapshotTree(w.target), oldSnapshot)) {
        await rm(w.target, { recursive: true, force: true });
        await cp(w.pristine, w.target, { recursive: true, verbatimSymlinks: true });
      }
      options.log?.(`run ${run}/${options.runs}: killed at ${at}, recovered to the ${state} Target`);
    }
  } finally {
    figures.elapsedMs = Date.now() - began;
    await rm(w.root, { recursive: true, force: true });
  }
  return figures;
}
