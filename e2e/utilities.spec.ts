/**
 * Journey: the Utilities screen on the sample: list with a filter (and a bad one), check, remove
 * after a confirmation, and copy from the Source into the Target after answering keep / replace.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.js';
import { snapshot } from './files.js';

test('lists, checks, removes and copies customized versions from the Utilities screen', async ({ app, page }) => {
  await app.openSample();
  const { source, target } = await app.pairRoots();
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: 'Utilities' }).click();
  await expect(page.getByRole('heading', { name: 'Utilities', level: 1 })).toBeVisible();

  // List, filtered the FormSync way.
  await page.getByLabel('Scope', { exact: true }).fill('user');
  await page.getByLabel('Name', { exact: true }).fill('cust%');
  await page.getByRole('button', { name: 'List', exact: true }).click();
  const table = page.getByRole('table', { name: 'Customized versions' });
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table).toContainText('form:CustomerLetters@user:B_Smith');
  await expect(table).toContainText('form:Customers@user:C_Jones');

  // A bad filter names the problem.
  await page.getByLabel('Name', { exact: true }).fill('cust*');
  await page.getByRole('button', { name: 'List', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('the only wildcard is %');

  // Check.
  await page.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Findings' })).toContainText('ue_OldCreditReport');
  await app.screenshot('utilities-check-1440x900');
  await page.setViewportSize({ width: 1024, height: 700 });
  await app.screenshot('utilities-check-1024x700');
  await page.setViewportSize({ width: 1440, height: 900 });

  // Remove lists first, and deletes only after the second click.
  await page.getByLabel('Name', { exact: true }).fill('CustomerLetters');
  await page.getByRole('button', { name: 'Remove…' }).click();
  await expect(page.getByRole('list', { name: 'Versions to remove' })).toContainText('users/B_Smith/forms/CustomerLetters.json');
  expect(existsSync(path.join(target, 'users', 'B_Smith', 'forms', 'CustomerLetters.json'))).toBe(true);
  const before = snapshot(target);
  await page.getByRole('button', { name: 'Remove 1 version' }).click();
  await expect(page.getByText('Removed 1 customized version')).toBeVisible();
  const after = snapshot(target);
  expect([...before.keys()].filter((f) => !after.has(f))).toEqual(['users/B_Smith/forms/CustomerLetters.json']);

  // Copy from the Source into the Target: the Target already has a different Site version of Items.
  mkdirSync(path.join(source, 'site', 'forms'), { recursive: true });
  writeFileSync(path.join(source, 'site', 'forms', 'Items.json'), JSON.stringify({ name: 'Items', attributes: { caption: 'Items (test)' } }));
  await page.getByLabel('Scope', { exact: true }).fill('site');
  await page.getByLabel('Name', { exact: true }).fill('Items');
  await page.getByRole('button', { name: 'Copy into Target' }).click();
  await expect(page.getByText('Choose for each version the Target already has')).toBeVisible();
  const copyButton = page.getByRole('button', { name: 'Copy with these answers' });
  await expect(copyButton).toBeDisabled();
  await page.getByRole('radiogroup', { name: 'Answer for form:Items@site' }).getByRole('radio', { name: 'Replace with the copy' }).check();
  await copyButton.click();
  await expect(page.getByText('Copied into the Target')).toBeVisible();
  expect(JSON.parse(readFileSync(path.join(target, 'site', 'forms', 'Items.json'), 'utf8'))).toEqual({ name: 'Items', attributes: { caption: 'Items (test)' } });
});
