// Renders the sample report to /tmp/report.html and screenshots it to /tmp/report.png.
// Run after `npx tsc -b core`: node tests/report/screenshotReport.mjs [width]
// Not part of the test suite. Fails when the page makes any network request.
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { buildReport } from '../../build/core/report/buildReport.js';
import { renderHtmlReport } from '../../build/core/report/renderHtmlReport.js';
import { sampleAnalysis, sampleContext } from './sampleReport.mjs';

const width = Number(process.argv[2] ?? 1440);
const html = renderHtmlReport(buildReport(sampleAnalysis(), sampleContext));
writeFileSync('/tmp/report.html', html);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const requests = [];
  const problems = [];
  page.on('request', (request) => { if (!request.url().startsWith('file:')) requests.push(request.url()); });
  page.on('console', (message) => problems.push(`console ${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); void dialog.dismiss(); });
  await page.goto('file:///tmp/report.html');
  // Sections off screen are not painted (content-visibility: auto, for very long reports), and a
  // full-page screenshot counts as off screen: paint everything for the picture.
  await page.addStyleTag({ content: '.ver{content-visibility:visible!important}' });
  await page.screenshot({ path: '/tmp/report.png', fullPage: true });
  // Tiles of the full page, each one screen tall, for looking at details.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0, n = 1; y < height; y += 1200, n++) {
    await page.screenshot({ path: `/tmp/report-${n}.png`, fullPage: true, clip: { x: 0, y, width, height: Math.min(1200, height - y) } });
  }
  console.log(`requests beyond the file: ${requests.length}${requests.length ? '\n  ' + requests.join('\n  ') : ''}`);
  console.log(`console messages, page errors, dialogs: ${problems.length}${problems.length ? '\n  ' + problems.join('\n  ') : ''}`);
  console.log(`html ${html.length} bytes -> /tmp/report.html; screenshot /tmp/report.png (${width}px wide)`);
  if (requests.length > 0 || problems.length > 0) process.exitCode = 1;
} finally {
  await browser.close();
}
