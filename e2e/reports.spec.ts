/** Journey: export the report as HTML and JSON, and reopen the JSON report read-only. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.js';
import { tempDir } from './files.js';

test('exports HTML and JSON reports and reopens the JSON one read-only', async ({ app, page }) => {
  await app.openSample();
  await app.analyze();
  await page.getByRole('button', { name: 'Next prompt' }).click();
  await page.getByRole('button', { name: 'Keep customization' }).click();
  await expect(app.counter()).toHaveText('7 prompts left');
  const dir = tempDir('reports');

  await app.step('Reports');
  await page.getByLabel('Format').selectOption('html');
  let download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export report' }).click();
  const htmlFile = path.join(dir, (await download).suggestedFilename());
  await (await download).saveAs(htmlFile);
  expect(htmlFile).toMatch(/\.html$/);
  const html = readFileSync(htmlFile, 'utf8');
  expect(html.toLowerCase()).toContain('<!doctype html>');
  expect(html).toContain('form:Customers@user:C_Jones');
  expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']https?:/i);

  await page.getByLabel('Format').selectOption('json');
  download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export report' }).click();
  const jsonFile = path.join(dir, (await download).suggestedFilename());
  await (await download).saveAs(jsonFile);
  const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as { format: string; summary: { prompts: number; answered: number } };
  expect(report.format).toBe('carryover-report/1');
  expect(report.summary).toMatchObject({ prompts: 8, answered: 1 });

  // Reopen it read-only: the same tree and table, from the report alone.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open saved report…' }).click();
  await (await chooser).setFiles(jsonFile);
  const viewer = page.getByRole('region', { name: 'Report viewer' });
  await expect(viewer).toContainText('Read-only');
  await expect(viewer).toContainText('1 of 8 prompts answered');
  const tree = page.getByRole('tree', { name: 'Report versions' });
  await tree.getByRole('treeitem', { name: /User C_Jones/ }).click();
  const table = page.getByRole('table', { name: 'Version details' });
  await expect(table.getByRole('row', { name: /caption/ }).first()).toContainText('kept-customization');
  await expect(page.getByRole('button', { name: 'Keep customization' })).toHaveCount(0);

  // A file that is not a report is refused with its problems.
  const bad = path.join(dir, 'not-a-report.json');
  writeFileSync(bad, JSON.stringify({ format: 'something-else' }));
  const chooser2 = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open saved report…' }).click();
  await (await chooser2).setFiles(bad);
  await expect(page.getByRole('alert').filter({ hasText: 'not a Carryover JSON report' })).toBeVisible();
});
