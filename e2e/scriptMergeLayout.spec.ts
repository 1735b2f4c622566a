/**
 * Journey: the script merge editor at 1024×700 and 1400×900: the actions stay together on one
 * row inside the window, and each pane's title is one line, with the target base shown too.
 */
import { expect, test } from './fixtures.js';

for (const viewport of [
  { width: 1400, height: 900 },
  { width: 1024, height: 700 },
]) {
  test(`keeps the merge editor's actions together and its pane titles on one line at ${viewport.width}×${viewport.height}`, async ({ app, page }) => {
    await page.setViewportSize(viewport);
    await app.openSample();
    await app.analyze();
    await page.getByRole('button', { name: 'Next prompt' }).click();
    await page.getByRole('listbox', { name: 'Prompts' }).getByText('form:PurchaseOrders@group:Purchasing/script').click();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await expect(page.getByRole('list', { name: 'Conflicts' })).toBeVisible({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Show target base' }).click();
    await expect(page.getByRole('region', { name: 'Target base' })).toBeVisible();

    const actions = ['Previous conflict', 'Next conflict', 'Show target base', 'Cancel', 'Apply'];
    const boxes = await Promise.all(actions.map((name) => page.getByRole('button', { name }).boundingBox()));
    for (const [i, box] of boxes.entries()) {
      expect(box, actions[i]).not.toBeNull();
      expect(box!.x + box!.width, `${actions[i]} inside the window`).toBeLessThanOrEqual(viewport.width);
      expect(Math.abs(box!.y - boxes[0]!.y), `${actions[i]} on the row of the others`).toBeLessThan(4);
    }

    const titles = page.locator('.merge-screen .pane-title');
    await expect(titles).toHaveCount(4);
    const heights = await titles.evaluateAll((elements) => elements.map((e) => e.getBoundingClientRect().height));
    expect(new Set(heights).size, `pane title heights ${heights.join(', ')}`).toBe(1);
  });
}
