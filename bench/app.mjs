// The app at scale, in web mode (`node scripts/web.mjs`), driven by Playwright in Chromium:
//   - a pair whose merge touches more than 10,000 versions: opening, analysis time and how often
//     the progress bar moves while it runs, then the review tree and the version table while
//     scrolling (frame times measured in the page with requestAnimationFrame);
//   - a 20,000-line script prompt: the time from "Edit" to the merge editor showing its conflict,
//     on fresh pages with Edit clicked the instant the prompt appears (first opens), then Cancel
//     and Edit again (later opens).
// Used by bench/run.mjs; throws (and the bench says "not measured") when Chromium, Playwright or
// web mode is not available.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generate, isGenerated, pairFolder } from './generate.mjs';
import { median } from './measure.mjs';
import { generateScriptPair } from './scriptPair.mjs';

const APP_FORMS = 10_000;
const APP_CHANGED = 0.85;
const SCRIPT_LINES = 20_000;
const TARGETS = { scriptOpenMs: 500, frameMs: 50 };

const ms = (v) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);

/** Runs the app journeys and returns their figures; `line` prints. */
export async function benchApp({ root, line, runs, judge = (_target, _figure, ok) => (ok ? 'met' : 'NOT met') }) {
  const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const { chromium } = await import('playwright-core').catch(() => {
    throw new Error('playwright-core is not installed (npm install)');
  });

  const pair = pairFolder(APP_FORMS, 1, APP_CHANGED);
  if (!isGenerated(pair, APP_FORMS, 1, APP_CHANGED)) {
    line(`generating ${path.relative(root, pair)} for the app (once) ...`);
    generate({ forms: APP_FORMS, seed: 1, changed: APP_CHANGED, out: pair });
  }
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'carryover-bench-app-'));
  const scripts = generateScriptPair(path.join(scratch, 'script'), SCRIPT_LINES);
  const web = await startWebMode(root, path.join(scratch, 'data'));
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    line(`App at scale (web mode, Chromium ${browser.version()}, 1440×900)`);
    const scale = await scaleJourney(browser, web.url, pair);
    line(`  open the pair (${scale.versions.toLocaleString('en-US')} versions to review): ${ms(scale.openMs)}; analyze: ${ms(scale.analyzeMs)}`);
    line(`  progress: no count for the first ${ms(scale.firstCountMs)} (reading), then ${scale.progressUpdates} updates, longest pause ${ms(scale.longestStillMs)}`);
    line(`  review tree: ${scale.treeRows} rows in the page; scrolling: ${frames(scale.tree)}`);
    line(`  version table (${scale.tableRows} rows): select ${ms(scale.selectMs)}; scrolling: ${frames(scale.table)}`);
    const treeOk = judge(`app: review tree smooth (95th pct frame ≤ ${TARGETS.frameMs} ms)`, `${scale.tree.p95.toFixed(0)} ms, ${scale.versions.toLocaleString('en-US')} versions`, scale.tree.p95 <= TARGETS.frameMs);
    const tableOk = judge(`app: version table smooth (95th pct ≤ ${TARGETS.frameMs} ms)`, `${scale.table.p95.toFixed(0)} ms`, scale.table.p95 <= TARGETS.frameMs);
    const progressOk = judge('app: analysis progress moves while it runs', `${scale.progressUpdates} updates, longest pause ${ms(scale.longestStillMs)}`, scale.progressUpdates >= 3);
    line(`  smooth tree: ${treeOk}; smooth table: ${tableOk}; progress while analyzing: ${progressOk}`);
    const script = await scriptJourney(browser, web.url, scripts, Math.max(3, runs));
    const lines = SCRIPT_LINES.toLocaleString('en-US');
    const firstOk = judge(`app: first open of the merge editor, ${lines}-line script, Edit at once (< ${TARGETS.scriptOpenMs} ms)`, ms(script.firstOpenMs), script.firstOpenMs < TARGETS.scriptOpenMs);
    const laterOk = judge(`app: later opens of the merge editor, ${lines}-line script (< ${TARGETS.scriptOpenMs} ms)`, ms(script.laterOpenMs), script.laterOpenMs < TARGETS.scriptOpenMs);
    const runsOf = (values) => values.map((v) => Math.round(v)).join('/');
    line(`  first open of the merge editor, Edit clicked the instant a ${lines}-line script prompt appears: ${ms(script.firstOpenMs)} from Edit to its conflict (median; runs ${runsOf(script.firstMs)} ms); target < ${TARGETS.scriptOpenMs} ms: ${firstOk}`);
    line(`  later opens of the merge editor (Cancel, Edit again): ${ms(script.laterOpenMs)} (median; runs ${runsOf(script.laterMs)} ms); target < ${TARGETS.scriptOpenMs} ms: ${laterOk}`);
    return { scale, script };
  } finally {
    await browser.close();
    await web.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

function frames(f) {
  return `${f.count} frames, median ${f.median.toFixed(0)} ms, 95th percentile ${f.p95.toFixed(0)} ms, longest ${f.max.toFixed(0)} ms`;
}

/** Starts `node scripts/web.mjs --port 0` (building what is stale) and reads the URL it prints. */
export function startWebMode(root, dataDir) {
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'web.mjs'), '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`web mode did not start within 300 s: ${err.trim().split('\n').slice(-3).join(' | ')}`));
    }, 300_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /^Carryover web mode: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web mode exited with code ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

