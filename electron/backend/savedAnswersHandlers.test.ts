import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultOptions } from '../../core/options.js';
import { promptValuesKey } from '../../core/promptKey.js';
import type { AnswerMap } from '../contract.js';
import { hasUnsavedWork, mayCloseWindow } from './savedAnswersHandlers.js';
import type { Session } from './session.js';
import { call, cleanUp, ok, sampleCopy, SAMPLE, settle, testSession } from './testing.js';

afterEach(cleanUp);

/** Opens the pair in a new session (a reload, a crash, the next day), as web mode picks folders. */
async function open(copy: { source: string; target: string }): Promise<Session> {
  const session = testSession();
  await ok(session, 'folders:pick', { purpose: 'source', path: copy.source });
  await ok(session, 'folders:pick', { purpose: 'target', path: copy.target });
  await ok(session, 'configurations:open', { source: copy.source, target: copy.target });
  return session;
}

async function analyze(session: Session) {
  const { jobId } = await ok(session, 'analysis:start', { options: defaultOptions(), allowDestructive: false });
  expect((await settle(session, jobId)).state).toBe('done');
  return ok(session, 'analysis:result', { jobId });
}

const sessionFile = (target: string) => path.join(target, '.carryover', 'answers.json');
const readSaved = async (target: string) => JSON.parse(await readFile(sessionFile(target), 'utf8')) as { answers: AnswerMap; values: Record<string, string> };
const PAGE_SIZE = 'form:Vendors@group:Purchasing/variables/PageSize';

