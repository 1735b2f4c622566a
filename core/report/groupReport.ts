import { isScopeId, parseObjectId, splitId, type IdKind, type SplitId } from '../ids.js';
import { versionPath } from '../layout.js';
import { compareStrings } from '../problems.js';
import type { Report, ReportDecision, ReportPrompt, ReportWarning } from './report.js';

/** The kinds of object a report groups its versions under, in the order reports list them. */
export type ReportObjectKind = IdKind;

/** The heading of each object kind in the text and HTML reports. */
export const OBJECT_KIND_TITLES: Readonly<Record<ReportObjectKind, string>> = {
  form: 'Forms',
  global: 'Global objects',
  explorer: 'Explorer',
  runtime: 'Runtime changes',
  other: 'Other',
};

const KIND_ORDER: readonly ReportObjectKind[] = ['form', 'global', 'explorer', 'runtime', 'other'];

/** A decision or prompt id split into its parts (core/ids.ts). */
export type ReportId = SplitId;

/** Splits an id leniently: one that does not follow the grammar (a hand-edited report) lands in kind `other`, whole. */
export const parseReportId: (id: string) => ReportId = splitId;

/** One version of one object, with everything the report says about it. */
export interface ReportVersion {
  /** `object@scope`. */
  id: string;
  scope: string;
  /** The version's decisions, in report order, each with its path inside the version. */
  decisions: { path: string; decision: ReportDecision }[];
  prompts: { path: string; prompt: ReportPrompt }[];
  /** Warnings whose `id` names this version or a path inside it. */
  warnings: ReportWarning[];
}

/** One object (a form, a global object, the explorer, a user's runtime changes of a form) and its versions. */
export interface ReportObject {
  /** `form:Customers`, `global:scripts/CustUtils`, `explorer`, `runtime:Customers`. */
  id: string;
  kind: ReportObjectKind;
  name: string;
  /** Ordered vendor, site, groups by name, users by name. */
  versions: ReportVersion[];
}

/** The objects of one kind. */
export interface ReportKindGroup {
  kind: ReportObjectKind;
  title: string;
  /** Ordered by name (code-unit order, independent of locale). */
  objects: ReportObject[];
}

/**
 * Groups a report's decisions and prompts by object kind, object and version, for the text and
 * HTML reports. Kinds come in the order forms, global objects, explorer, runtime changes;
 * objects by name; versions by scope; decisions and prompts keep report order inside a version.
 * Kinds without any object are left out. Deterministic: it depends on the report only.
 */
export function groupReport(report: Report): ReportKindGroup[] {
  const objects = new Map<string, ReportObject>();
  const versions = new Map<string, ReportVersion>();
  const versionOf = (parsed: ReportId): ReportVersion => {
    let version = versions.get(parsed.version);
    if (version) return version;
    let object = objects.get(parsed.object);
    if (!object) {
      object = { id: parsed.object, kind: parsed.kind, name: parsed.name, versions: [] };
      objects.set(parsed.object, object);
    }
    version = { id: parsed.version, scope: parsed.scope, decisions: [], prompts: [], warnings: [] };
    object.versions.push(version);
    versions.set(parsed.version, version);
    return version;
  };
  for (const decision of report.decisions) {
    const parsed = parseReportId(decision.id);
    versionOf(parsed).decisions.push({ path: parsed.path, decision });
  }
  for (const prompt of report.prompts) {
    const parsed = parseReportId(prompt.id);
    versionOf(parsed).prompts.push({ path: parsed.path, prompt });
  }
  for (const warning of report.warnings) {
    // A warning only joins a version the report already shows; it never creates one.
    if (warning.id !== undefined) versions.get(parseReportId(warning.id).version)?.warnings.push(warning);
  }
  const groups: ReportKindGroup[] = [];
  for (const kind of KIND_ORDER) {
    const ofKind = [...objects.values()].filter((object) => object.kind === kind);
    if (ofKind.length === 0) continue;
    ofKind.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.id, b.id));
    for (const object of ofKind) object.versions.sort((a, b) => compareScopes(a.scope, b.scope));
    groups.push({ kind, title: OBJECT_KIND_TITLES[kind], objects: ofKind });
  }
  return groups;
}

/** Orders scopes vendor, site, groups, users (each by name), then anything else by text. */
export function compareScopes(a: string, b: string): number {
  return scopeRank(a) - scopeRank(b) || compareStrings(a, b);
}

function scopeRank(scope: string): number {
  if (scope === 'vendor') return 0;
  if (scope === 'site') return 1;
  if (scope.startsWith('group:')) return 2;
  if (scope.startsWith('user:')) return 3;
  return 4;
}

/** Warnings grouped by code, codes in code-unit order, warnings in report order within a code. */
export function groupWarnings(warnings: readonly ReportWarning[]): { code: string; warnings: ReportWarning[] }[] {
  const byCode = new Map<string, ReportWarning[]>();
  for (const warning of warnings) {
    const list = byCode.get(warning.code);
    if (list) list.push(warning);
    else byCode.set(warning.code, [warning]);
  }
  return [...byCode.keys()].sort(compareStrings).map((code) => ({ code, warnings: byCode.get(code) ?? [] }));
}

/** How reports name a scope: `Vendor`, `Site`, `Group Sales`, `User B_Smith`. */
export function scopeLabel(scope: string): string {
  if (scope === 'vendor') return 'Vendor';
  if (scope === 'site') return 'Site';
  if (scope.startsWith('group:')) return `Group ${scope.slice(6)}`;
  if (scope.startsWith('user:')) return `User ${scope.slice(5)}`;
  return scope === '' ? 'No scope' : scope;
}

/** The configuration file of a version, relative to the configuration root, or `''` when the id does not say. */
export function versionFile(object: ReportObject, scope: string): string {
  const ref = parseObjectId(object.id);
  return ref !== null && isScopeId(scope) ? versionPath(scope, ref) : '';
}
