/**
 * Journey: open the bundled sample, analyze it, review the result, and walk and answer every
 * prompt, with the keyboard as much as the mouse.
 */
import { test, expect } from './fixtures.js';

test.describe('the bundled sample', () => {
  test('opens, analyzes with progress, and shows the review tree with badges and counts', async ({ app, page }) => {
    await app.openSample();
    await expect(page.getByLabel('Current pair')).toContainText('Acme production forms');
    await page.getByRole('tab', { name: 'Global objects' }).click();
    await expect(page.getByRole('tab', { name: 'Global objects' })).toHaveAttribute('aria-selected', 'true');
    await page.getByRole('tab', { name: 'Explorer' }).click();
    await page.getByRole('tab', { name: 'Forms' }).click();
    await app.analyze();

    await expect(app.counter()).toHaveText('8 prompts left');
    const counts = page.getByLabel('Counts');
    await expect(counts).toContainText('versions');
    await expect(counts).toContainText('with prompts');
    const tree = page.getByRole('tree', { name: 'Versions' });
    await expect(tree.getByRole('treeitem', { name: /^Forms/ })).toBeVisible();
    await expect(tree.getByRole('treeitem', { name: /User C_Jones/ })).toContainText('1 prompt');
    await expect(tree.getByRole('treeitem', { name: /User B_Smith.*phantom/ }).first()).toBeVisible();

    // Filter by status, then search by name.
    await page.getByLabel('Filter by status').selectOption('prompt');
    await expect(tree.getByRole('treeitem', { name: /^Vendor automatic/ })).toHaveCount(0);
    await expect(tree.getByRole('treeitem', { name: /User C_Jones/ })).toBeVisible();
    await page.getByLabel('Filter by status').selectOption('all');
    await page.getByLabel('Search by name').fill('Invoices');
    await expect(tree.getByRole('treeitem', { name: /^Invoices/ })).toBeVisible();
    await expect(tree.getByRole('treeitem', { name: /^Customers/ })).toHaveCount(0);
    await page.getByLabel('Search by name').fill('');

    // A version's table: Customized, Target base, Source base, Result, with decision and reason.
    await tree.getByRole('treeitem', { name: /User C_Jones/ }).click();
    const table = page.getByRole('table', { name: 'Version details' });
    for (const column of ['Customized', 'Target base', 'Source base', 'Result', 'Decision']) {
      await expect(table.getByRole('columnheader', { name: column, exact: true })).toBeVisible();
    }
    const caption = table.getByRole('row', { name: /^caption Cust #/ });
    await expect(caption).toContainText('kept-customization');
    await expect(caption).toContainText('vendor did not change');
  });

  test('walks and answers every prompt; the counter and Commit agree', async ({ app, page }) => {
    await app.openSample();
    await app.analyze();
    await expect(app.counter()).toHaveText('8 prompts left');

    // Alt+N from anywhere brings the prompts; Alt+N / Alt+P move between them.
    await page.keyboard.press('Alt+N');
    await expect(page.getByRole('heading', { name: 'Prompts', level: 1 })).toBeVisible();
    await expect(page.getByText('Prompt 1 of 8')).toBeVisible();
    await page.keyboard.press('Alt+N');
    await expect(page.getByText('Prompt 2 of 8')).toBeVisible();
    await page.keyboard.press('Alt+P');
    await expect(page.getByText('Prompt 1 of 8')).toBeVisible();
    await page.getByRole('button', { name: 'Next prompt' }).click();
    await expect(page.getByText('Prompt 2 of 8')).toBeVisible();
    await page.getByRole('button', { name: 'Previous prompt' }).click();
    await expect(page.getByText('Prompt 1 of 8')).toBeVisible();

    // Each prompt shows the three values side by side.
    for (const pane of ['Customized', 'Target base', 'Source base']) await expect(page.getByRole('region', { name: pane })).toBeVisible();

    // Answer the first with the keyboard only: Tab to "Keep customization" and press Enter.
    const keep = page.getByRole('button', { name: 'Keep customization' });
    await keep.focus();
    await page.keyboard.press('Enter');
    await expect(app.counter()).toHaveText('7 prompts left');

    // Commit waits for the last prompt.
    await app.step('Commit');
    await expect(page.getByRole('button', { name: 'Commit', exact: true })).toBeDisabled();

    // "Use merged" is offered where the script merges cleanly.
    await app.step('Prompts');
    await page.getByRole('listbox', { name: 'Prompts' }).getByText('form:Invoices@site/script').click();
    await page.getByRole('button', { name: 'Use merged' }).click();
    await expect(app.counter()).toHaveText('6 prompts left');

    // Answers can be changed until commit.
    await page.getByRole('listbox', { name: 'Prompts' }).getByText('form:Invoices@site/script').click();
    await expect(page.getByRole('button', { name: 'Use merged' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: 'Use source base' }).click();
    await expect(app.counter()).toHaveText('6 prompts left');

    const answered = await app.answerEveryPrompt('Use source base');
    expect(answered).toBe(6);
    await expect(app.counter()).toHaveText('No prompts left');
    await app.step('Commit');
    await expect(page.getByRole('button', { name: 'Commit', exact: true })).toBeEnabled();
  });
});