describe('saved answers', () => {
  it('saves the answers with the key of each prompt\'s values, and offers them to the next session', async () => {
    const copy = await sampleCopy();
    const first = await open(copy);
    expect(await ok(first, 'answers:saved', {})).toEqual({ file: sessionFile(copy.target), count: 0 });
    const analysis = await analyze(first);
    const [a, b] = analysis.prompts;
    const saved = await ok(first, 'answers:save', { answers: { [a!.id]: 'keep', [b!.id]: 'keep' } });
    expect(saved).toEqual({ file: sessionFile(copy.target), saved: true, problem: null });
    const file = await readSaved(copy.target);
    expect(file.answers).toEqual({ [a!.id]: 'keep', [b!.id]: 'keep' });
    expect(file.values).toEqual({ [a!.id]: promptValuesKey(a!), [b!.id]: promptValuesKey(b!) });

    const next = await open(copy);
    expect((await ok(next, 'answers:saved', {})).count).toBe(2);
  });

  it('resumes the answers whose prompt kept its values, lists the stale ones and keeps them in the file', async () => {
    const copy = await sampleCopy();
    const first = await open(copy);
    const analysis = await analyze(first);
    const other = analysis.prompts.find((p) => p.id !== PAGE_SIZE)!;
    await ok(first, 'answers:save', { answers: { [PAGE_SIZE]: 'keep', [other.id]: 'replace' } });

    // Between the sessions, the Target's customized PageSize changes.
    const vendors = path.join(copy.target, 'groups', 'Purchasing', 'forms', 'Vendors.json');
    await writeFile(vendors, (await readFile(vendors, 'utf8')).replace('"PageSize": "25"', '"PageSize": "30"'));
    const next = await open(copy);
    expect(await call(next, 'answers:resume', {})).toMatchObject({ ok: false, error: { code: 'no-analysis' } });
    await analyze(next);
    const resumed = await ok(next, 'answers:resume', {});
    expect(resumed).toEqual({ applied: { [other.id]: 'replace' }, stale: [PAGE_SIZE], unknown: [] });
    // A save of the answers applied keeps the stale one in the file, with its old key.
    const before = (await readSaved(copy.target)).values[PAGE_SIZE];
    await ok(next, 'answers:save', { answers: resumed.applied });
    const file = await readSaved(copy.target);
    expect(Object.keys(file.answers)).toEqual([other.id, PAGE_SIZE]);
    expect(file.values[PAGE_SIZE]).toBe(before);
  });

  it('keeps the answers of a session given up aside, never deleting them', async () => {
    const copy = await sampleCopy();
    const first = await open(copy);
    const analysis = await analyze(first);
    await ok(first, 'answers:save', { answers: { [analysis.prompts[0]!.id]: 'keep' } });
    const next = await open(copy);
    const { keptAs } = await ok(next, 'answers:discard', {});
    expect(path.basename(keptAs ?? '')).toMatch(/^answers\.discarded-\d{8}T\d{6}Z\.json$/);
    expect(JSON.parse(await readFile(keptAs!, 'utf8'))).toMatchObject({ answers: { [analysis.prompts[0]!.id]: 'keep' } });
    expect((await ok(next, 'answers:saved', {})).count).toBe(0);
  });

  it('saves the answers given while the offer is pending together with the saved ones', async () => {
    const copy = await sampleCopy();
    const first = await open(copy);
    const [a, b] = (await analyze(first)).prompts;
    await ok(first, 'answers:save', { answers: { [a!.id]: 'keep' } });
    const next = await open(copy);
    await ok(next, 'answers:saved', {});
    await analyze(next);
    await ok(next, 'answers:save', { answers: { [b!.id]: 'replace' } });
    expect((await readSaved(copy.target)).answers).toEqual({ [b!.id]: 'replace', [a!.id]: 'keep' });
  });

  it('keeps the answers given before a new analysis in the file, and offers them again', async () => {
    const copy = await sampleCopy();
    const session = await open(copy);
    const [a, b, c] = (await analyze(session)).prompts;
    await ok(session, 'answers:save', { answers: { [a!.id]: 'keep', [b!.id]: 'keep' } });
    // Analyzing again (other options, say) starts the app's answers afresh; the file keeps them.
    await analyze(session);
    await ok(session, 'answers:save', { answers: { [c!.id]: 'replace' } });
    expect((await readSaved(copy.target)).answers).toEqual({ [c!.id]: 'replace', [a!.id]: 'keep', [b!.id]: 'keep' });
    expect((await ok(session, 'answers:saved', {})).count).toBe(3);
  });

  it('retires the session file to last-answers.json after a commit, and saves nothing more for that analysis', async () => {
    const copy = await sampleCopy();
    const session = await open(copy);
    await analyze(session);
    const answers = (JSON.parse(await readFile(path.join(SAMPLE, 'answers.json'), 'utf8')) as { answers: AnswerMap }).answers;
    await ok(session, 'answers:save', { answers });
    const out = path.join(copy.dir, 'out');
    await ok(session, 'folders:pick', { purpose: 'output', path: out });
    const { jobId } = await ok(session, 'commit:start', { target: { mode: 'new-folder', outDir: out }, answers, allowDestructive: false });
    expect((await settle(session, jobId)).state).toBe('done');
    const records = await readdir(path.join(copy.target, '.carryover'));
    expect(records).toContain('last-answers.json');
    expect(records).not.toContain('answers.json');
    await ok(session, 'answers:save', { answers });
    expect(await readdir(path.join(copy.target, '.carryover'))).not.toContain('answers.json');
  });

  it('says why the answers cannot be saved when the Target cannot be written', async () => {
    const copy = await sampleCopy();
    // A file where the .carryover folder should be: nothing can be written there, even as root.
    await writeFile(path.join(copy.target, '.carryover'), 'not a folder');
    const session = await open(copy);
    const analysis = await analyze(session);
    const result = await ok(session, 'answers:save', { answers: { [analysis.prompts[0]!.id]: 'keep' } });
    expect(result.saved).toBe(false);
    expect(result.problem).toContain('cannot be saved in');
  });

  it('refuses to resume or save over a session file that breaks the format, naming the file and the pointer', async () => {
    const copy = await sampleCopy();
    const first = await open(copy);
    await analyze(first);
    await ok(first, 'answers:save', { answers: { x: 'keep' } });
    await writeFile(sessionFile(copy.target), '{"answers": {"x": "maybe"}}');
    const next = await open(copy);
    const result = await call(next, 'answers:saved', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-answers', problems: [{ side: 'answers', file: sessionFile(copy.target), pointer: '/answers/x' }] } });
    await analyze(next);
    expect((await ok(next, 'answers:save', { answers: {} })).saved).toBe(false);
    expect(await readFile(sessionFile(copy.target), 'utf8')).toBe('{"answers": {"x": "maybe"}}');
  });
});

describe('mayCloseWindow', () => {
  it('closes without asking when nothing is unsaved, and asks when the renderer reports unsaved work', async () => {
    const session = testSession();
    const asked: string[] = [];
    const confirm = (answer: boolean) => (message: string) => (asked.push(message), answer);
    expect(mayCloseWindow(session, confirm(false))).toBe(true);
    expect(asked).toEqual([]);
    await ok(session, 'app:unsaved', { unsaved: true });
    expect(hasUnsavedWork(session)).toBe(true);
    expect(mayCloseWindow(session, confirm(false))).toBe(false);
    expect(mayCloseWindow(session, confirm(true))).toBe(true);
    expect(asked).toHaveLength(2);
    await ok(session, 'app:unsaved', { unsaved: false });
    expect(mayCloseWindow(session, confirm(false))).toBe(true);
  });
});
