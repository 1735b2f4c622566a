import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { JsonObject } from '../../core/json.js';
import type { ConfigurationMeta } from '../../core/model.js';
import { main } from '../../core/node/cli.js';

/** The repository root. */
export const REPO = path.resolve(import.meta.dirname, '..', '..');

/** The CLI launcher (runs the build of core/node/cli.ts: `npx tsc -b core/node`). */
export const BIN = path.join(REPO, 'bin', 'carryover.mjs');

/** The newest modification time of the non-test TypeScript sources below `dir`. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** Builds the CLI (`tsc -b core/node`) when its build is missing or older than core's sources, so spawned runs test this code. */
export function ensureCliBuilt(): void {
  const entry = path.join(REPO, 'build', 'core', 'node', 'cli.js');
  // tsc -b rewrites only outputs that changed; its build info says when it last checked.
  const info = path.join(REPO, 'build', 'tsbuildinfo', 'core-node.tsbuildinfo');
  const built = existsSync(entry) && existsSync(info) ? Math.max(statSync(entry).mtimeMs, statSync(info).mtimeMs) : 0;
  if (built >= newestSource(path.join(REPO, 'core'))) return;
  const result = spawnSync(path.join(REPO, 'node_modules', '.bin', 'tsc'), ['-b', 'core/node'], { cwd: REPO, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the CLI failed:\n${result.stdout}${result.stderr}`);
}

/** Writes a configuration folder: `configuration.json` and every document, two-space JSON as the tool writes. */
export async function writeConfiguration(dir: string, files: Record<string, JsonObject>, meta: Partial<ConfigurationMeta> = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'configuration.json'), JSON.stringify({ format: 'carryover/1', name: 'test', ...meta }, null, 2) + '\n');
  const folders = new Set<string>();
  for (const relative of Object.keys(files)) folders.add(path.dirname(path.join(dir, ...relative.split('/'))));
  for (const folder of [...folders].sort()) await mkdir(folder, { recursive: true });
  await Promise.all(Object.entries(files).map(([relative, doc]) => writeFile(path.join(dir, ...relative.split('/')), JSON.stringify(doc, null, 2) + '\n')));
}

/** What one run of the CLI did. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `carryover` in this process (fast), non-interactive. */
export async function runInProcess(argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), interactive: false });
  return { code, stdout, stderr };
}

/** Runs the real `carryover` command in a child process. */
export function runCli(argv: string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliRun & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: options.cwd ?? REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, signal, stdout, stderr });
    });
  });
}

/**
 * What a user must see for bad input (docs/cli.md, "Exit codes"; docs/configuration.md, "Invalid
 * input"): every line of standard error is one `carryover: ...` problem, and nothing looks like a
 * stack trace or an internal error. Returns what is wrong, or `null`.
 */
export function badErrorOutput(stderr: string): string | null {
  if (/internal error|\n\s+at [^\n]*[:(]|^\s+at /m.test(stderr)) return `a stack trace or an internal error:\n${stderr}`;
  const lines = stderr.split('\n').filter((line) => line !== '');
  const stray = lines.find((line) => !line.startsWith('carryover: '));
  if (stray !== undefined) return `a line that is not one problem (${JSON.stringify(stray)}) in:\n${stderr}`;
  return null;
}
