/**
 * Journey: merge a script conflict in the editor (panes, conflict list, base toggle, F7, taking a
 * side, editing the Result), apply it, commit to a new folder, and find the merged script on disk.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.js';
import { readJson, tempDir } from './files.js';

test('merges a script conflict in the editor and commits the edited script', async ({ app, page }) => {
  await app.openSample();
  await app.analyze();
  await page.getByRole('button', { name: 'Next prompt' }).click();
  await page.getByRole('listbox', { name: 'Prompts' }).getByText('form:PurchaseOrders@group:Purchasing/script').click();
  await expect(page.getByText('Line-level merge: 1 conflict')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Use merged' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();

  // The editor: both sides against the target base, an editable Result, the conflict list.
  for (const pane of ['Customized', 'Source base', 'Result']) await expect(page.getByRole('region', { name: pane })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Target base' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Show target base' }).click();
  await expect(page.getByRole('region', { name: 'Target base' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Target base' }).locator('.view-lines')).toContainText('5000');
  await page.getByRole('button', { name: 'Show target base' }).click();
  await expect(page.getByRole('region', { name: 'Target base' })).toHaveCount(0);

  // Word-level highlights on the changed line of each side.
  await expect(page.getByRole('region', { name: 'Customized' }).locator('.co-word-customized').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Source base' }).locator('.co-word-source').first()).toBeVisible();

  const status = page.getByRole('status').filter({ hasText: 'conflicts resolved' });
  await expect(status).toHaveText('0 of 1 conflicts resolved');
  const result = (): Promise<string> => page.evaluate(() => window.carryoverScriptMerge?.result() ?? '');
  expect(await result()).toContain('<<<<<<< customized');

  // Apply is refused while conflict markers remain.
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'conflict markers' })).toBeVisible();

  // F7 inside the editor moves to the conflict; take both, then settle on the source base.
  await page.getByRole('region', { name: 'Result' }).locator('.view-lines').click();
  await page.keyboard.press('F7');
  await page.getByRole('button', { name: 'Take both for conflict 1' }).click();
  await expect(status).toHaveText('1 of 1 conflicts resolved');
  expect(await result()).toContain('  If total > 10000 Then\n  If total > CDec');
  await page.getByRole('button', { name: 'Take source base for conflict 1' }).click();
  expect(await result()).not.toContain('10000');
  expect(await result()).not.toContain('<<<<<<<');

  // Edit the Result by hand: a line at the end.
  await page.getByRole('region', { name: 'Result' }).locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('REM Reviewed by QA');
  expect(await result()).toMatch(/REM Reviewed by QA$/);
  await page.getByRole('button', { name: 'Apply' }).click();

  await expect(page.getByRole('heading', { name: 'Prompts', level: 1 })).toBeVisible();
  await expect(page.getByRole('option', { name: /form:PurchaseOrders@group:Purchasing\/script/ })).toContainText('Edited');
  await expect(app.counter()).toHaveText('7 prompts left');

  await app.answerEveryPrompt('Keep customization');
  const out = path.join(tempDir('script'), 'merged');
  await app.step('Commit');
  await page.getByLabel('Output folder').fill(out);
  await page.getByRole('button', { name: 'Commit', exact: true }).click();
  await expect(page.getByText('The merged configuration was written.')).toBeVisible();

  // The script on disk: the source base's, the added line, and the customized version's CRLF.
  const { target, source } = await app.pairRoots();
  const vendorScript = readJson(path.join(source, 'vendor', 'forms', 'PurchaseOrders.json'))['script'] as string;
  const customizedScript = readJson(path.join(target, 'groups', 'Purchasing', 'forms', 'PurchaseOrders.json'))['script'] as string;
  expect(customizedScript).toContain('\r\n');
  const written = JSON.parse(readFileSync(path.join(out, 'groups', 'Purchasing', 'forms', 'PurchaseOrders.json'), 'utf8')) as { script: string };
  expect(written.script).toBe(`${vendorScript}REM Reviewed by QA`);
});
