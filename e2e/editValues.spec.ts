/**
 * Journey: answers beyond keep and replace, at the two window sizes a newcomer uses (1400×900 and
 * 1024×700): *Merge attributes* on a global object each side changed in different attributes,
 * with a preview of the merged object; and *Edit* on a JSON value, checked as it is typed
 * (invalid → valid → applied), the problem shown with its JSON pointer.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { ROOT, test, expect } from './fixtures.js';
import { tempDir } from './files.js';

for (const viewport of [
  { width: 1400, height: 900 },
  { width: 1024, height: 700 },
]) {
  const size = `${viewport.width}x${viewport.height}`;
  test.describe(`at ${size}`, () => {
    test.use({ viewport });

    test('merge attributes: the customer message and the vendor filter both kept, previewed before answering', async ({ app, page }) => {
      await app.openSample();
      await app.analyze();
      await page.getByRole('button', { name: 'Next prompt' }).click();
      await page.getByRole('listbox', { name: 'Prompts' }).getByText('global:validators/CustNumValid@site').click();
      await expect(page.getByText(/but not the same attributes/)).toBeVisible();

      const preview = page.getByRole('region', { name: 'Merged attributes' });
      await expect(preview).toBeVisible();
      await expect(preview.getByRole('row', { name: 'message: changed by customized' })).toContainText('mCustomerNotFoundCallAR');
      await expect(preview.getByRole('row', { name: 'filter: changed by source base' })).toContainText("Stat <> 'I'");
      await expect(preview.getByRole('row', { name: 'ido: unchanged' })).toContainText('SLCustomers');
      // Edit is not offered for a whole global object, and says why (naming the merge).
      await expect(page.getByRole('button', { name: 'Edit', exact: true })).toBeDisabled();
      await expect(page.getByText(/Edit is not offered: .*merge their attributes/)).toBeVisible();

      const merge = page.getByRole('button', { name: 'Merge attributes' });
      await merge.click();
      await expect(page.getByRole('listbox', { name: 'Prompts' }).getByRole('option', { name: /CustNumValid@site/ })).toContainText('Merged attributes');
      await page.getByRole('listbox', { name: 'Prompts' }).getByText('global:validators/CustNumValid@site').click();
      await expect(merge).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByLabel('Answer').getByText('Merged attributes')).toBeVisible();
      await expect(preview).toContainText('chosen:');
      // The preview and the buttons fit the window: nothing is cut off sideways.
      const box = await preview.boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(viewport.width);
      await app.screenshot(`edit-values-merge-attributes-${size}`, true);
    });

    test('edit a JSON value: refused while it is not valid JSON, with where; applied once it is', async ({ app, page }) => {
      await app.openSample();
      await app.analyze();
      await page.getByRole('button', { name: 'Next prompt' }).click();
      await page.getByRole('listbox', { name: 'Prompts' }).getByText('form:Customers@user:C_Jones/components/CustNum/validators').click();
      await page.getByRole('button', { name: 'Edit', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'Edit value', level: 1 })).toBeVisible();

      const editor = page.getByRole('textbox', { name: 'Edited value (JSON)' });
      const apply = page.getByRole('button', { name: 'Apply' });
      const status = page.locator('#json-status');
      await expect(apply).toBeEnabled();
      await editor.fill('[\n  "CustNumValid",\n  "CustNumExists",\n  "CustCreditCheck",\n');
      await expect(apply).toBeDisabled();
      await expect(editor).toHaveAttribute('aria-invalid', 'true');
      await expect(status).toContainText(/line 5/);
      await expect(apply).toHaveAttribute('title', /^Apply is disabled: /);
      await app.screenshot(`edit-values-json-invalid-${size}`, true);

      await editor.fill('["CustNumValid", "CustNumExists", "CustCreditCheck"]');
      await expect(apply).toBeEnabled();
      await expect(status).toContainText('Valid');
      await apply.click();
      await expect(page.getByRole('heading', { name: 'Prompts', level: 1 })).toBeVisible();
      await page.getByRole('listbox', { name: 'Prompts' }).getByText('form:Customers@user:C_Jones/components/CustNum/validators').click();
      await expect(page.getByLabel('Answer').getByText('Edited')).toBeVisible();
    });
  });
}

test('edit an event handler list: a wrong shape is shown with its JSON pointer until it is fixed', async ({ app, page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const dir = tempDir('edit-values');
  const scenario = path.join(ROOT, 'fixtures', 'scenarios', '19-events-prompt');
  cpSync(path.join(scenario, 'source'), path.join(dir, 'release'), { recursive: true });
  cpSync(path.join(scenario, 'target'), path.join(dir, 'customer'), { recursive: true });
  await page.getByRole('combobox', { name: 'Source' }).fill(path.join(dir, 'release'));
  await page.getByRole('combobox', { name: 'Target' }).fill(path.join(dir, 'customer'));
  await page.getByRole('button', { name: 'Open configurations' }).click();
  await expect(page.getByRole('heading', { name: 'Options', level: 1 })).toBeVisible();
  await app.analyze();
  await page.getByRole('button', { name: 'Next prompt' }).click();
  await page.getByRole('listbox', { name: 'Prompts' }).getByText('form:CustomerOrders@user:B_Smith/eventHandlers/StdFormPredisplay').click();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();

  const editor = page.getByRole('textbox', { name: 'Edited value (JSON)' });
  const apply = page.getByRole('button', { name: 'Apply' });
  const status = page.locator('#json-status');
  await editor.fill('[{"responseType": "Method", "response": "InitForm(True)", "keep": "SOMETIMES"}]');
  await expect(apply).toBeDisabled();
  await expect(status).toContainText('At /0/keep');
  await expect(status).toContainText('/eventHandlers/StdFormPredisplay/0/keep');
  await expect(status).toContainText('keep must be one of');
  await app.screenshot('edit-values-json-shape-1400x900', true);
  await editor.fill('{"responseType": "Method"}');
  await expect(status).toContainText('expected an array, found an object');
  await editor.fill('[{"responseType": "Method", "response": "InitForm(True)", "keep": "LAST"}]');
  await expect(apply).toBeEnabled();
  await apply.click();
  await page.getByRole('listbox', { name: 'Prompts' }).getByText('form:CustomerOrders@user:B_Smith/eventHandlers/StdFormPredisplay').click();
  await expect(page.getByLabel('Answer').getByText('Edited')).toBeVisible();
});
