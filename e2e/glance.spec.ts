/**
 * Journey: "compare at a glance" at the two window sizes a newcomer uses (1400×900 and
 * 1024×700): the prompts' three sides aligned with word-level marks and answer buttons that say
 * what the question asks, Review showing changes only, the reports' new fields, and web mode's
 * folder fields.
 */
import { test, expect } from './fixtures.js';

for (const viewport of [
  { width: 1400, height: 900 },
  { width: 1024, height: 700 },
]) {
  const size = `${viewport.width}x${viewport.height}`;
  test.describe(`at ${size}`, () => {
    test.use({ viewport });

    test('prompts: the three sides aligned and readable, answers worded as the question, a way on to Commit', async ({ app, page }) => {
      await app.openSample();
      await app.analyze();
      await page.getByRole('button', { name: 'Next prompt' }).click();
      const list = page.getByRole('listbox', { name: 'Prompts' });

      // A script: one line changed by the customizer, marked word by word, aligned with the target base.
      await list.getByText('form:Invoices@site/script').click();
      const customized = page.getByRole('region', { name: 'Customized' });
      const targetBase = page.getByRole('region', { name: 'Target base' });
      const sourceBase = page.getByRole('region', { name: 'Source base' });
      for (const pane of [customized, targetBase, sourceBase]) {
        const box = await pane.boundingBox();
        expect(box?.width ?? 0, `${size}: each side is wide enough to read`).toBeGreaterThan(viewport.width > 1200 ? 330 : 230);
      }
      await expect(customized.locator('mark.word').first()).toHaveText(/AndAlso/);
      const changedLine = customized.locator('.tw-text.changed').first();
      await expect(changedLine).toContainText('Return amt >= 0 AndAlso');
      // The whole line is readable (wrapped, not cut off).
      const fits = await changedLine.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
      expect(fits, 'the changed line wraps instead of being cut off').toBe(true);
      // Aligned: the changed customized line sits on the same row as its target base line.
      const cBox = await changedLine.boundingBox();
      const tBox = await targetBase.locator('.tw-text.changed').first().boundingBox();
      expect(Math.abs((cBox?.y ?? 0) - (tBox?.y ?? -100))).toBeLessThan(2);
      // The source base added a line: a gap on the other two sides.
      await expect(customized.locator('.tw-gap').first()).toBeAttached();
      await app.screenshot(`glance-prompts-script-${size}`);
      if (viewport.width === 1024) await app.screenshot('06-prompts-1024', true);

      // A JSON list: one item per line, the added item marked.
      await list.getByText('form:Customers@user:C_Jones/components/CustNum/validators').click();
      await expect(customized.locator('mark.word').filter({ hasText: 'CustCreditCheck' })).toBeVisible();
      await expect(sourceBase.locator('mark.word').filter({ hasText: 'CustNumExists' })).toBeVisible();

      // The vendor removed the component: "Use source base" says Remove; Edit says why not.
      await list.getByText('form:Items@site/components/ProductCode').click();
      const remove = page.getByRole('button', { name: 'Use source base' });
      await expect(remove).toHaveText('Remove');
      await expect(page.getByRole('button', { name: 'Edit', exact: true })).toBeDisabled();
      await expect(page.getByText(/Edit is not offered: .*vendor removed it/)).toBeVisible();
      await expect(sourceBase).toContainText('the vendor removed it');
      await app.screenshot(`glance-prompts-removed-${size}`);

      // The customizer deleted it: Keep it deleted / Restore source base.
      await list.getByText('form:Items@user:D_Lee/components/Description').click();
      await expect(page.getByRole('button', { name: 'Keep customization' })).toHaveText('Keep it deleted');
      await expect(page.getByRole('button', { name: 'Use source base' })).toHaveText('Restore source base');

      // After the last answer, a clear way on to Commit.
      await expect(page.getByRole('button', { name: 'Go to Commit' })).toHaveCount(0);
      await app.answerEveryPrompt('Keep customization');
      await page.getByRole('button', { name: 'Go to Commit' }).click();
      await expect(page.getByRole('heading', { name: 'Commit', level: 1 })).toBeVisible();
    });

    test('review: changes only by default, next / previous change, warnings in full, a search that finds nothing says so', async ({ app, page }) => {
      await app.openSample();
      await app.screenshot(`glance-options-${size}`);
      // The Options screen fits the window: nothing scrolls sideways.
      for (const tab of ['Forms', 'Global objects', 'Explorer', 'General']) {
        await page.getByRole('tab', { name: tab }).click();
        const overflowing = await page.evaluate(() => {
          // Every control stays inside the card that holds it.
          const out: string[] = [];
          for (const el of document.querySelectorAll('main .card input, main .card select, main .card button, main .card label')) {
            const card = el.closest('.card');
            if (!card) continue;
            const box = el.getBoundingClientRect();
            if (box.width > 0 && box.right > card.getBoundingClientRect().right + 1) out.push(el.textContent?.trim() || el.id || el.tagName);
          }
          return out;
        });
        expect(overflowing, `${size}: the ${tab} tab fits its card`).toEqual([]);
      }
      await page.getByRole('tab', { name: 'Forms' }).click();
      await app.analyze();
      const tree = page.getByRole('tree', { name: 'Versions' });
      await page.getByLabel('Search by name').fill('Customers');
      await tree.getByRole('treeitem', { name: /User C_Jones.*prompt/ }).click();
      const table = page.getByRole('table', { name: 'Version details' });
      await expect(page.getByLabel('Changes only')).toBeChecked();
      await expect(table.getByRole('row', { name: /^caption Cust #/ })).toBeVisible();
      // Rows where all four values agree are hidden; unchecking shows them.
      const rowCount = async () => Number(await table.getAttribute('aria-rowcount'));
      const shown = await rowCount();
      await expect(page.getByText(/equal rows hidden/)).toBeVisible();
      await page.getByLabel('Changes only').uncheck();
      await expect.poll(rowCount).toBeGreaterThan(shown);
      await page.getByLabel('Changes only').check();
      // Next change selects a changed row and shows it whole below the table.
      await page.getByRole('button', { name: 'Next change' }).click();
      await expect(page.locator('.row-detail')).toBeVisible();
      await page.getByRole('button', { name: 'Next change' }).click();
      await page.getByRole('button', { name: 'Previous change' }).click();
      await expect(table.getByRole('row', { selected: true })).toHaveCount(1);
      // Columns resize.
      const header = table.getByRole('columnheader', { name: 'Customized' });
      const before = (await header.boundingBox())?.width ?? 0;
      await page.getByRole('separator', { name: 'Resize Customized' }).focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await expect.poll(async () => (await header.boundingBox())?.width ?? 0).toBeGreaterThan(before + 20);
      await app.screenshot(`glance-review-${size}`);

      // A version with a warning shows the warning's text beside its badge.
      await page.getByLabel('Search by name').fill('');
      await page.getByLabel('Filter by status').selectOption('warning');
      await tree.getByRole('treeitem', { name: /warning/ }).first().click();
      await expect(page.getByRole('list', { name: 'Warnings' }).getByRole('listitem').first()).toContainText(/\w{3,}/);

      // A search with no match says so.
      await page.getByLabel('Filter by status').selectOption('all');
      await page.getByLabel('Search by name').fill('NoSuchFormAnywhere');
      await expect(page.getByText('No version matches “NoSuchFormAnywhere”.')).toBeVisible();
    });

    test('commit and reports: a real suggested output folder, Browse, and a report that says what kind of run it was', async ({ app, page }) => {
      await app.openSample();
      await app.analyze();
      await page.keyboard.press('Alt+N');
      await app.answerEveryPrompt('Keep customization');
      await app.step('Commit');
      const output = page.getByLabel('Output folder', { exact: true });
      await expect(output).toHaveValue(/-merged$/);
      // Browse lists the sub-folders of the folder the suggestion is in.
      await page.getByRole('button', { name: 'Browse…' }).click();
      const browse = page.getByRole('group', { name: 'Sub-folders to choose from' });
      await expect(browse.getByRole('list', { name: 'Sub-folders' }).getByRole('button').first()).toBeVisible();
      await app.screenshot(`glance-commit-browse-${size}`);
      await browse.getByRole('button', { name: 'Close' }).click();
      // The warnings count follows the answers: what Commit shows before is what the report says after.
      // Wait until the count has settled (the warnings with the answers given arrive from the back end).
      const warningsCount = async () => ((await page.locator('tr', { hasText: 'Warnings' }).last().textContent()) ?? '').replace(/\D+/g, '');
      let seen = '';
      await expect
        .poll(async () => {
          const now = await warningsCount();
          const settled = now !== '' && now === seen;
          seen = now;
          return settled;
        }, { intervals: [500] })
        .toBe(true);
      const before = await warningsCount();
      await page.getByRole('button', { name: 'Commit', exact: true }).click();
      await expect(page.getByText('The merged configuration was written.')).toBeVisible();
      await page.getByRole('button', { name: 'Open report' }).click();
      const viewer = page.getByRole('region', { name: 'Report viewer' });
      await expect(viewer.getByLabel('Report kind')).toHaveText('Synchronization into a new folder');
      await expect(viewer).toContainText(/When\s*\d{4}-\d{2}-\d{2}T/);
      await expect(viewer).toContainText('User');
      await expect(viewer).toContainText(`· ${before} warnings`);
      await app.screenshot(`glance-report-${size}`);
    });
  });
}
