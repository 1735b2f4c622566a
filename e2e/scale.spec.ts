/**
 * Journey at scale: a configuration of thousands of versions analyzes with a real progress bar
 * and can be cancelled; the tree and tables stay windowed; a 20,000-line script opens in the
 * merge editor and resolves.
 */
import { utimesSync } from 'node:fs';
import path from 'node:path';
import { test, expect, type CarryoverApp } from './fixtures.js';
import { tempDir } from './files.js';
import { generateLargePair } from './generate.js';

const FORMS = 3000;
const SCRIPT_LINES = 20_000;

test.describe.configure({ mode: 'serial', timeout: 300_000 });

let pair: { source: string; target: string };

test.beforeAll(() => {
  pair = generateLargePair(path.join(tempDir('large'), 'pair'), FORMS, SCRIPT_LINES);
});

/** Changes a file's times (not its bytes): the app must read the folder again before analyzing. */
function touch(file: string): void {
  const now = new Date();
  utimesSync(file, now, now);
}

async function openLarge(app: CarryoverApp): Promise<void> {
  const { page } = app;
  await page.getByRole('combobox', { name: 'Source' }).fill(pair.source);
  await page.getByRole('combobox', { name: 'Target' }).fill(pair.target);
  await page.getByRole('button', { name: 'Open configurations' }).click();
  await expect(page.getByRole('heading', { name: 'Options', level: 1 })).toBeVisible({ timeout: 120_000 });
}

test('analyzes thousands of versions with a progress bar, cancels, and keeps the tree windowed', async ({ app, page }) => {
  await openLarge(app);
  const bar = page.getByRole('progressbar', { name: 'Analysis progress' });
  // Cancel while it runs: the Target is touched, so the analysis reads both configurations again
  // (9,000 files), and the click comes as soon as the bar shows, so a fast machine cannot finish first.
  touch(path.join(pair.target, 'configuration.json'));
  await page.getByRole('button', { name: 'Analyze', exact: true }).click();
  await expect(bar).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click({ timeout: 10_000 });
  await expect(page.getByText('Analysis cancelled.')).toBeVisible();
  await expect(bar).toHaveCount(0);
  await expect(app.counter()).toHaveCount(0);

  // Again, to the end, recording every value the bar shows on the way (an observer in the page,
  // so no update is missed however fast the machine is).
  //
  // Real counts, rising: first of the files read (both configurations, 6,000 files and more),
  // then of the objects analyzed. The page polls the job every 80 ms (renderer/src/store/jobs.ts),
  // so a count is seen only when a poll is answered while its phase lasts. On two cores, with the
  // server reading and parsing flat out, the browser sometimes gets no poll answered for the
  // second or two that reading takes, and the analysis can end between two polls: then the whole
  // analysis is run once more (up to three times), and one run must show a partial count. Every
  // count shown must be consistent; that the server reports both phases' counts as it goes is
  // checked report by report in electron/backend/handlers.test.ts.
  const counts = (seen: readonly string[], unit: string): number[][] =>
    seen.filter((v) => v.endsWith(unit)).map((v) => v.split(' | ')[0].split(' of ').map(Number));
  const partialCounts = (seen: readonly string[], unit: string): number[][] => counts(seen, unit).filter(([done, total]) => done > 0 && done < total);
  let seen: string[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (attempt > 1) await app.step('Options');
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: { seen: string[] } }).progressSeen = { seen };
      new MutationObserver(() => {
        const value = document.querySelector('[role="progressbar"][aria-label="Analysis progress"]')?.getAttribute('aria-valuetext');
        const line = document.querySelector('.progress-line')?.textContent ?? '';
        const entry = `${value} | ${line}`;
        if (value && seen[seen.length - 1] !== entry) seen.push(entry);
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-valuetext'] });
    });
    touch(path.join(pair.target, 'configuration.json'));
    await page.getByRole('button', { name: 'Analyze', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Review', level: 1 })).toBeVisible({ timeout: 180_000 });
    seen = (await page.evaluate(() => (window as unknown as { progressSeen: { seen: string[] } }).progressSeen)).seen;
    for (const [unit, least] of [['files read', 2 * FORMS], ['objects analyzed', FORMS]] as const) {
      const partial = partialCounts(seen, unit);
      expect(partial.every(([, total]) => total === partial[0][1] && total >= least)).toBe(true);
      expect(partial.map(([done]) => done)).toEqual([...partial.map(([done]) => done)].sort((a, b) => a - b));
    }
    if (partialCounts(seen, 'files read').length + partialCounts(seen, 'objects analyzed').length > 0) break;
    test.info().annotations.push({ type: 'note', description: `run ${attempt}: no partial count was polled: ${seen.join(', ')}` });
    expect(attempt, `progress seen ${seen.join(', ')}`).toBeLessThan(3);
  }
  // Once objects are counted, files are not (reading is over). When no count of objects was
  // polled, there is nothing to order.
  const firstAnalyzed = seen.findIndex((v) => v.endsWith('objects analyzed'));
  if (firstAnalyzed >= 0) expect(seen.slice(firstAnalyzed).some((v) => v.endsWith('files read'))).toBe(false);
  await expect(app.counter()).toHaveText(`${FORMS / 100 + 1} prompts left`);
  await expect(page.getByLabel('Counts')).toContainText(`${2 * FORMS + 2}`);

  // Thousands of versions, a few dozen rows in the page.
  const tree = page.getByRole('tree', { name: 'Versions' });
  expect(await tree.getByRole('treeitem').count()).toBeLessThan(80);
  await tree.focus();
  await page.keyboard.press('End');
  await expect(tree.getByRole('treeitem', { name: /^Site/ }).last()).toBeVisible();
  await page.getByLabel('Search by name').fill('Form02999');
  await tree.getByRole('treeitem', { name: /^Site/ }).click();
  const table = page.getByRole('table', { name: 'Version details' });
  await expect(table.getByRole('row', { name: /^width/ }).first()).toContainText('took-source');
  await expect(table.getByRole('row', { name: /^caption Customer caption/ })).toContainText('kept-customization');
});

test('merges a 20,000-line script in the editor', async ({ app, page }) => {
  await openLarge(app);
  await page.getByRole('button', { name: 'Analyze', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Review', level: 1 })).toBeVisible({ timeout: 180_000 });
  await page.getByRole('button', { name: 'Next prompt' }).click();
  await page.getByRole('listbox', { name: 'Prompts' }).getByText('form:BigScript@site/script').click();
  // How fast it opens is measured by `npm run bench -- --only app`, never asserted here.
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  const conflicts = page.getByRole('list', { name: 'Conflicts' });
  await expect(conflicts.getByRole('listitem')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Result' }).locator('.view-lines')).toContainText('<<<<<<< customized');
  // Non-conflicting changes from both sides are already in the Result.
  const result = (): Promise<string> => page.evaluate(() => window.carryoverScriptMerge?.result() ?? '');
  expect(await result()).toContain(`"acme ${SCRIPT_LINES * 0.25}"`);
  expect(await result()).toContain(`"vendor ${SCRIPT_LINES - 5}"`);
  await page.getByRole('button', { name: 'Take customized for conflict 1' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'conflicts resolved' })).toHaveText('1 of 1 conflicts resolved');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(app.counter()).toHaveText(`${FORMS / 100} prompts left`);
});
