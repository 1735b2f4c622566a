/** File-system helpers for the journeys: folder snapshots, temporary folders, the CLI. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './fixtures.js';

/** Every file under `dir` (relative path → SHA-256), dot-entries left out unless asked for. */
export function snapshot(dir: string, withDotEntries = false): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string, prefix: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (!withDotEntries && entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(full, relative);
      else files.set(relative, createHash('sha256').update(readFileSync(full)).digest('hex'));
    }
  };
  walk(dir, '');
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A new folder under the run's temporary folder (removed after the run unless CARRYOVER_E2E_KEEP=1). */
export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(process.env.CARRYOVER_E2E_TMP ?? os.tmpdir(), `${prefix}-`));
}

/** Runs the `carryover` CLI (the same core as the app); returns its exit code. */
export function carryover(args: readonly string[]): number {
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'carryover.mjs'), ...args], { cwd: ROOT, stdio: 'pipe' });
    return 0;
  } catch (error) {
    const e = error as { status?: number; stderr?: Buffer };
    if (typeof e.status === 'number') {
      process.stderr.write(e.stderr?.toString() ?? '');
      return e.status;
    }
    throw error;
  }
}

export function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** A snapshot without the Target's own `.carryover/` records (answers are saved there as they are given: docs/sessions.md). */
export function withoutRecords(files: Map<string, string>): Map<string, string> {
  return new Map([...files].filter(([file]) => !file.startsWith('.carryover/')));
}
