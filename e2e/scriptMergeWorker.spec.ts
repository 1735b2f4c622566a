/**
 * Journey: the script merge model is built in its Web Worker as soon as the Prompts screen shows a
 * script prompt (before Edit), the editors are made ahead while the prompt is read, and the
 * editor still opens, built on the page, when that worker cannot load (docs/performance.md, "The
 * merge editor's first open").
 */
import { test as plain, type Page } from '@playwright/test';
import { CarryoverApp, expect, test } from './fixtures.js';

const SCRIPT_PROMPT = 'form:PurchaseOrders@group:Purchasing/script';
const isModelWorker = (url: string): boolean => /\/mergeModelWorker[^/]*\.js$/.test(url);

async function showScriptPrompt(app: CarryoverApp, page: Page): Promise<void> {
  await app.openSample();
  await app.analyze();
  await page.getByRole('button', { name: 'Next prompt' }).click();
  await page.getByRole('listbox', { name: 'Prompts' }).getByText(SCRIPT_PROMPT).click();
}

async function expectEditorWithConflict(page: Page): Promise<void> {
  // Monaco's chunk may take a while on a loaded machine (and routing requests disables the cache).
  await expect(page.getByRole('heading', { name: 'Script merge', level: 1 })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('list', { name: 'Conflicts' }).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('region', { name: 'Result' }).locator('.view-lines')).toContainText('<<<<<<< customized');
  // The word changes come with the model.
  await expect(page.getByRole('region', { name: 'Customized' }).locator('.co-word-customized').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Source base' }).locator('.co-word-source').first()).toBeVisible();
}

test('builds the merge model in its worker as soon as a script prompt is shown, before Edit', async ({ app, page }) => {
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await showScriptPrompt(app, page);
  // The Prompts screen started it: no Edit yet.
  await expect.poll(() => workers.filter(isModelWorker).length).toBe(1);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expectEditorWithConflict(page);
  // Cancel and Edit again: the same worker, the remembered model.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expectEditorWithConflict(page);
  expect(workers.filter(isModelWorker)).toHaveLength(1);
});

test('makes the editors ahead while a script prompt is read, and Edit moves them into its panes', async ({ app, page }) => {
  const ahead = page.locator('.merge-editors-ahead .monaco-editor');
  await showScriptPrompt(app, page);
  // A second after the prompt appears, when the browser is idle: the three editors, hidden.
  await expect(ahead).toHaveCount(3, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expectEditorWithConflict(page);
  await expect(ahead).toHaveCount(0);
  for (const pane of ['Customized', 'Source base', 'Result']) await expect(page.getByRole('region', { name: pane }).locator('.monaco-editor')).toHaveCount(1);
  // They work as editors made on Edit do: F7, taking a side, typing in the Result.
  const result = (): Promise<string> => page.evaluate(() => window.carryoverScriptMerge?.result() ?? '');
  await page.getByRole('region', { name: 'Result' }).locator('.view-lines').click();
  await page.keyboard.press('F7');
  await page.getByRole('button', { name: 'Take source base for conflict 1' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'conflicts resolved' })).toHaveText('1 of 1 conflicts resolved');
  expect(await result()).not.toContain('<<<<<<<');
  await page.getByRole('region', { name: 'Result' }).locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('REM made ahead');
  expect(await result()).toMatch(/REM made ahead$/);
  // Cancel: made ahead again for the prompt shown; another prompt lets them go.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(ahead).toHaveCount(3, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Next prompt' }).click();
  await expect(ahead).toHaveCount(0);
});

// Without the shared fixture: this journey expects the console error that reports the fallback.
plain('opens the merge editor, built on the page, when the worker cannot load', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.route((url) => isModelWorker(url.href), (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(process.env.CARRYOVER_WEB_URL as string);
  const app = new CarryoverApp(page);
  await showScriptPrompt(app, page);
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await expectEditorWithConflict(page);
  expect(errors.filter((e) => e.includes("The merge model's worker failed"))).toHaveLength(1);
  expect(errors.filter((e) => !e.includes("The merge model's worker failed") && !e.includes('404'))).toEqual([]);
});
