/** Journey: a protected Target shows the options it refuses, and refuses the commit until allowed. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, test, expect } from './fixtures.js';
import { snapshot, tempDir, withoutRecords } from './files.js';

test('shows refused options of a protected Target, and commits only with Allow destructive options', async ({ app }) => {
  const { page } = app;
  const dir = tempDir('protected');
  const source = path.join(dir, 'source');
  const target = path.join(dir, 'target');
  cpSync(path.join(ROOT, 'fixtures', 'sample', 'source'), source, { recursive: true });
  cpSync(path.join(ROOT, 'fixtures', 'sample', 'target'), target, { recursive: true });
  const meta = JSON.parse(readFileSync(path.join(target, 'configuration.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(path.join(target, 'configuration.json'), JSON.stringify({ ...meta, protected: true }, null, 2) + '\n');
  const before = withoutRecords(snapshot(target, true));

  await page.getByRole('combobox', { name: 'Source' }).fill(source);
  await page.getByRole('combobox', { name: 'Target' }).fill(target);
  await page.getByRole('button', { name: 'Open configurations' }).click();
  await expect(page.getByText('The Target is protected.')).toBeVisible();

  // Components the customizer added: remove them → refused.
  await page.getByRole('radio', { name: 'Remove them' }).check();
  await expect(page.getByRole('status').filter({ hasText: 'protected' })).toContainText('merge.nonMatchingComponents');
  await expect(page.getByText('Refused by the protected Target')).toBeVisible();
  // In the Merge options table too.
  await page.getByRole('button', { name: 'Merge options' }).click();
  await page.getByRole('textbox', { name: 'New component attributes rule' }).fill('binding');
  await page.getByRole('button', { name: 'Add rule' }).first().click();
  await page.getByRole('radiogroup', { name: 'Rule for binding' }).getByText('Replace').click();
  await expect(page.getByRole('dialog', { name: 'Merge options' }).getByText('Refused')).toBeVisible();
  await page.getByRole('button', { name: 'Restore defaults' }).click();
  await page.getByRole('button', { name: 'Done' }).click();

  await app.analyze();
  await page.getByRole('button', { name: 'Next prompt' }).click();
  await app.answerEveryPrompt('Keep customization');
  await app.step('Commit');
  await page.getByRole('radio', { name: 'Update the Target in place' }).check();
  await page.getByRole('button', { name: 'Commit', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was committed.' })).toContainText('refuses');
  expect(withoutRecords(snapshot(target, true))).toEqual(before);

  // The explicit consent lifts the protection.
  await app.step('Options');
  await page.getByRole('checkbox', { name: /Allow destructive options/ }).check();
  await app.step('Commit');
  await page.getByRole('button', { name: 'Commit', exact: true }).click();
  await expect(page.getByText('The Target was updated in place.')).toBeVisible();
  expect(snapshot(target)).not.toEqual(before);
});
