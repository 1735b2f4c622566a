/**
 * Journey: phase 1 of an upgrade by the CLI (`sync --in-place --answer defer`) on a copy of the
 * sample, then the app completes it: *Complete an upgrade*, the pending prompts with their original
 * three values (the script one in the Monaco merge editor), Review, and Commit in place.
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, ROOT } from './fixtures.js';
import { carryover, snapshot, tempDir } from './files.js';

const SAMPLE = path.join(ROOT, 'fixtures', 'sample');

test('completes in the app an upgrade whose phase 1 ran unattended', async ({ app, page }) => {
  const dir = tempDir('phases');
  const source = path.join(dir, 'source');
  const target = path.join(dir, 'target');
  cpSync(path.join(SAMPLE, 'source'), source, { recursive: true });
  cpSync(path.join(SAMPLE, 'target'), target, { recursive: true });
  expect(carryover(['sync', '--source', source, '--target', target, '--options', path.join(SAMPLE, 'options.json'), '--in-place', '--answer', 'defer'])).toBe(0);
  const afterPhase1 = snapshot(target, true);

  await page.getByLabel('Source', { exact: true }).fill(source);
  await page.getByLabel('Target', { exact: true }).fill(target);
  await page.getByRole('button', { name: 'Open configurations' }).click();
  await expect(page.getByRole('heading', { name: 'Options', level: 1 })).toBeVisible();
  const pending = page.getByRole('status', { name: 'Pending upgrade' });
  await expect(pending).toContainText('This Target has 8 pending prompts from an upgrade on');
  await page.setViewportSize({ width: 1024, height: 700 });
  await app.screenshot('12-complete-upgrade-1024', true);
  await page.setViewportSize({ width: 1400, height: 900 });
  await app.screenshot('12-complete-upgrade', true);

  await page.getByRole('button', { name: 'Complete an upgrade' }).click();
  await expect(page.getByRole('heading', { name: 'Prompts', level: 1 })).toBeVisible();
  await expect(app.counter()).toHaveText('8 prompts left');

  // The script prompt, with its original three values, merged in the Monaco editor.
  await page.getByRole('listbox', { name: 'Prompts' }).getByText('form:PurchaseOrders@group:Purchasing/script').click();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  // The editor's chunk loads on first use (slow on a loaded machine).
  await expect(page.getByRole('region', { name: 'Result' })).toBeVisible({ timeout: 60_000 });
  for (const pane of ['Customized', 'Source base']) await expect(page.getByRole('region', { name: pane })).toBeVisible();
  await page.getByRole('button', { name: 'Show target base' }).click();
  // The old target base, which phase 1 replaced in the Target and saved for this.
  await expect(page.getByRole('region', { name: 'Target base' }).locator('.view-lines')).toContainText('5000');
  await page.getByRole('region', { name: 'Result' }).locator('.view-lines').click();
  await page.keyboard.press('F7');
  await page.getByRole('button', { name: 'Take both for conflict 1' }).click();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('heading', { name: 'Prompts', level: 1 })).toBeVisible();
  await expect(app.counter()).toHaveText('7 prompts left');
  await app.answerEveryPrompt('Keep customization');

  // Review shows the pending versions only.
  await app.step('Review');
  await expect(page.getByRole('heading', { name: 'Review', level: 1 })).toBeVisible();

  await app.step('Commit');
  await expect(page.getByRole('radio', { name: 'Write to a new folder' })).toBeDisabled();
  await expect(page.getByRole('radio', { name: 'Update the Target in place' })).toBeChecked();
  await app.screenshot('13-complete-upgrade-commit', true);
  await page.getByRole('button', { name: 'Commit', exact: true }).click();
  await expect(page.getByText('The Target was updated in place.')).toBeVisible();

  // The pending state is gone with the commit; the base is the one phase 1 installed.
  expect(existsSync(path.join(target, '.carryover', 'pending'))).toBe(false);
  expect(readFileSync(path.join(target, 'vendor', 'forms', 'PurchaseOrders.json'))).toEqual(readFileSync(path.join(source, 'vendor', 'forms', 'PurchaseOrders.json')));
  const script = (JSON.parse(readFileSync(path.join(target, 'groups', 'Purchasing', 'forms', 'PurchaseOrders.json'), 'utf8')) as { script: string }).script;
  expect(script).not.toContain('<<<<<<<');
  expect(script).toContain('If total > 10000 Then');
  expect(script).toContain('If total > CDec');

  // Roll back: the Target as phase 1 left it, pending prompts included.
  await page.getByRole('button', { name: 'Roll back' }).click();
  await expect(page.getByText(/was restored from/)).toBeVisible();
  // The answers given in the app were saved into the Target as they were given (docs/sessions.md),
  // so the backup the rollback restores has them too: they are offered again, never lost.
  const restored = snapshot(target, true);
  expect(restored.has('.carryover/answers.json')).toBe(true);
  restored.delete('.carryover/answers.json');
  expect(restored).toEqual(afterPhase1);
});
