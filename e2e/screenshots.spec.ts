/**
 * Screenshots of every screen at 1400×900 and at 1024×700 (names ending in `-1024`), to look at
 * (test-results/screens/). With CARRYOVER_SCREENSHOTS=1
 * (`CARRYOVER_SCREENSHOTS=1 npm run test:e2e -- e2e/screenshots.spec.ts`), the few the README
 * shows (at 1400×900) are written to docs/screenshots/ instead.
 */
import type { Page } from '@playwright/test';
import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CarryoverApp, ROOT, test, expect } from './fixtures.js';
import { tempDir } from './files.js';

/** The app, with screenshots named after the viewport; only those at 1400×900 go to the docs. */
class SizedApp extends CarryoverApp {
  constructor(page: Page, private readonly suffix: string) {
    super(page);
  }
  override screenshot(name: string, forDocs = false): Promise<void> {
    return super.screenshot(`${name}${this.suffix}`, forDocs && this.suffix === '');
  }
}

for (const viewport of [
  { width: 1400, height: 900 },
  { width: 1024, height: 700 },
]) {
  test(`takes a screenshot of every screen at ${viewport.width}×${viewport.height}`, async ({ app, page }) => {
    await page.setViewportSize(viewport);
    await everyScreen(new SizedApp(app.page, viewport.width === 1400 ? '' : `-${viewport.width}`), page);
  });
}

async function everyScreen(app: CarryoverApp, page: Page): Promise<void> {
  test.setTimeout(180_000);
  await app.openSample();
  await app.screenshot('02-options');
  await page.getByRole('button', { name: 'Merge options' }).click();
  await app.screenshot('03-merge-options');
  await page.getByRole('button', { name: 'Done' }).click();
  await app.analyze();
  await app.step('Configurations');
  await app.screenshot('01-configurations');
  await app.step('Analyze');
  await app.screenshot('04-analyze');

  await app.step('Review');
  const tree = page.getByRole('tree', { name: 'Versions' });
  await tree.getByRole('treeitem', { name: /^Customers/ }).click();
  await tree.getByRole('treeitem', { name: /^Customers/ }).click();
  await tree.getByRole('treeitem', { name: /User C_Jones/ }).click();
  await page.getByRole('table', { name: 'Version details' }).getByRole('row', { name: /^caption Cust #/ }).click();
  await page.waitForTimeout(300);
  await app.screenshot('05-review', true);

  await page.getByRole('button', { name: 'Next prompt' }).click();
  await page.getByRole('button', { name: 'Keep customization' }).click();
  await page.getByRole('listbox', { name: 'Prompts' }).getByText('form:Invoices@site/script').click();
  await app.screenshot('06-prompts', true);

  await page.getByRole('listbox', { name: 'Prompts' }).getByText('form:PurchaseOrders@group:Purchasing/script').click();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Conflicts' })).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(800);
  await app.screenshot('07-script-merge', true);
  await page.getByRole('button', { name: 'Show target base' }).click();
  await page.getByRole('button', { name: 'Take both for conflict 1' }).click();
  await page.waitForTimeout(500);
  await app.screenshot('08-script-merge-resolved');
  await page.getByRole('button', { name: 'Apply' }).click();

  await app.answerEveryPrompt('Keep customization');
  await app.step('Commit');
  await app.screenshot('09-commit-ready');
  await page.getByLabel('Output folder').fill(path.join(tempDir('shots'), 'Acme merged'));
  await page.getByRole('button', { name: 'Commit', exact: true }).click();
  await expect(page.getByText('The merged configuration was written.')).toBeVisible();
  await app.screenshot('10-commit-done', true);

  await page.getByRole('button', { name: 'Open report' }).click();
  const viewer = page.getByRole('tree', { name: 'Report versions' });
  await page.getByLabel('Search by name').fill('Items');
  await viewer.getByRole('treeitem', { name: /^Site/ }).click();
  await app.screenshot('11-report');

  // An invalid configuration.
  const dir = tempDir('shots-invalid');
  cpSync(path.join(ROOT, 'fixtures', 'sample', 'source'), path.join(dir, 'release-10.1'), { recursive: true });
  cpSync(path.join(ROOT, 'fixtures', 'sample', 'target'), path.join(dir, 'acme-production'), { recursive: true });
  writeFileSync(path.join(dir, 'acme-production', 'site', 'forms', 'Items.json'), JSON.stringify({ name: 'Items', colour: 'red', components: { 'Bad/Name': {} } }));
  writeFileSync(path.join(dir, 'acme-production', 'users', 'B_Smith', 'forms', 'Customers.json'), '{ "name": "Customers", ');
  await app.step('Configurations');
  await page.getByRole('combobox', { name: 'Source' }).fill(path.join(dir, 'release-10.1'));
  await page.getByRole('combobox', { name: 'Target' }).fill(path.join(dir, 'acme-'));
  await expect(page.getByRole('option', { name: 'acme-production/' })).toBeVisible();
  await app.screenshot('12-folder-completion');
  await page.getByRole('combobox', { name: 'Target' }).press('ArrowDown');
  await page.getByRole('combobox', { name: 'Target' }).press('Enter');
  await page.getByRole('button', { name: 'Open configurations' }).click();
  await expect(page.getByRole('list', { name: 'Configuration problems' })).toBeVisible();
  await app.screenshot('13-invalid-configuration');
}
