/**
 * The e2e fixtures: a page on web mode that fails the test on any page error, console error or
 * request leaving the local server, and a small page object for the steps every journey shares.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export { expect };

declare global {
  interface Window {
    /** The script merge editor's test hook (renderer/src/features/scriptMerge/ScriptMergeEditor.tsx). */
    carryoverScriptMerge?: { result(): string };
  }
}

export const ROOT = path.resolve(import.meta.dirname, '..');

export class CarryoverApp {
  constructor(readonly page: Page) {}

  /** Goes to a step through the side navigation. */
  async step(name: 'Configurations' | 'Options' | 'Analyze' | 'Review' | 'Prompts' | 'Commit' | 'Reports'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name }).click();
  }

  counter(): Locator {
    return this.page.getByRole('banner').getByRole('status');
  }

  /** Opens the bundled sample (a fresh working copy each time) and lands on Options. */
  async openSample(): Promise<void> {
    await this.page.getByRole('button', { name: 'Open sample' }).click();
    await expect(this.page.getByRole('heading', { name: 'Options', level: 1 })).toBeVisible();
  }

  /** Analyzes with the options shown and waits for Review. */
  async analyze(): Promise<void> {
    await this.page.getByRole('button', { name: 'Analyze', exact: true }).click();
    await expect(this.page.getByRole('heading', { name: 'Review', level: 1 })).toBeVisible({ timeout: 60_000 });
  }

  /** The folders of the opened pair, as the Configurations step shows them. */
  async pairRoots(): Promise<{ source: string; target: string }> {
    await this.step('Configurations');
    const source = await this.page.getByLabel('Source', { exact: true }).inputValue();
    const target = await this.page.getByLabel('Target', { exact: true }).inputValue();
    return { source, target };
  }

  /** Answers the current prompt with the first answer that fits it, until none is left. */
  async answerEveryPrompt(prefer: 'Keep customization' | 'Use source base' = 'Keep customization'): Promise<number> {
    let answered = 0;
    for (;;) {
      const text = (await this.counter().textContent()) ?? '';
      if (text === 'No prompts left') return answered;
      if (answered > 200) throw new Error('too many prompts');
      if (!(await this.page.getByRole('heading', { name: 'Prompts', level: 1 }).isVisible())) {
        await this.page.getByRole('button', { name: 'Next prompt' }).click();
      }
      const preferred = this.page.getByRole('button', { name: prefer });
      const button = (await preferred.isEnabled()) ? preferred : this.page.getByRole('button', { name: 'Keep customization' });
      await button.click();
      answered += 1;
      await expect(this.counter()).not.toHaveText(text);
    }
  }

  /**
   * Saves a screenshot under test-results/screens; one marked for the docs goes to
   * docs/screenshots instead when CARRYOVER_SCREENSHOTS=1.
   */
  async screenshot(name: string, forDocs = false): Promise<void> {
    const docs = forDocs && process.env.CARRYOVER_SCREENSHOTS === '1';
    const dir = docs ? path.join(ROOT, 'docs', 'screenshots') : path.join(ROOT, 'test-results', 'screens');
    mkdirSync(dir, { recursive: true });
    await this.page.screenshot({ path: path.join(dir, `${name}.png`) });
  }
}

export const test = base.extend<{ app: CarryoverApp }>({
  page: async ({ page }, use) => {
    const problems: string[] = [];
    const url = process.env.CARRYOVER_WEB_URL;
    if (!url) throw new Error('CARRYOVER_WEB_URL is not set: run through playwright.config.ts (global setup starts web mode)');
    const origin = new URL(url).origin;
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('request', (request) => {
      const u = request.url();
      if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`request outside the app: ${u}`);
    });
    await use(page);
    expect(problems, 'no page errors, console errors or outside requests').toEqual([]);
  },
  app: async ({ page }, use) => {
    await page.goto(process.env.CARRYOVER_WEB_URL as string);
    await expect(page.getByRole('heading', { name: 'Configurations', level: 1 })).toBeVisible();
    await use(new CarryoverApp(page));
  },
});
