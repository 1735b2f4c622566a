/**
 * Journeys: commit to a new folder (and check the files on disk against the CLI given the saved
 * answers), and commit in place, then roll back.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.js';
import { carryover, snapshot, tempDir, withoutRecords } from './files.js';

test('commits to a new folder: the files on disk are what the CLI writes with the saved answers', async ({ app, page }) => {
  await app.openSample();
  await app.analyze();
  const { source, target } = await app.pairRoots();
  const targetBefore = withoutRecords(snapshot(target, true));
  await page.getByRole('button', { name: 'Next prompt' }).click();
  await app.answerEveryPrompt('Use source base');

  const out = path.join(tempDir('new-folder'), 'Acme merged');
  await app.step('Commit');
  await page.getByRole('radio', { name: 'Write to a new folder' }).check();
  await page.getByLabel('Output folder').fill(out);
  await page.getByRole('button', { name: 'Commit', exact: true }).click();
  await expect(page.getByText('The merged configuration was written.')).toBeVisible();
  const summary = page.getByLabel('Commit summary');
  await expect(summary).toContainText('Files deleted');
  await expect(summary).toContainText('Prompts answered8 of 8');

  // The Target is untouched; the output is a complete configuration.
  expect(withoutRecords(snapshot(target, true))).toEqual(targetBefore);
  const written = snapshot(out);
  expect(written.has('configuration.json')).toBe(true);
  expect(written.has('vendor/forms/CustomerContacts.json')).toBe(true);
  // B_Smith's Customers was redundant: dropped.
  expect(written.has('users/B_Smith/forms/Customers.json')).toBe(false);
  expect(readFileSync(path.join(out, 'vendor', 'forms', 'Customers.json'))).toEqual(readFileSync(path.join(source, 'vendor', 'forms', 'Customers.json')));

  // Save answers, and replay them with the CLI: the same bytes.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save answers' }).click();
  const answersFile = path.join(tempDir('answers'), 'answers.json');
  await (await download).saveAs(answersFile);
  const answers = JSON.parse(readFileSync(answersFile, 'utf8')) as { answers: Record<string, unknown> };
  expect(Object.keys(answers.answers)).toHaveLength(8);
  const cliOut = path.join(tempDir('cli'), 'out');
  expect(carryover(['sync', '--source', source, '--target', target, '--answers', answersFile, '--out', cliOut])).toBe(0);
  expect(snapshot(out)).toEqual(snapshot(cliOut));

  // Open report: this merge's report, read-only.
  await page.getByRole('button', { name: 'Open report' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Report viewer' })).toContainText('Report of this merge');
  await expect(page.getByRole('region', { name: 'Report viewer' })).toContainText('8 of 8 prompts answered');
});

test('commits in place with a backup, then rolls back', async ({ app, page }) => {
  await app.openSample();
  await app.analyze();
  const { target } = await app.pairRoots();
  const before = snapshot(target);
  await page.getByRole('button', { name: 'Next prompt' }).click();
  await app.answerEveryPrompt('Keep customization');

  await app.step('Commit');
  await page.getByRole('radio', { name: 'Update the Target in place' }).check();
  await expect(page.getByLabel('Output folder')).toHaveCount(0);
  await page.getByRole('button', { name: 'Commit', exact: true }).click();
  await expect(page.getByText('The Target was updated in place.')).toBeVisible();

  const after = snapshot(target);
  expect(after).not.toEqual(before);
  expect(after.has('users/B_Smith/forms/Customers.json')).toBe(false);
  const backupText = (await page.getByText(/^Backup:/).textContent()) ?? '';
  const backupDir = backupText.replace(/^Backup:\s*/, '').trim();
  expect(path.basename(backupDir)).toMatch(/^target\.backup-\d{8}T\d{6}Z/);
  expect(existsSync(backupDir)).toBe(true);
  expect(snapshot(backupDir)).toEqual(before);

  await page.getByRole('button', { name: 'Roll back' }).click();
  await expect(page.getByText(/was restored from/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Roll back' })).toHaveCount(0);
  expect(snapshot(target)).toEqual(before);
  // The backup is kept.
  expect(existsSync(backupDir)).toBe(true);
});
