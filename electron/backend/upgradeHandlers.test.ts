import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../core/node/cli.js';
import { defaultOptions } from '../../core/options.js';
import type { AnswerMap } from '../contract.js';
import { call, cleanUp, ok, sampleCopy, SAMPLE, settle, testSession } from './testing.js';

afterEach(cleanUp);

/** Every file under a folder (relative path → content), dot-entries left out. */
async function tree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = full.slice(dir.length + 1);
    if (entry.isFile() && !relative.split(path.sep).some((s) => s.startsWith('.'))) files.set(relative, await readFile(full, 'latin1'));
  }
  return files;
}

async function sampleAnswers(): Promise<AnswerMap> {
  return (JSON.parse(await readFile(path.join(SAMPLE, 'answers.json'), 'utf8')) as { answers: AnswerMap }).answers;
}

const quiet = { stdout: () => undefined, stderr: () => undefined, interactive: false };

/** A copy of the sample after phase 1 (`sync --in-place --answer defer`), opened in a session. */
async function afterPhase1() {
  const copy = await sampleCopy();
  const phase1 = await main(['sync', '--source', copy.source, '--target', copy.target, '--options', path.join(SAMPLE, 'options.json'), '--in-place', '--answer', 'defer'], quiet);
  expect(phase1).toBe(0);
  const session = testSession();
  await ok(session, 'folders:pick', { purpose: 'source', path: copy.source });
  await ok(session, 'folders:pick', { purpose: 'target', path: copy.target });
  const pair = await ok(session, 'configurations:open', { source: copy.source, target: copy.target });
  return { session, copy, pair };
}

describe('upgrade:open and completing an upgrade', () => {
  it('offers the pending prompts of a Target on open, with their original three values', async () => {
    const { session, pair } = await afterPhase1();
    expect(pair.pending).toMatchObject({ prompts: 8, versions: 8 });
    const analysis = await ok(session, 'upgrade:open', {});
    expect(analysis.prompts).toHaveLength(8);
    const script = analysis.prompts.find((p) => p.id === 'form:Invoices@site/script');
    expect(script?.texts).toBeDefined();
    expect(script?.targetBase).toBe(JSON.parse(await readFile(path.join(SAMPLE, 'target', 'vendor', 'forms', 'Invoices.json'), 'utf8')).script);
    const detail = await ok(session, 'analysis:version', { versionId: 'form:Invoices@site' });
    expect(detail.targetBase).toEqual(JSON.parse(await readFile(path.join(SAMPLE, 'target', 'vendor', 'forms', 'Invoices.json'), 'utf8')));
    expect(detail.sourceBase).toEqual(JSON.parse(await readFile(path.join(SAMPLE, 'source', 'vendor', 'forms', 'Invoices.json'), 'utf8')));
  });

  it('commits in place what carryover resume commits, and rolls back to the pending state', async () => {
    const { session, copy } = await afterPhase1();
    const cliCopy = await sampleCopy();
    expect(await main(['sync', '--source', cliCopy.source, '--target', cliCopy.target, '--options', path.join(SAMPLE, 'options.json'), '--in-place', '--answer', 'defer'], quiet)).toBe(0);
    expect(await main(['resume', '--target', cliCopy.target, '--answers', path.join(SAMPLE, 'answers.json')], quiet)).toBe(0);

    const pendingBefore = await readFile(path.join(copy.target, '.carryover', 'pending', 'pending.json'), 'utf8');
    await ok(session, 'upgrade:open', {});
    const unanswered = await ok(session, 'commit:start', { target: { mode: 'in-place' }, answers: {}, allowDestructive: false });
    expect(await settle(session, unanswered.jobId)).toMatchObject({ state: 'failed', error: { code: 'unanswered-prompts' } });
    const { jobId } = await ok(session, 'commit:start', { target: { mode: 'in-place' }, answers: await sampleAnswers(), allowDestructive: false });
    expect(await settle(session, jobId)).toMatchObject({ state: 'done' });
    const outcome = await ok(session, 'commit:result', { jobId });
    expect(outcome.summary.prompts).toBe(8);
    expect(await tree(copy.target)).toEqual(await tree(cliCopy.target));
    expect(existsSync(path.join(copy.target, '.carryover', 'pending'))).toBe(false);

    await ok(session, 'commit:rollback', {});
    expect(await readFile(path.join(copy.target, '.carryover', 'pending', 'pending.json'), 'utf8')).toBe(pendingBefore);
  });

  it('refuses a normal commit on a Target with pending prompts, and names versions changed by hand', async () => {
    const { session, copy } = await afterPhase1();
    const { jobId } = await ok(session, 'analysis:start', { options: defaultOptions(), allowDestructive: false });
    expect((await settle(session, jobId)).state).toBe('done');
    const refused = await call(session, 'commit:start', { target: { mode: 'in-place' }, answers: await sampleAnswers(), allowDestructive: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('complete the upgrade first') } });

    const file = path.join(copy.target, 'site', 'forms', 'Invoices.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { script: string };
    await writeFile(file, JSON.stringify({ ...doc, script: `${doc.script}' by hand\r\n` }, null, 2));
    const changed = await call(session, 'upgrade:open', {});
    expect(changed).toMatchObject({ ok: false, error: { code: 'invalid-configuration', message: expect.stringContaining('form:Invoices@site') } });
  });
});
