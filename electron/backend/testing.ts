/**
 * Test helpers for the API: a Session on a working copy of the bundled sample, run in process,
 * and a way to call a channel the way a transport does (untrusted payload in, Result out).
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inProcessRunner } from '../analysis/runSynchronize.js';
import type { Channel, JobStatus, RequestOf, ResponseOf, Result } from '../contract.js';
import { dispatch } from './handlers.js';
import { Session, type SessionOptions } from './session.js';

/** The repository root (fixtures/sample lives under it). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'sample');

/** Folders and sessions made by a test, removed by `cleanUp`. */
const made: string[] = [];
const sessions: Session[] = [];

export async function tempDir(prefix = 'carryover-api-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function cleanUp(): Promise<void> {
  // A store saves answers into the Target as they are given (docs/sessions.md): a save that ends
  // while its folder is removed makes `rm` meet a file it did not list, which a retry removes.
  await Promise.all([...sessions.splice(0).map((s) => s.dispose()), ...made.splice(0).map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }))]);
}

/** A copy of the sample's source and target in a fresh folder. */
export async function sampleCopy(): Promise<{ dir: string; source: string; target: string }> {
  const dir = await tempDir();
  const source = path.join(dir, 'source');
  const target = path.join(dir, 'target');
  await cp(path.join(SAMPLE, 'source'), source, { recursive: true });
  await cp(path.join(SAMPLE, 'target'), target, { recursive: true });
  return { dir, source, target };
}

export function testSession(options: Partial<SessionOptions> = {}): Session {
  const session = new Session({ mode: 'web', appRoot: REPO_ROOT, dataDir: null, runner: inProcessRunner(), ...options });
  sessions.push(session);
  return session;
}

/** Calls a channel with a typed request, through `dispatch` as both transports do. */
export async function call<C extends Channel>(session: Session, channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
  return (await dispatch(session, channel, request)) as Result<ResponseOf<C>>;
}

/** Like `call`, but fails the test on an error result. */
export async function ok<C extends Channel>(session: Session, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const result = await call(session, channel, request);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Waits for a job to leave the running state. */
export async function settle(session: Session, jobId: string): Promise<JobStatus> {
  for (;;) {
    const status = await ok(session, 'jobs:status', { jobId });
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