async function newPage(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}

async function openPair(page, source, target) {
  await page.getByRole('combobox', { name: 'Source' }).fill(source);
  await page.getByRole('combobox', { name: 'Target' }).fill(target);
  const start = performance.now();
  await page.getByRole('button', { name: 'Open configurations' }).click();
  await page.getByRole('heading', { name: 'Options', level: 1 }).waitFor({ timeout: 600_000 });
  return performance.now() - start;
}

/** Records requestAnimationFrame intervals in the page while `act` runs. */
async function recordFrames(page, act) {
  await page.evaluate(() => {
    const w = window;
    w.__benchFrames = [];
    w.__benchRecording = true;
    let last = performance.now();
    const tick = (now) => {
      w.__benchFrames.push(now - last);
      last = now;
      if (w.__benchRecording) w.requestAnimationFrame(tick);
    };
    w.requestAnimationFrame(tick);
  });
  await act();
  const intervals = await page.evaluate(() => {
    const w = window;
    w.__benchRecording = false;
    return w.__benchFrames.slice(1);
  });
  const sorted = [...intervals].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: median(sorted),
    p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    longFrames: sorted.filter((v) => v > TARGETS.frameMs).length,
  };
}

async function wheelOver(page, locator, steps, dy) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('nothing to scroll');
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 300));
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, dy);
    await page.waitForTimeout(30);
  }
}

