import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultOptions } from '../../core/options.js';
import type { AnswerMap, UtilityFilter } from '../contract.js';
import { call, cleanUp, ok, sampleCopy, SAMPLE, settle, testSession } from './testing.js';

afterEach(cleanUp);

const ANY: UtilityFilter = { kind: '', type: '', name: '', scope: '', scopeName: '' };

async function openedSample() {
  const session = testSession();
  const copy = await sampleCopy();
  await ok(session, 'folders:pick', { purpose: 'source', path: copy.source });
  await ok(session, 'folders:pick', { purpose: 'target', path: copy.target });
  await ok(session, 'configurations:open', { source: copy.source, target: copy.target });
  return { session, copy };
}

describe('utilities channels', () => {
  it('list and check the opened Target, and refuse a bad filter with the problem', async () => {
    const { session } = await openedSample();
    const listed = await ok(session, 'utilities:list', { side: 'target', filter: { ...ANY, scope: 'user', name: 'cust%' } });
    expect(listed.rows.map((r) => r.id)).toEqual(['form:CustomerLetters@user:B_Smith', 'form:Customers@user:B_Smith', 'form:Customers@user:C_Jones']);
    const checked = await ok(session, 'utilities:check', { side: 'target' });
    expect(checked.findings.map((f) => f.code)).toContain('broken-link');
    const bad = await call(session, 'utilities:list', { side: 'target', filter: { ...ANY, name: 'Cu*' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('the only wildcard is %') } });
  });

  it('removes only after confirmation, in place with a backup', async () => {
    const { session, copy } = await openedSample();
    const filter = { ...ANY, name: 'Items', scope: 'site' };
    const preview = await ok(session, 'utilities:remove', { filter, confirmed: false, allowDestructive: false });
    expect(preview).toEqual({ files: ['site/forms/Items.json'], backupDir: null });
    expect(existsSync(path.join(copy.target, 'site', 'forms', 'Items.json'))).toBe(true);
    const done = await ok(session, 'utilities:remove', { filter, confirmed: true, allowDestructive: false });
    expect(existsSync(path.join(copy.target, 'site', 'forms', 'Items.json'))).toBe(false);
    expect(existsSync(path.join(done.backupDir ?? '', 'site', 'forms', 'Items.json'))).toBe(true);
  });

  it('copies from the Source into the Target only once every different version is answered', async () => {
    const { session, copy } = await openedSample();
    await mkdir(path.join(copy.source, 'site', 'forms'), { recursive: true });
    await writeFile(path.join(copy.source, 'site', 'forms', 'Items.json'), JSON.stringify({ name: 'Items', attributes: { caption: 'From test' } }));
    const filter = { ...ANY, name: 'Items', scope: 'site' };
    const asked = await ok(session, 'utilities:copy', { filter, answers: {}, allowDestructive: false });
    expect(asked).toMatchObject({ open: ['form:Items@site'], backupDir: null });
    const replaced = await ok(session, 'utilities:copy', { filter, answers: { 'form:Items@site': 'replace' }, allowDestructive: false });
    expect(replaced.backupDir).not.toBeNull();
    expect(JSON.parse(await readFile(path.join(copy.target, 'site', 'forms', 'Items.json'), 'utf8'))).toEqual({ name: 'Items', attributes: { caption: 'From test' } });
  });
});

describe('commit:undo', () => {
  it('undoes one decision of the in-place commit and refuses it a second time', async () => {
    const { session, copy } = await openedSample();
    const options = JSON.parse(await readFile(path.join(SAMPLE, 'options.json'), 'utf8')) as ReturnType<typeof defaultOptions>;
    const answers = (JSON.parse(await readFile(path.join(SAMPLE, 'answers.json'), 'utf8')) as { answers: AnswerMap }).answers;
    const analysis = await ok(session, 'analysis:start', { options, allowDestructive: false });
    expect((await settle(session, analysis.jobId)).state).toBe('done');
    const started = await ok(session, 'commit:start', { target: { mode: 'in-place' }, answers, allowDestructive: false });
    expect((await settle(session, started.jobId)).state).toBe('done');
    const id = 'form:Items@site/components/Description/width';
    const undone = await ok(session, 'commit:undo', { decisionId: id });
    expect(undone.summary).toContain(id);
    const items = JSON.parse(await readFile(path.join(copy.target, 'site', 'forms', 'Items.json'), 'utf8')) as { components: { Description: { width: number } } };
    const original = JSON.parse(await readFile(path.join(SAMPLE, 'target', 'site', 'forms', 'Items.json'), 'utf8')) as typeof items;
    expect(items.components.Description.width).toBe(original.components.Description.width);
    expect(await call(session, 'commit:undo', { decisionId: id })).toMatchObject({ ok: false, error: { message: expect.stringContaining('already undone') } });
  });
});
