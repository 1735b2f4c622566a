/**
 * Journey: answers are never lost (docs/sessions.md). Answer some prompts of the sample, reload
 * the page, reopen the pair, resume: the saved answers are applied, the one whose prompt changed
 * between the sessions is listed as stale; answer what is left and commit.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.js';
import { snapshot, tempDir } from './files.js';

const PAGE_SIZE = 'form:Vendors@group:Purchasing/variables/PageSize';

test('reload in the middle of answering, reopen the pair, resume the saved answers and commit', async ({ app, page }) => {
  await app.openSample();
  await app.analyze();
  const { source, target } = await app.pairRoots();
  const sessionFile = path.join(target, '.carryover', 'answers.json');
  const savedIds = (): string[] => (existsSync(sessionFile) ? Object.keys((JSON.parse(readFileSync(sessionFile, 'utf8')) as { answers: object }).answers) : []);

  // Six of the eight prompts (in id order, the sixth is PageSize), each saved as it is given.
  await page.getByRole('button', { name: 'Next prompt' }).click();
  for (let left = 8; left > 2; left--) {
    await expect(app.counter()).toHaveText(`${left} prompts left`);
    await page.getByRole('button', { name: 'Keep customization' }).click();
  }
  await expect(app.counter()).toHaveText('2 prompts left');
  await expect.poll(() => savedIds().length).toBe(6);
  expect(savedIds()).toContain(PAGE_SIZE);

  // An Edit buffer with changes (PageSize's value, edited as JSON): leaving the page asks first.
  await page.getByRole('button', { name: 'Previous prompt' }).click();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const editor = page.getByLabel('Edited value (JSON)');
  await editor.fill('"40"');
  const dialog = page.waitForEvent('dialog');
  const reload = page.reload();
  const asked = await dialog;
  expect(asked.type()).toBe('beforeunload');
  await asked.accept();
  await reload;
  await expect(page.getByRole('heading', { name: 'Configurations', level: 1 })).toBeVisible();

  // Between the sessions, the customized PageSize changes in the Target.
  const vendors = path.join(target, 'groups', 'Purchasing', 'forms', 'Vendors.json');
  writeFileSync(vendors, readFileSync(vendors, 'utf8').replace('"PageSize": "25"', '"PageSize": "30"'));

  await page.getByLabel('Source', { exact: true }).fill(source);
  await page.getByLabel('Target', { exact: true }).fill(target);
  await page.getByRole('button', { name: 'Open configurations' }).click();
  const offer = page.getByRole('region', { name: 'Saved answers' });
  await expect(offer).toContainText('This Target has 6 saved answers from an earlier session.');
  for (const [width, height] of [
    [1400, 900],
    [1024, 700],
  ] as const) {
    await page.setViewportSize({ width, height });
    await app.screenshot(`resume-offer-${width}x${height}`, true);
  }
  await page.setViewportSize({ width: 1440, height: 900 });

  await offer.getByRole('button', { name: 'Resume 6 saved answers' }).click();
  const resumed = page.getByRole('region', { name: 'Resumed answers' });
  await expect(resumed).toContainText('Resumed 5 saved answers.');
  await expect(resumed.getByRole('list', { name: 'Stale answers' })).toHaveText(PAGE_SIZE);
  await expect(app.counter()).toHaveText('3 prompts left');

  // The stale prompt is answered again, with the rest.
  await resumed.getByRole('button', { name: PAGE_SIZE }).click();
  await expect(page.getByRole('heading', { name: 'Prompts', level: 1 })).toBeVisible();
  expect(await app.answerEveryPrompt('Use source base')).toBe(3);
  await expect.poll(() => savedIds().length).toBe(8);

  const out = path.join(tempDir('resume'), 'merged');
  await app.step('Commit');
  await page.getByRole('radio', { name: 'Write to a new folder' }).check();
  await page.getByLabel('Output folder').fill(out);
  await page.getByRole('button', { name: 'Commit', exact: true }).click();
  await expect(page.getByText('The merged configuration was written.')).toBeVisible();
  expect(snapshot(out).has('configuration.json')).toBe(true);
  // Committed answers are retired, replayable, and not offered again.
  expect(existsSync(sessionFile)).toBe(false);
  const last = JSON.parse(readFileSync(path.join(target, '.carryover', 'last-answers.json'), 'utf8')) as { answers: Record<string, unknown> };
  expect(Object.keys(last.answers)).toHaveLength(8);
  expect(last.answers[PAGE_SIZE]).toBe('replace');
});
