/** Journey: pick folders by typing (with completion) and see every problem of an invalid configuration. */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, test, expect } from './fixtures.js';
import { tempDir } from './files.js';

test('lists every problem of an invalid configuration and stops at Configurations', async ({ app }) => {
  const { page } = app;
  const dir = tempDir('invalid');
  cpSync(path.join(ROOT, 'fixtures', 'sample', 'source'), path.join(dir, 'release'), { recursive: true });
  cpSync(path.join(ROOT, 'fixtures', 'sample', 'target'), path.join(dir, 'customer'), { recursive: true });
  // Three problems: broken JSON, an unknown key, a file the layout does not define.
  mkdirSync(path.join(dir, 'customer', 'users', 'Z_Broken', 'forms'), { recursive: true });
  writeFileSync(path.join(dir, 'customer', 'users', 'Z_Broken', 'forms', 'Customers.json'), '{ "name": "Customers", ');
  writeFileSync(path.join(dir, 'customer', 'site', 'forms', 'Items.json'), JSON.stringify({ name: 'Items', colour: 'red' }));
  writeFileSync(path.join(dir, 'customer', 'notes.txt'), 'not part of a configuration');

  // Folder completion: type the parent, pick the folder from the suggestions.
  const source = page.getByRole('combobox', { name: 'Source' });
  await source.fill(`${dir}/re`);
  const suggestions = page.getByRole('listbox', { name: 'Folder suggestions' });
  await expect(suggestions.getByRole('option', { name: 'release/' })).toBeVisible();
  await source.press('ArrowDown');
  await source.press('Enter');
  await expect(source).toHaveValue(`${dir}/release/`);
  await page.getByRole('combobox', { name: 'Target' }).fill(path.join(dir, 'customer'));
  await page.getByRole('button', { name: 'Open configurations' }).click();

  const problems = page.getByRole('list', { name: 'Configuration problems' });
  await expect(problems.getByRole('listitem')).toHaveCount(3);
  await expect(problems).toContainText('users/Z_Broken/forms/Customers.json');
  await expect(problems).toContainText('site/forms/Items.json#/colour');
  await expect(problems).toContainText('notes.txt');
  await expect(page.getByRole('heading', { name: 'Configurations', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: 'Options' })).toHaveAttribute('aria-disabled', 'true');

  // A folder that does not exist is refused before anything is read.
  await page.getByRole('combobox', { name: 'Target' }).fill(path.join(dir, 'nowhere'));
  await page.getByRole('button', { name: 'Open configurations' }).click();
  await expect(problems).toContainText('does not exist');
});
