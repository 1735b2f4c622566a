import { strictEqual } from '../equivalence.js';
import { isJsonObject, type Json, type JsonObject } from '../json.js';
import { parseScopeId, versionId, versionPath, type Configuration, type VersionFile } from '../model.js';
import { diffLines, splitLines } from '../textMerge/index.js';
import { selectCustomizations, type CustomizationFilter } from './customizationFilter.js';
import { CarryoverBug } from '../bug.js';

/** What a customized version changes against its base, in counts (docs/utilities.md, "list"). */
export interface ChangeCounts {
  /** Attributes added, removed or changed (for a `scripts` global object, `code` is counted as script lines instead). */
  attributes: number;
  /** Components added, removed or changed. */
  components: number;
  /** Events whose handler list differs. */
  eventHandlers: number;
  /** Variables added, removed or changed. */
  variables: number;
  /** Script lines added plus lines removed (a form's `script`, a script's `code`). */
  scriptLines: number;
}

/** One row of `carryover list`: one customized version. */
export interface CustomizationRow {
  /** The version's id, `form:Customers@site`. */
  id: string;
  kind: 'form' | 'global' | 'explorer';
  /** The global object type; `''` for forms and explorer files. */
  type: string;
  /** The object's name; `''` for an explorer file. */
  name: string;
  scopeType: 'site' | 'group' | 'user';
  /** The group or user name; `''` for the Site. */
  scopeName: string;
  /** Path of the version file, relative to the configuration. */
  file: string;
  /** The base it is compared with: the vendor's version of the object; `null` when there is none (the customer made the object) or the version is an explorer file (it has no base). */
  base: string | null;
  changes: ChangeCounts;
}

/** The customized versions of a configuration that pass the filter, each with what it changes against its base, ordered by file. */
export function listCustomizations(configuration: Configuration, filter: CustomizationFilter): CustomizationRow[] {
  return selectCustomizations(configuration, filter).map((version) => customizationRow(configuration, version));
}

/** The row of one customized version. */
export function customizationRow(configuration: Configuration, version: VersionFile): CustomizationRow {
  const { object } = version;
  if (object.kind === 'runtime') throw new CarryoverBug(`customizationRow: ${version.path} is not a customized version`);
  const scope = parseScopeId(version.scope);
  if (scope.kind === 'vendor') throw new CarryoverBug(`customizationRow: ${version.path} is a base version`);
  // An explorer file below the vendor scope (Public folders, My Folders) is a folder tree of its own, not a copy of the Master Explorer.
  const basePath = object.kind === 'explorer' ? null : versionPath('vendor', object);
  const base = basePath === null ? undefined : configuration.files.get(basePath);
  return {
    id: versionId(object, version.scope),
    kind: object.kind,
    type: object.kind === 'global' ? object.type : '',
    name: object.kind === 'explorer' ? '' : object.name,
    scopeType: scope.kind,
    scopeName: scope.kind === 'site' ? '' : scope.name,
    file: version.path,
    base: base === undefined ? null : base.path,
    changes: object.kind === 'explorer' ? noChanges() : countChanges(version.doc, base?.doc ?? {}, object.kind === 'global' && object.type === 'scripts'),
  };
}

function noChanges(): ChangeCounts {
  return { attributes: 0, components: 0, eventHandlers: 0, variables: 0, scriptLines: 0 };
}

/** Counts what `customized` changes against `base` (an empty base when the object has none). */
export function countChanges(customized: JsonObject, base: JsonObject, codeIsScript: boolean): ChangeCounts {
  const attributes = differingKeys(section(customized, 'attributes'), section(base, 'attributes'));
  let scriptLines = lineChanges(text(customized['script']), text(base['script']));
  let attributeCount = attributes.length;
  if (codeIsScript && attributes.includes('code')) {
    attributeCount -= 1;
    scriptLines += lineChanges(text(section(customized, 'attributes')['code']), text(section(base, 'attributes')['code']));
  }
  return {
    attributes: attributeCount,
    components: differingKeys(section(customized, 'components'), section(base, 'components')).length,
    eventHandlers: differingKeys(section(customized, 'eventHandlers'), section(base, 'eventHandlers')).length,
    variables: differingKeys(section(customized, 'variables'), section(base, 'variables')).length,
    scriptLines,
  };
}

/** Keys present in one object only, or with different values (strict JSON equality, key order aside). */
export function differingKeys(a: JsonObject, b: JsonObject): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => !strictEqual(own(a, key), own(b, key)));
}

/** Lines added plus lines removed by a line diff of two texts. */
function lineChanges(a: string, b: string): number {
  if (a === b) return 0;
  const ids = new Map<string, number>();
  const toIds = (t: string) => splitLines(t).map((line) => {
    let id = ids.get(line);
    if (id === undefined) ids.set(line, (id = ids.size));
    return id;
  });
  const x = toIds(b);
  const y = toIds(a);
  return diffLines(x, y).reduce((sum, change) => sum + change.count1 + change.count2, 0);
}

function section(doc: JsonObject, key: string): JsonObject {
  const value = doc[key];
  return isJsonObject(value) ? value : {};
}

function own(object: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** The columns of `list --format csv`, in order. */
export const LIST_COLUMNS = ['id', 'kind', 'type', 'name', 'scopeType', 'scopeName', 'file', 'base', 'attributes', 'components', 'eventHandlers', 'variables', 'scriptLines'] as const;

/** Renders rows as CSV (RFC 4180: a header line, CRLF line ends, fields quoted where needed). */
export function renderRowsCsv(rows: readonly CustomizationRow[]): string {
  const lines = [LIST_COLUMNS.join(',')];
  for (const row of rows) {
    const fields = [row.id, row.kind, row.type, row.name, row.scopeType, row.scopeName, row.file, row.base ?? '', ...countsOf(row)];
    lines.push(fields.map((f) => csvField(String(f))).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** Renders rows as JSON: `{"format": "carryover-list/1", "customizations": [...]}`. */
export function renderRowsJson(rows: readonly CustomizationRow[]): string {
  return JSON.stringify({ format: 'carryover-list/1', customizations: rows }, null, 2) + '\n';
}

/** Renders rows as an aligned table for a terminal, with a count at the end. */
export function renderRowsText(rows: readonly CustomizationRow[]): string {
  const header = ['VERSION', 'FILE', 'ATTR', 'COMP', 'EVENTS', 'VARS', 'SCRIPT'];
  const table = [header, ...rows.map((row) => [row.id + (row.base === null && row.kind !== 'explorer' ? ' (no base)' : ''), row.file, ...countsOf(row).map(String)])];
  const widths = header.map((_, i) => Math.max(...table.map((cells) => cells[i].length)));
  const lines = table.map((cells) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
  return `${lines.join('\n')}\n${rows.length} customized ${rows.length === 1 ? 'version' : 'versions'}\n`;
}

function countsOf(row: CustomizationRow): number[] {
  const c = row.changes;
  return [c.attributes, c.components, c.eventHandlers, c.variables, c.scriptLines];
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

