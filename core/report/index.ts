/** Reports of an analysis or synchronization: built, written and read as JSON, rendered as text and HTML. */
export { buildReport, summarizeReport, type ReportContext } from './buildReport.js';
export { serializeReport } from './serializeReport.js';
export { parseReport, type ParseReportResult } from './parseReport.js';
export { renderTextReport } from './renderTextReport.js';
export { renderHtmlReport, escapeHtml, HTML_REPORT_CSP } from './renderHtmlReport.js';
export { groupReport, parseReportId, type ReportId, type ReportKindGroup, type ReportObject, type ReportVersion } from './groupReport.js';
export * from './report.js';
