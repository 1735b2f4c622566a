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
  });
}