async function scaleJourney(browser, url, pair) {
  const { page, errors } = await newPage(browser, url);
  try {
    const openMs = await openPair(page, path.join(pair, 'source'), path.join(pair, 'target'));

    // Analysis: poll the progress bar; count how often its value changes and the longest pause.
    const start = performance.now();
    await page.getByRole('button', { name: 'Analyze', exact: true }).click();
    const bar = page.getByRole('progressbar', { name: 'Analysis progress' });
    const review = page.getByRole('heading', { name: 'Review', level: 1 });
    // Until the first count, the bar has no value (both configurations are being read).
    let last = null;
    let lastChange = start;
    let firstCountMs = NaN;
    let longestStillMs = 0;
    let progressUpdates = 0;
    while (!(await review.isVisible())) {
      const value = await bar.getAttribute('aria-valuenow', { timeout: 500 }).catch(() => null);
      const now = performance.now();
      if (value !== null && value !== last) {
        if (last === null) firstCountMs = now - start;
        else {
          progressUpdates++;
          longestStillMs = Math.max(longestStillMs, now - lastChange);
        }
        last = value;
        lastChange = now;
      }
      if (now - start > 900_000) throw new Error('analysis did not finish within 15 minutes');
      await page.waitForTimeout(50);
    }
    const analyzeMs = performance.now() - start;
    const versionsText = (await page.getByRole('button', { name: /^\d+ versions$/ }).textContent()) ?? '';
    const versions = Number(/\d+/.exec(versionsText)?.[0] ?? NaN);

    // The review tree: windowed rows, scrolled with the wheel and then to the end.
    const tree = page.getByRole('tree', { name: 'Versions' });
    await tree.waitFor();
    const treeRows = await tree.getByRole('treeitem').count();
    const treeFrames = await recordFrames(page, async () => {
      await wheelOver(page, tree, 60, 600);
      await tree.focus();
      for (let i = 0; i < 20; i++) await page.keyboard.press('PageDown');
      await page.keyboard.press('End');
      await page.waitForTimeout(300);
    });

    // The version table of a Site version (a form with many components): find it, select it,
    // then scroll the table.
    const siteForm = readdirSync(path.join(pair, 'target', 'site', 'forms')).sort()[0].replace(/\.json$/, '');
    await page.getByLabel('Search by name').fill(siteForm);
    const item = tree.getByRole('treeitem', { name: /^Site/ }).first();
    await item.waitFor({ timeout: 60_000 });
    const selectStart = performance.now();
    await item.click();
    const table = page.getByRole('table', { name: 'Version details' });
    await table.waitFor({ timeout: 60_000 });
    const selectMs = performance.now() - selectStart;
    const tableRows = await table.getByRole('row').count();
    const tableFrames = await recordFrames(page, async () => {
      await wheelOver(page, table, 40, 500);
      await wheelOver(page, table, 40, -500);
    });
    if (errors.length > 0) throw new Error(`the page failed: ${errors[0]}`);
    return { versions, openMs, analyzeMs, firstCountMs, progressUpdates, longestStillMs, treeRows, tree: treeFrames, selectMs, tableRows, table: tableFrames };
  } finally {
    await page.close();
  }
}

/**
 * The merge editor on a 20,000-line script: the time from **Edit** to the editor showing its
 * conflict. A first open is timed on a fresh page, with Edit clicked the instant the prompt
 * appears (nothing prepared while the browser was idle), `runs` times; later opens are Cancel and
 * Edit again on the last of those pages, `runs` times.
 */
export async function scriptJourney(browser, url, pair, runs) {
  const firstMs = [];
  const laterMs = [];
  for (let run = 0; run < runs; run++) {
    const { page, errors } = await newPage(browser, url);
    try {
      await openPair(page, pair.source, pair.target);
      await page.getByRole('button', { name: 'Analyze', exact: true }).click();
      await page.getByRole('heading', { name: 'Review', level: 1 }).waitFor({ timeout: 300_000 });
      await page.getByRole('button', { name: 'Next prompt' }).click();
      await page.getByRole('listbox', { name: 'Prompts' }).getByText('form:BigScript@site/script').click();
      firstMs.push(await openEditor(page));
      if (run === runs - 1) {
        for (let later = 0; later < runs; later++) {
          await page.getByRole('button', { name: 'Cancel' }).click();
          await page.getByRole('button', { name: 'Edit', exact: true }).waitFor({ timeout: 60_000 });
          laterMs.push(await openEditor(page));
        }
      }
      if (errors.length > 0) throw new Error(`the page failed: ${errors[0]}`);
    } finally {
      await page.close();
    }
  }
  return { lines: SCRIPT_LINES, firstOpenMs: median(firstMs), laterOpenMs: median(laterMs), firstMs, laterMs };
}

/** Clicks Edit and waits for the merge editor to show the conflict in its list and in the Result. */
async function openEditor(page) {
  const start = performance.now();
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByRole('list', { name: 'Conflicts' }).getByRole('listitem').first().waitFor({ timeout: 120_000 });
  await page.getByRole('region', { name: 'Result' }).locator('.view-lines').getByText('<<<<<<< customized').waitFor({ timeout: 120_000 });
  return performance.now() - start;
}
