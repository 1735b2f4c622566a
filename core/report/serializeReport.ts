import type { Json } from '../json.js';
import { stringifyJson } from '../json.js';
import type { Report } from './report.js';

/**
 * Serializes a report as JSON: two-space indentation, a final newline, keys in the order the
 * report holds them (`buildReport` and `parseReport` fix that order), strings kept exactly.
 * The same report always gives the same bytes.
 */
export function serializeReport(report: Report): string {
  // Values keep their document key order (integer-like component names included): docs/merge-behaviour.md, "Key order".
  return stringifyJson(report as unknown as Json, 2) + '\n';
}
