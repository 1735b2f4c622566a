/**
 * Journey: one Source into two Targets (docs/app.md, "Several Targets"). The first Target's
 * answers, one of them given with "Apply to 1 similar prompt", answer the second Target's prompts
 * with the same three values; each Target is committed with its own outcome.
 */
import { cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { test, expect, ROOT } from './fixtures.js';
import { snapshot, tempDir } from './files.js';

/** The sample's Target, with C_Jones's customization of Customers given to Z_Jones too (a similar prompt). */
function targetCopy(dir: string, name: string): string {
  const target = path.join(dir, name);
  cpSync(path.join(ROOT, 'fixtures', 'sample', 'target'), target, { recursive: true });
  mkdirSync(path.join(target, 'users', 'Z_Jones', 'forms'), { recursive: true });
  cpSync(path.join(target, 'users', 'C_Jones', 'forms', 'Customers.json'), path.join(target, 'users', 'Z_Jones', 'forms', 'Customers.json'));
  return target;
}

test('two Targets: answers of the first are reused in the second, and each is committed', async ({ app, page }) => {
  const dir = tempDir('targets');
  const first = targetCopy(dir, 'Test');
  const second = targetCopy(dir, 'Production');
  const source = path.join(ROOT, 'fixtures', 'sample', 'source');

  await page.getByLabel('Source', { exact: true }).fill(source);
  await page.getByLabel('Target', { exact: true }).fill(first);
  await page.getByRole('button', { name: 'Open configurations' }).click();
  await expect(page.getByRole('heading', { name: 'Options', level: 1 })).toBeVisible();
  await app.analyze();
  await expect(app.counter()).toHaveText('9 prompts left');

  // Apply to similar: C_Jones's answer, given to Z_Jones's identical prompt in one click.
  await app.step('Prompts');
  await page.getByRole('listbox', { name: 'Prompts' }).getByRole('option', { name: /user:C_Jones/ }).click();
  await expect(page.getByRole('button', { name: /Apply to .* similar/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Keep customization' }).click();
  await page.getByRole('listbox', { name: 'Prompts' }).getByRole('option', { name: /user:C_Jones/ }).click();
  await page.setViewportSize({ width: 1400, height: 900 });
  await app.screenshot('targets-apply-similar', true);
  await page.getByRole('button', { name: 'Apply to 1 similar prompt' }).click();
  await expect(page.getByLabel('Current prompt')).not.toContainText('user:C_Jones');
  await expect(app.counter()).toHaveText('7 prompts left');
  await expect(page.getByRole('listbox', { name: 'Prompts' }).getByRole('option', { name: /user:Z_Jones/ })).toContainText('Kept customization');
  await app.answerEveryPrompt('Use source base');

  const outFirst = path.join(tempDir('targets-out'), 'Test merged');
  await app.step('Commit');
  await page.getByRole('radio', { name: 'Write to a new folder' }).check();
  await page.getByLabel('Output folder').fill(outFirst);
  await page.getByRole('button', { name: 'Commit', exact: true }).click();
  await expect(page.getByText('The merged configuration was written.')).toBeVisible();

  // Add the second Target and open it: it is analyzed, and every prompt is answered from the first.
  await app.step('Configurations');
  await page.getByLabel('Folder to add').fill(second);
  await page.getByRole('button', { name: 'Add Target' }).click();
  const list = page.getByRole('list', { name: 'Targets' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByRole('listitem').nth(1)).toContainText('Waiting');
  await page.getByRole('button', { name: `Open Target ${second}` }).click();
  await expect(page.getByRole('heading', { name: 'Review', level: 1 })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('9 answers were reused from the Targets before')).toBeVisible();
  await expect(app.counter()).toHaveText('No prompts left');
  await app.step('Prompts');
  await expect(page.getByLabel('Current prompt')).toContainText(`(reused from ${first})`);

  const outSecond = path.join(tempDir('targets-out'), 'Production merged');
  await app.step('Commit');
  await page.getByRole('radio', { name: 'Write to a new folder' }).check();
  await page.getByLabel('Output folder').fill(outSecond);
  await page.getByRole('button', { name: 'Commit', exact: true }).click();
  await expect(page.getByText('The merged configuration was written.')).toBeVisible();
  // Both Targets held the same customizations and got the same answers: the same result.
  expect(snapshot(outSecond)).toEqual(snapshot(outFirst));

  await app.step('Configurations');
  await expect(list.getByRole('listitem').nth(0)).toContainText('Committed');
  await expect(list.getByRole('listitem').nth(0)).toContainText(`written to ${outFirst}`);
  await expect(list.getByRole('listitem').nth(1)).toContainText('Open');
  await list.scrollIntoViewIfNeeded();
  await app.screenshot('targets-list', true);
  await page.setViewportSize({ width: 1024, height: 700 });
  await list.scrollIntoViewIfNeeded();
  await app.screenshot('targets-list-1024', true);
});
