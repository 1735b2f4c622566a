import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import type { OutputFile, OutputPlan } from '../../analysis.js';
import { serializeDocument } from '../../serialize.js';
import { sha256 } from './snapshotTree.js';

const BOM = '\uFEFF';

/** Source and Target configurations (with dot-entries) in a fresh temporary folder, and a plan merging them. */
export interface SyncFixture {
  /** The temporary folder holding everything. */
  root: string;
  source: string;
  /** `<root>/work/target`: its parent `work` holds only what carryover puts next to it. */
  target: string;
  /** The Target's parent folder. */
  work: string;
  plan: OutputPlan;
}

async function put(root: string, relative: string, content: string | Uint8Array): Promise<void> {
  const file = path.join(root, ...relative.split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/**
 * Builds a small but complete case: unchanged Target files (one with a byte-order mark, one with
 * CRLF), Source files, changed and new documents, deleted versions, and dot-entries at the root
 * (`.git` with a binary object, an empty folder and a symbolic link; `.carryover`) and deeper
 * (`site/forms/.gitkeep`, and `users/Bob/.notes` in a folder whose versions are all deleted).
 */
export async function makeSyncFixture(): Promise<SyncFixture> {
  const root = await mkdtemp(path.join(tmpdir(), 'carryover-write-'));
  const source = path.join(root, 'source');
  const work = path.join(root, 'work');
  const target = path.join(work, 'target');

  await put(source, 'configuration.json', '{"format": "carryover/1", "name": "Vendor 11"}\n');
  await put(source, 'vendor/forms/Customers.json', '{"name": "Customers", "attributes": {"caption": "Customers 11"}}\n');
  await put(source, 'vendor/forms/Invoices.json', BOM + '{"name": "Invoices"}\n');

  await put(target, 'configuration.json', BOM + '{ "format": "carryover/1", "name": "Production" }\n');
  await put(target, 'vendor/forms/Customers.json', BOM + '{"name": "Customers", "attributes": {"caption": "Customers 10"}}\n');
  await put(target, 'vendor/forms/Orders.json', '{\r\n  "name": "Orders"\r\n}\r\n');
  await put(target, 'site/forms/Customers.json', '{"name": "Customers", "attributes": {"caption": "Kunden"}}\n');
  await put(target, 'site/forms/.gitkeep', '');
  await put(target, 'users/Bob/forms/Customers.json', '{"name": "Customers", "attributes": {"width": 3}}\n');
  await put(target, 'users/Bob/runtime/Customers.json', '{"name": "Customers", "attributes": {"width": 110}}\n');
  await put(target, 'users/Bob/.notes', 'Bob keeps notes here\n');
  await put(target, '.git/HEAD', 'ref: refs/heads/main\n');
  await put(target, '.git/objects/ab/cdef0123', new Uint8Array([0x78, 0x01, 0x00, 0xff, 0xfe, 0x0d, 0x0a]));
  await mkdir(path.join(target, '.git/refs/heads'), { recursive: true });
  await symlink('../HEAD', path.join(target, '.git/objects/head-link'));
  await put(target, '.carryover/notes.txt', 'synchronized by hand once\n');

  const plan: OutputPlan = new Map<string, OutputFile>([
    ['configuration.json', { kind: 'target' }],
    ['vendor/forms/Customers.json', { kind: 'source' }],
    ['vendor/forms/Invoices.json', { kind: 'source' }],
    ['vendor/forms/Orders.json', { kind: 'target' }],
    [
      'site/forms/Customers.json',
      { kind: 'write', doc: { attributes: { caption: 'Kunden', width: 1.0 }, name: 'Customers', script: 'Sub Main()\r\nEnd Sub\r\n' } },
    ],
    ['site/forms/Invoices.json', { kind: 'write', doc: { name: 'Invoices', attributes: { caption: 'Rechnungen' } } }],
  ]);
  return { root, source, target, work, plan };
}

/** Where the record of the last in-place sync is, relative to the Target. */
export const LAST_SYNC = '.carryover/last-sync.json';

/** True when a path has a segment starting with a dot (not part of a configuration). */
export function isDotPath(relative: string): boolean {
  return relative.split('/').some((segment) => segment.startsWith('.'));
}

/** Where the history of in-place syncs is, relative to the Target. */
export const HISTORY = '.carryover/history.json';

/** The snapshot without the records of in-place syncs (which name per-run backup paths). */
export function withoutLastSync(snapshot: Map<string, string>): Map<string, string> {
  const copy = new Map(snapshot);
  copy.delete(LAST_SYNC);
  copy.delete(HISTORY);
  return copy;
}

/**
 * The snapshot (see `snapshotTree`) the plan should produce, computed independently of the code
 * under test: each plan path's expected bytes, plus, when `oldTarget` is given, the Target's
 * dot-entries, with every folder that holds something. The record of the last sync is not included.
 */
export async function expectedSnapshot(fixture: SyncFixture, oldTarget?: Map<string, string>): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  for (const [relative, file] of fixture.plan) {
    const bytes =
      file.kind === 'write'
        ? Buffer.from(serializeDocument(file.doc), 'utf8')
        : await readFile(path.join(file.kind === 'target' ? fixture.target : fixture.source, ...relative.split('/')));
    entries.set(relative, sha256(bytes));
  }
  for (const [relative, hash] of oldTarget ?? []) {
    if (isDotPath(relative) && relative !== LAST_SYNC && relative !== HISTORY) entries.set(relative, hash);
  }
  for (const relative of [...entries.keys()]) {
    const segments = relative.split('/');
    for (let i = 1; i < segments.length; i++) entries.set(segments.slice(0, i).join('/'), 'dir');
  }
  return new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The pid of a process that has exited (for a stale lock). */
export function deadPid(): number {
  // `true` starts far faster than another Node.js; Windows has no such program.
  const child = process.platform === 'win32' ? spawnSync(process.execPath, ['-e', '']) : spawnSync('true');
  if (child.pid === undefined) throw new Error('could not start a process');
  return child.pid;
}

/** A lock file's content, as another (possibly dead) carryover process would have written it. */
export function lockRecord(pid: number, options: { host?: string; processStart?: string | null } = {}): string {
  return JSON.stringify({
    format: 'carryover-lock/1',
    pid,
    hostname: options.host ?? hostname(),
    startedAt: '2024-05-01T10:00:00.000Z',
    command: 'sync',
    token: 'feedfacefeedface',
    processStart: options.processStart ?? null,
  });
}
