import type { Report } from './report.js';

/**
 * Serializes a report as JSON: two-space indentation, a final newline, keys in the order the
 * report holds them (`buildReport` and `parseReport` fix that order), strings kept exactly.
 * The same report always gives the same bytes.
 */
export function serializeReport(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
