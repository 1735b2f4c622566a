import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultOptions } from '../../core/options.js';
import type { AnswerMap } from '../contract.js';
import { inProcessRunner } from '../analysis/runSynchronize.js';
import { dispatch } from './handlers.js';
import { call, cleanUp, ok, sampleCopy, SAMPLE, settle, tempDir, testSession } from './testing.js';

afterEach(cleanUp);

/** Every file under a folder (relative path → content), dot-entries left out. */
async function tree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (d: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(full, relative);
      else files.set(relative, await readFile(full, 'latin1'));
    }
  };
  await walk(dir, '');
  return files;
}

async function sampleAnswers(): Promise<AnswerMap> {
  return (JSON.parse(await readFile(path.join(SAMPLE, 'answers.json'), 'utf8')) as { answers: AnswerMap }).answers;
}

/** Opens a copy of the sample through the web-mode pick, and analyzes it with default options. */
async function analyzedSample() {
  const session = testSession();
  const copy = await sampleCopy();
  await ok(session, 'folders:pick', { purpose: 'source', path: copy.source });
  await ok(session, 'folders:pick', { purpose: 'target', path: copy.target });
  await ok(session, 'configurations:open', { source: copy.source, target: copy.target });
  const { jobId } = await ok(session, 'analysis:start', { options: defaultOptions(), allowDestructive: false });
  expect((await settle(session, jobId)).state).toBe('done');
  const analysis = await ok(session, 'analysis:result', { jobId });
  return { session, copy, analysis };
}

