/**
 * Journey: commit in place, then "Undo this decision" on one decision: that value goes back to
 * what it was, the rest of the commit stays, and a second undo of it is refused with the reason.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './fixtures.js';
import { snapshot } from './files.js';

test('undoes one decision of an in-place commit from the Commit screen', async ({ app, page }) => {
  await app.openSample();
  await app.analyze();
  const { target } = await app.pairRoots();
  const original = JSON.parse(readFileSync(path.join(target, 'site', 'forms', 'Items.json'), 'utf8')) as { components: Record<string, Record<string, unknown>> };
  await page.getByRole('button', { name: 'Next prompt' }).click();
  await app.answerEveryPrompt('Keep customization');
  await app.step('Commit');
  await page.getByRole('radio', { name: 'Update the Target in place' }).check();
  await page.getByRole('button', { name: 'Commit', exact: true }).click();
  await expect(page.getByText('The Target was updated in place.')).toBeVisible();
  const committed = snapshot(target);
  const merged = JSON.parse(readFileSync(path.join(target, 'site', 'forms', 'Items.json'), 'utf8')) as typeof original;
  expect(merged.components['Description'].width).not.toEqual(original.components['Description'].width);

  const id = 'form:Items@site/components/Description/width';
  const item = page.getByRole('list', { name: 'Decisions of this commit' }).getByRole('listitem', { name: id, exact: true });
  await item.getByRole('button', { name: 'Undo this decision' }).click();
  await expect(item.getByRole('status')).toContainText('restored to its value before the commit');

  const undone = JSON.parse(readFileSync(path.join(target, 'site', 'forms', 'Items.json'), 'utf8')) as typeof original;
  expect(undone.components['Description'].width).toEqual(original.components['Description'].width);
  expect({ ...undone, components: { ...undone.components, Description: merged.components['Description'] } }).toEqual(merged);
  // Every other file of the commit is as it was written.
  const now = snapshot(target);
  for (const [file, hash] of committed) if (file !== 'site/forms/Items.json') expect(now.get(file), file).toBe(hash);
});
