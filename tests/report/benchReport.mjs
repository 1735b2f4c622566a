// Times building and rendering a report of many decisions (default 50,000).
// Run after `npx tsc -b core`: node tests/report/benchReport.mjs [decisions]
// Not part of the test suite: it prints numbers and asserts nothing.
import { buildReport } from '../../build/core/report/buildReport.js';
import { parseReport } from '../../build/core/report/parseReport.js';
import { renderHtmlReport } from '../../build/core/report/renderHtmlReport.js';
import { renderTextReport } from '../../build/core/report/renderTextReport.js';
import { serializeReport } from '../../build/core/report/serializeReport.js';
import { largeAnalysis, sampleContext } from './sampleReport.mjs';

const count = Number(process.argv[2] ?? 50_000);
const analysis = largeAnalysis(count);

function time(label, run, runs = 5) {
  run(); // warm-up
  const walls = [];
  const cpus = [];
  let value;
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    value = run();
    walls.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const size = typeof value === 'string' ? `, ${(Buffer.byteLength(value) / 1e6).toFixed(1)} MB` : '';
  // CPU time counts the garbage collector's helper threads too; wall time suffers from other load.
  console.log(`${label.padEnd(18)} wall median ${median(walls).toFixed(0).padStart(5)} ms (min ${Math.min(...walls).toFixed(0)}), cpu median ${median(cpus).toFixed(0).padStart(5)} ms${size}`);
  return value;
}

console.log(`${count} decisions, ${analysis.prompts.length} prompts (node ${process.version})`);
const report = time('buildReport', () => buildReport(analysis, sampleContext));
const json = time('serializeReport', () => serializeReport(report));
time('parseReport', () => parseReport(json, 'report.json'));
time('renderTextReport', () => renderTextReport(report));
time('renderHtmlReport', () => renderHtmlReport(report));