describe('dispatch', () => {
  it('refuses an unknown channel without throwing', async () => {
    const result = await dispatch(testSession(), 'fs:readFile', { path: '/etc/passwd' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('refuses malformed payloads with invalid-request', async () => {
    const session = testSession();
    for (const [channel, payload] of [
      ['configurations:open', { source: 42, target: '/x' }],
      ['configurations:open', { source: '/a' }],
      ['configurations:open', { source: '/a', target: '/b', extra: true }],
      ['folders:pick', { purpose: 'everything', path: '/' }],
      ['folders:pick', { purpose: 'source', path: 'a\0b' }],
      ['analysis:start', { options: 'all', allowDestructive: false }],
      ['commit:start', { target: { mode: 'in-place' }, answers: { x: 'maybe' }, allowDestructive: false }],
      ['commit:start', { target: { mode: 'new-folder' }, answers: {}, allowDestructive: false }],
      ['jobs:status', { jobId: '../../etc' }],
      ['report:export', { format: 'pdf', answers: {} }],
      ['app:info', 'hello'],
      ['app:info', null],
    ] as const) {
      const result = await dispatch(session, channel, payload);
      expect(result, `${channel} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
  });

  it('refuses options that break the options format, with their problems', async () => {
    const session = testSession();
    const copy = await sampleCopy();
    await ok(session, 'folders:pick', { purpose: 'source', path: copy.source });
    await ok(session, 'folders:pick', { purpose: 'target', path: copy.target });
    await ok(session, 'configurations:open', { source: copy.source, target: copy.target });
    const bad = { ...defaultOptions(), forms: { ...defaultOptions().forms, mode: 'obliterate' } };
    const result = await dispatch(session, 'analysis:start', { options: bad, allowDestructive: false });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-options' } });
    if (!result.ok) expect(result.error.problems?.[0]).toMatchObject({ side: 'options', pointer: '/forms/mode' });
  });
});

describe('app:info', () => {
  it('asks the first page load only to open the sample on start', async () => {
    const session = testSession({ openSampleOnStart: true });
    expect(await ok(session, 'app:info', {})).toMatchObject({ mode: 'web', nativeDialogs: false, openSampleOnStart: true });
    expect(await ok(session, 'app:info', {})).toMatchObject({ openSampleOnStart: false });
  });
});

describe('folders', () => {
  it('picks only folders that fit their purpose', async () => {
    const session = testSession();
    const dir = await tempDir();
    await writeFile(path.join(dir, 'file.txt'), 'x');
    await mkdir(path.join(dir, 'full'));
    await writeFile(path.join(dir, 'full', 'a.json'), '{}');
    expect(await call(session, 'folders:pick', { purpose: 'source', path: path.join(dir, 'missing') })).toMatchObject({ ok: false });
    expect(await call(session, 'folders:pick', { purpose: 'target', path: path.join(dir, 'file.txt') })).toMatchObject({ ok: false });
    expect(await call(session, 'folders:pick', { purpose: 'output', path: path.join(dir, 'full') })).toMatchObject({ ok: false });
    expect(await call(session, 'folders:pick', { purpose: 'output', path: path.join(dir, 'new') })).toMatchObject({ ok: true });
    expect(await call(session, 'folders:pick', { purpose: 'backup', path: path.join(dir, 'full') })).toMatchObject({ ok: false });
  });

  it('completes folder names only, never files', async () => {
    const session = testSession();
    const dir = await tempDir();
    await mkdir(path.join(dir, 'release-10.1'));
    await mkdir(path.join(dir, 'release-10.0'));
    await mkdir(path.join(dir, 'Reports'));
    await mkdir(path.join(dir, '.git'));
    await writeFile(path.join(dir, 'release-notes.txt'), 'secret');
    expect(await ok(session, 'folders:complete', { partial: path.join(dir, 're') })).toEqual({
      dir,
      names: ['release-10.0', 'release-10.1', 'Reports'],
    });
    expect((await ok(session, 'folders:complete', { partial: `${dir}/` })).names).not.toContain('.git');
    expect((await ok(session, 'folders:complete', { partial: path.join(dir, 'nowhere', 'x') })).names).toEqual([]);
  });

  it('offers no completion in the desktop app, which has native dialogs', async () => {
    const session = testSession({ mode: 'desktop', folderDialog: async () => null });
    expect(await call(session, 'folders:complete', { partial: '/' })).toMatchObject({ ok: false, error: { code: 'not-supported' } });
  });

  it('allows a folder picked in the native dialog, and nothing when the dialog is cancelled', async () => {
    const copy = await sampleCopy();
    const answers = [copy.source, copy.target, null];
    const session = testSession({ mode: 'desktop', folderDialog: async () => answers.shift() ?? null });
    expect(await ok(session, 'folders:pick', { purpose: 'source' })).toEqual({ path: copy.source });
    expect(await ok(session, 'folders:pick', { purpose: 'target' })).toEqual({ path: copy.target });
    expect(await ok(session, 'folders:pick', { purpose: 'output' })).toEqual({ path: null });
    expect(await call(session, 'configurations:open', { source: copy.source, target: copy.target })).toMatchObject({ ok: true });
  });
});

describe('configurations', () => {
  it('reads only folders the user picked', async () => {
    const session = testSession();
    const copy = await sampleCopy();
    expect(await call(session, 'configurations:open', { source: copy.source, target: copy.target })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await ok(session, 'folders:pick', { purpose: 'source', path: copy.source });
    // Picking a folder as Source does not make it a Target.
    expect(await call(session, 'configurations:open', { source: copy.target, target: copy.source })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await ok(session, 'folders:pick', { purpose: 'target', path: copy.target });
    const pair = await ok(session, 'configurations:open', { source: copy.source, target: copy.target });
    expect(pair.target).toMatchObject({ name: 'Acme production forms (SyteLine 10.0)', protected: false });
    expect(pair.target.customizedVersions).toBeGreaterThan(0);
  });

  it('lists every problem of an invalid configuration, with its side, file and pointer', async () => {
    const session = testSession();
    const copy = await sampleCopy();
    await writeFile(path.join(copy.target, 'site', 'forms', 'Items.json'), JSON.stringify({ name: 'Items', colour: 'red' }));
    await writeFile(path.join(copy.target, 'stray.txt'), 'x');
    await writeFile(path.join(copy.source, 'vendor', 'forms', 'Customers.json'), '{ "name": ');
    await ok(session, 'folders:pick', { purpose: 'source', path: copy.source });
    await ok(session, 'folders:pick', { purpose: 'target', path: copy.target });
    const result = await call(session, 'configurations:open', { source: copy.source, target: copy.target });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-configuration');
    const problems = result.error.problems ?? [];
    expect(problems).toHaveLength(3);
    expect(problems).toContainEqual(expect.objectContaining({ side: 'target', file: 'site/forms/Items.json', pointer: '/colour' }));
    expect(problems).toContainEqual(expect.objectContaining({ side: 'target', file: 'stray.txt' }));
    expect(problems).toContainEqual(expect.objectContaining({ side: 'source', file: 'vendor/forms/Customers.json' }));
  });

  it('opens a working copy of the bundled sample, never the bundled files', async () => {
    const session = testSession();
    const pair = await ok(session, 'configurations:openSample', {});
    expect(pair.sample).toBe(true);
    expect(pair.target.root.startsWith(path.join(SAMPLE))).toBe(false);
    expect(await tree(pair.target.root)).toEqual(await tree(path.join(SAMPLE, 'target')));
    expect(pair.options).toEqual(defaultOptions());
  });

  it('remembers recent pairs in the data folder and lets them be opened again', async () => {
    const dataDir = await tempDir();
    const session = testSession({ dataDir, mode: 'desktop', folderDialog: async () => null });
    const copy = await sampleCopy();
    session.allow('source', copy.source);
    session.allow('target', copy.target);
    await ok(session, 'configurations:open', { source: copy.source, target: copy.target });
    const saved = JSON.parse(await readFile(path.join(dataDir, 'recent.json'), 'utf8')) as { pairs: { source: string }[] };
    expect(saved.pairs[0]?.source).toBe(copy.source);
    // A new session (the next run) may open the remembered pair without picking it again.
    const next = testSession({ dataDir, mode: 'desktop', folderDialog: async () => null });
    const { loadRecent } = await import('./handlers.js');
    await loadRecent(next);
    expect((await ok(next, 'configurations:recent', {})).pairs).toHaveLength(1);
    expect(await call(next, 'configurations:open', { source: copy.source, target: copy.target })).toMatchObject({ ok: true });
  });
});

describe('analysis', () => {
  it('analyzes in a job with progress, and returns decisions and prompts but no plan', async () => {
    const { analysis } = await analyzedSample();
    expect(analysis.prompts).toHaveLength(8);
    expect(analysis.summary.unanswered).toBe(8);
    expect(analysis.decisions.length).toBeGreaterThan(50);
    expect(analysis).not.toHaveProperty('plan');
  });

  /** Runs an analysis to the end, returning the phases it went through (and the last count of files read). */
  async function analyzeWatching(session: ReturnType<typeof testSession>) {
    const { jobId } = await ok(session, 'analysis:start', { options: defaultOptions(), allowDestructive: false });
    const phases = new Set<string>();
    let reading: { done: number; total: number } | null = null;
    for (;;) {
      const status = await ok(session, 'jobs:status', { jobId });
      if (status.state !== 'running') {
        expect(status.state).toBe('done');
        break;
      }
      phases.add(status.phase);
      if (status.phase === 'Reading configurations' && status.total > 0) reading = { done: status.done, total: status.total };
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { phases, reading, result: await ok(session, 'analysis:result', { jobId }) };
  }

  /** A session with a copy of the sample open, and a way to change the caption of its Target's Site Customers form. */
  async function openedSampleCopy() {
    const copy = await sampleCopy();
    const session = testSession();
    session.allow('source', copy.source);
    session.allow('target', copy.target);
    await ok(session, 'configurations:open', { source: copy.source, target: copy.target });
    const form = path.join(copy.target, 'site', 'forms', 'Customers.json');
    const editCaption = async (caption: string): Promise<void> => {
      const doc = JSON.parse(await readFile(form, 'utf8')) as { attributes: Record<string, unknown> };
      doc.attributes['caption'] = caption;
      await writeFile(form, JSON.stringify(doc, null, 2) + '\n');
    };
    return { session, opened: session.pair!, editCaption };
  }

  it('reads the pair again only when a folder changed since it was read, both together, sharing parses and counting the files read', async () => {
    const { session, opened, editCaption } = await openedSampleCopy();

    // Nothing changed since the pair was opened: the analysis uses what was read.
    const first = await analyzeWatching(session);
    expect(first.phases).not.toContain('Reading configurations');
    expect(session.pair!.target).toBe(opened.target);

    // A file changed: both folders are read again, together.
    await editCaption('Customers (edited)');
    const second = await analyzeWatching(session);
    expect(second.phases).toContain('Reading configurations');
    expect(second.reading).not.toBeNull();
    expect(second.reading!.total).toBe(66);
    expect(second.reading!.done).toBeLessThanOrEqual(second.reading!.total);
    const pair = session.pair!;
    expect(pair.target).not.toBe(opened.target);
    expect(pair.target.files.get('site/forms/Customers.json')?.doc).toMatchObject({ attributes: { caption: 'Customers (edited)' } });
    const shared = 'vendor/forms/ItemWhses.json'; // the same bytes in both
    expect(pair.source.files.get(shared)?.doc).toBe(pair.target.files.get(shared)?.doc);
  });

  it("shows the analysis's own count of objects analyzed, rising to the total, under the phase 'Analyzing'", async () => {
    // Every report of the analysis is seen here as it is made: the page polls every 80 ms and can
    // miss a short phase, so e2e/scale.spec.ts checks only what it saw; this test checks them all.
    const shown: { phase: string; done: number; total: number }[] = [];
    let jobId = '';
    const base = inProcessRunner();
    const session = testSession({
      runner: (request, onProgress) =>
        base(request, (done, total) => {
          onProgress(done, total);
          const status = session.jobs.status(jobId);
          if (status?.state === 'running') shown.push({ phase: status.phase, done: status.done, total: status.total });
        }),
    });
    await ok(session, 'configurations:openSample', {});
    ({ jobId } = await ok(session, 'analysis:start', { options: defaultOptions(), allowDestructive: false }));
    expect((await settle(session, jobId)).state).toBe('done');
    expect(shown.length).toBeGreaterThan(2);
    expect(shown.every((s) => s.phase === 'Analyzing' && s.total === shown[0].total)).toBe(true);
    expect(shown[0].total).toBeGreaterThanOrEqual(20);
    expect(shown.some((s) => s.done > 0 && s.done < s.total)).toBe(true);
    expect(shown.map((s) => s.done)).toEqual([...shown.map((s) => s.done)].sort((a, b) => a - b));
    expect(shown[shown.length - 1].done).toBe(shown[0].total);
  });

  it('drops what a cancelled analysis read: the next analysis reads the changed folders again', async () => {
    const { session, opened, editCaption } = await openedSampleCopy();
    await editCaption('Customers (first edit)');
    const { jobId } = await ok(session, 'analysis:start', { options: defaultOptions(), allowDestructive: false });
    expect(await ok(session, 'jobs:cancel', { jobId })).toEqual({ cancelled: true });
    // Whatever the cancelled job still finishes (reading is stopped; the sample reads in well
    // under a second anyway) must not become the session's pair.
    for (let waited = 0; waited < 1500 && session.pair === opened; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(session.pair).toBe(opened);
    await editCaption('Customers (second edit)');
    const again = await analyzeWatching(session);
    expect(again.phases).toContain('Reading configurations');
    expect(session.pair!.target.files.get('site/forms/Customers.json')?.doc).toMatchObject({ attributes: { caption: 'Customers (second edit)' } });
  });

  it('cancels a running analysis', async () => {
    const session = testSession();
    await ok(session, 'configurations:openSample', {});
    const { jobId } = await ok(session, 'analysis:start', { options: defaultOptions(), allowDestructive: false });
    expect(await ok(session, 'jobs:cancel', { jobId })).toEqual({ cancelled: true });
    expect((await settle(session, jobId)).state).toBe('cancelled');
    expect(await call(session, 'analysis:result', { jobId })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it("returns a version's documents, then its result with the answers so far", async () => {
    const { session } = await analyzedSample();
    const detail = await ok(session, 'analysis:version', { versionId: 'form:Customers@user:C_Jones' });
    expect(detail.path).toBe('users/C_Jones/forms/Customers.json');
    expect(detail.customized?.['name']).toBe('Customers');
    expect(detail.targetBase).not.toEqual(detail.sourceBase);
    type Components = Record<string, { validators?: string[] }>;
    const validators = (doc: Record<string, unknown> | null | undefined) => ((doc?.['components'] ?? {}) as Components)['CustNum']?.validators;
    // Unanswered prompts count as keep in the preview.
    const preview = await ok(session, 'analysis:versionResult', { versionId: 'form:Customers@user:C_Jones', answers: {} });
    expect(validators(preview.result)).toEqual(validators(detail.customized));
    const answered = await ok(session, 'analysis:versionResult', {
      versionId: 'form:Customers@user:C_Jones',
      answers: { 'form:Customers@user:C_Jones/components/CustNum/validators': { edit: ['A'] } },
    });
    expect(validators(answered.result)).toEqual(['A']);
    // A dropped version has no result.
    const dropped = await ok(session, 'analysis:versionResult', { versionId: 'form:Customers@user:B_Smith', answers: {} });
    expect(dropped.result).toBeNull();
  });

  it('refuses a version id that is not one', async () => {
    const { session } = await analyzedSample();
    expect(await call(session, 'analysis:version', { versionId: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});

describe('commit', () => {
  it('writes nothing while a prompt is unanswered', async () => {
    const { session } = await analyzedSample();
    const out = path.join(await tempDir(), 'out');
    await ok(session, 'folders:pick', { purpose: 'output', path: out });
    const { jobId } = await ok(session, 'commit:start', { target: { mode: 'new-folder', outDir: out }, answers: {}, allowDestructive: false });
    const status = await settle(session, jobId);
    expect(status).toMatchObject({ state: 'failed', error: { code: 'unanswered-prompts' } });
    expect(existsSync(out)).toBe(false);
  });

  it('writes only to an output folder the user picked', async () => {
    const { session } = await analyzedSample();
    const out = path.join(await tempDir(), 'out');
    expect(await call(session, 'commit:start', { target: { mode: 'new-folder', outDir: out }, answers: await sampleAnswers(), allowDestructive: false })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('writes a new folder, leaving the Target as it was', async () => {
    const { session, copy } = await analyzedSample();
    const before = await tree(copy.target);
    const out = path.join(await tempDir(), 'out');
    await ok(session, 'folders:pick', { purpose: 'output', path: out });
    const { jobId } = await ok(session, 'commit:start', { target: { mode: 'new-folder', outDir: out }, answers: await sampleAnswers(), allowDestructive: false });
    expect(await settle(session, jobId)).toMatchObject({ state: 'done' });
    const outcome = await ok(session, 'commit:result', { jobId });
    expect(outcome).toMatchObject({ mode: 'new-folder', backupDir: null, summary: { prompts: 8, answered: 8 } });
    expect(await tree(copy.target)).toEqual(before);
    const written = await tree(out);
    expect(written.has('users/B_Smith/forms/Customers.json')).toBe(false);
    expect(written.get('vendor/forms/Customers.json')).toBe(await readFile(path.join(copy.source, 'vendor', 'forms', 'Customers.json'), 'latin1'));
    const report = await ok(session, 'report:last', {});
    expect(report).toMatchObject({ command: 'sync', output: out });
  });

  it('commits in place with a backup, and rolls back to the exact old Target', async () => {
    const { session, copy } = await analyzedSample();
    const before = await tree(copy.target);
    const { jobId } = await ok(session, 'commit:start', { target: { mode: 'in-place' }, answers: await sampleAnswers(), allowDestructive: false });
    expect(await settle(session, jobId)).toMatchObject({ state: 'done' });
    const outcome = await ok(session, 'commit:result', { jobId });
    expect(outcome.backupDir).toMatch(/target\.backup-\d{8}T\d{6}Z/);
    expect(await tree(copy.target)).not.toEqual(before);
    expect(await tree(outcome.backupDir as string)).toEqual(before);
    const rolledBack = await ok(session, 'commit:rollback', {});
    expect(rolledBack.backupDir).toBe(outcome.backupDir);
    expect(await tree(copy.target)).toEqual(before);
    expect(await call(session, 'commit:rollback', {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  // Another process (or a second window) that changes the Target between the analysis and the
  // commit must not be overwritten by a plan computed from the Target as it was.
  it('refuses to commit in place when the Target changed since it was analyzed, and writes nothing', async () => {
    const { session, copy } = await analyzedSample();
    const edited = path.join(copy.target, 'site', 'forms', 'Customers.json');
    await writeFile(edited, (await readFile(edited, 'utf8')).replace('"caption": "Customers"', '"caption": "Clients"'));
    const before = await tree(copy.target);
    const { jobId } = await ok(session, 'commit:start', { target: { mode: 'in-place' }, answers: await sampleAnswers(), allowDestructive: false });
    const status = await settle(session, jobId);
    expect(status).toMatchObject({ state: 'failed', error: { code: 'write-failed', message: expect.stringContaining('the Target changed since it was analyzed: analyze again') } });
    expect(await tree(copy.target)).toEqual(before);
    expect((await readdir(copy.dir)).filter((name) => name.includes('backup'))).toEqual([]);
    expect(await call(session, 'commit:rollback', {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('refuses to write a new folder when the Target changed since it was analyzed; analyzing again clears it', async () => {
    const { session, copy } = await analyzedSample();
    const edited = path.join(copy.target, 'site', 'forms', 'Items.json');
    await writeFile(edited, (await readFile(edited, 'utf8')) + '\n');
    const out = path.join(await tempDir(), 'out');
    await ok(session, 'folders:pick', { purpose: 'output', path: out });
    const request = { target: { mode: 'new-folder', outDir: out }, answers: await sampleAnswers(), allowDestructive: false } as const;
    const refused = await settle(session, (await ok(session, 'commit:start', request)).jobId);
    expect(refused).toMatchObject({ state: 'failed', error: { message: expect.stringContaining('the Target changed since it was analyzed: analyze again') } });
    expect(existsSync(out)).toBe(false);

    const again = await ok(session, 'analysis:start', { options: defaultOptions(), allowDestructive: false });
    expect((await settle(session, again.jobId)).state).toBe('done');
    expect(await settle(session, (await ok(session, 'commit:start', request)).jobId)).toMatchObject({ state: 'done' });
    expect(existsSync(path.join(out, 'configuration.json'))).toBe(true);
  });
});

describe('reports', () => {
  it('exports JSON and HTML reports, and reads the JSON one back', async () => {
    const { session } = await analyzedSample();
    const answers = { 'form:Items@site/components/ProductCode': 'keep' } as const;
    const json = await ok(session, 'report:export', { format: 'json', answers });
    expect(json.fileName).toMatch(/\.json$/);
    const html = await ok(session, 'report:export', { format: 'html', answers });
    expect(html.text.toLowerCase()).toContain('<!doctype html>');
    const report = await ok(session, 'report:open', { text: json.text, file: json.fileName });
    expect(report.summary).toMatchObject({ prompts: 8, answered: 1, unanswered: 7 });
  });

  it('refuses a file that is not a report, with its problems', async () => {
    const result = await call(testSession(), 'report:open', { text: '{"format":"x"}', file: 'x.json' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-report' } });
    if (!result.ok) expect(result.error.problems?.[0]?.side).toBe('report');
  });
});

describe('options', () => {
  it('parses an options file over the defaults, and reports its problems', async () => {
    const session = testSession();
    const parsed = await ok(session, 'options:parse', { text: '{"merge":{"componentAttributes":{"binding":"keep"}}}', file: 'o.json' });
    expect(parsed.options.merge.componentAttributes['binding']).toBe('keep');
    expect(parsed.options.merge.componentAttributes['caption']).toBe('keep');
    const bad = await call(session, 'options:parse', { text: '{"colour":1}', file: 'o.json' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-options' } });
  });

  it("lists the options a protected Target refuses", async () => {
    const session = testSession();
    const copy = await sampleCopy();
    const meta = JSON.parse(await readFile(path.join(copy.target, 'configuration.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(copy.target, 'configuration.json'), JSON.stringify({ ...meta, protected: true }));
    session.allow('source', copy.source);
    session.allow('target', copy.target);
    await ok(session, 'configurations:open', { source: copy.source, target: copy.target });
    const options = defaultOptions();
    expect((await ok(session, 'options:check', { options })).refused).toEqual([]);
    options.merge.nonMatchingComponents = 'remove';
    const { refused } = await ok(session, 'options:check', { options });
    expect(refused.map((p) => p.pointer)).toEqual(['/merge/nonMatchingComponents']);
  });
});
