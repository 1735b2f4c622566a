import { documentsEquivalent, equivalent } from '../equivalence.js';
import { isJsonObject, type Json, type JsonObject } from '../json.js';
import { scopesAbove, versionId, versionPath, type Configuration, type VersionFile } from '../model.js';
import { compareStrings } from '../problems.js';
import { findLogicalDuplicates } from '../merge/findLogicalDuplicates.js';
import { hasConflictMarkers } from '../textMerge/index.js';
import { isCustomizedVersion } from './customizationFilter.js';

/** What `carryover check` looks for (docs/utilities.md, "check"). */
export type FindingCode =
  | 'broken-link'
  | 'logical-duplicate'
  | 'shadows-base'
  | 'base-missing'
  | 'keep-anchor-missing'
  | 'conflict-markers';

/** One finding of a pre-upgrade check. */
export interface Finding {
  code: FindingCode;
  /** The version it concerns: `form:Customers@site`. */
  id: string;
  /** Path of the file, relative to the configuration. */
  file: string;
  message: string;
}

/**
 * A pre-upgrade check of a configuration (`carryover check`): broken Explorer links, logical
 * duplicates, customized versions that shadow their base without changing anything, customized
 * versions whose base is missing, event handlers whose `keep` keyword's anchor is gone, and
 * scripts with conflict markers left in them. Pure and deterministic: findings are ordered by
 * file, code and message.
 */
export function checkConfiguration(configuration: Configuration): Finding[] {
  const findings: Finding[] = [];
  const add = (code: FindingCode, version: VersionFile, message: string) => {
    findings.push({ code, id: versionId(version.object, version.scope), file: version.path, message });
  };
  const forms = new Set<string>();
  for (const version of configuration.files.values()) if (version.object.kind === 'form') forms.add(version.object.name);

  for (const version of configuration.files.values()) {
    const { object, doc } = version;
    if (object.kind === 'runtime') continue;
    if (object.kind === 'explorer') {
      checkLinks(doc['folders'], '', forms, (message) => add('broken-link', version, message));
      continue;
    }
    if (object.kind === 'form') {
      if (typeof doc['script'] === 'string' && hasConflictMarkers(doc['script'])) add('conflict-markers', version, 'the form script still holds conflict markers (<<<<<<<, =======, >>>>>>>) from an unfinished merge');
    } else {
      for (const [key, value] of Object.entries(section(doc, 'attributes'))) {
        if (typeof value === 'string' && hasConflictMarkers(value)) add('conflict-markers', version, `the attribute ${key} still holds conflict markers (<<<<<<<, =======, >>>>>>>) from an unfinished merge`);
      }
    }
    if (!isCustomizedVersion(version)) continue;
    const base = configuration.files.get(versionPath('vendor', object));
    if (object.kind === 'form') {
      for (const message of logicalDuplicates(doc, base?.doc ?? {})) add('logical-duplicate', version, message);
      for (const message of missingAnchors(doc, base?.doc ?? {})) add('keep-anchor-missing', version, message);
    }
    if (base === undefined) {
      add('base-missing', version, `there is no vendor version (${versionPath('vendor', object)}) of this object: the customer made it, and an upgrade leaves it untouched`);
      continue;
    }
    const otherwise = otherwiseVersion(configuration, version, base);
    if (documentsEquivalent(doc, otherwise.doc, false, object)) {
      add('shadows-base', version, `identical to ${otherwise.path}, the version its users would otherwise get: it changes nothing but hides that version`);
    }
  }
  return findings.sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.code, b.code) || compareStrings(a.message, b.message));
}

/** The version the users of a customized version would otherwise get: their Group's, else the Site's, else the base (docs/merge-behaviour.md). */
function otherwiseVersion(configuration: Configuration, version: VersionFile, base: VersionFile): VersionFile {
  for (const candidate of scopesAbove(version.scope, configuration)) {
    const found = configuration.files.get(versionPath(candidate, version.object));
    if (found) return found;
  }
  return base;
}

function checkLinks(folders: Json | undefined, parent: string, forms: ReadonlySet<string>, report: (message: string) => void): void {
  if (!Array.isArray(folders)) return;
  for (const folder of folders) {
    if (!isJsonObject(folder) || typeof folder['name'] !== 'string') continue;
    const folderPath = parent ? `${parent}/${folder['name']}` : folder['name'];
    const items = Array.isArray(folder['items']) ? folder['items'] : [];
    for (const item of items) {
      if (isJsonObject(item) && typeof item['form'] === 'string' && !forms.has(item['form'])) {
        report(`the link to form ${item['form']} in folder ${folderPath} points to a form that exists at no scope`);
      }
    }
    checkLinks(items, folderPath, forms, report);
  }
}

function logicalDuplicates(doc: JsonObject, base: JsonObject): string[] {
  return findLogicalDuplicates(section(doc, 'components'), section(base, 'components')).map(
    ({ first, second, binding, type }) => `components ${first} and ${second} both bind ${binding} as ${String(type ?? 'untyped')}`,
  );
}

/**
 * Handlers with `keep` `AFTER` (or `BEFORE`) whose anchor, the nearest handler before (after) it
 * without a keep keyword, is missing or is no handler of the base's list for that event: a
 * synchronization could not place them and would prompt (docs/merge-behaviour.md).
 */
function missingAnchors(doc: JsonObject, base: JsonObject): string[] {
  const messages: string[] = [];
  const baseHandlers = section(base, 'eventHandlers');
  for (const [event, list] of Object.entries(section(doc, 'eventHandlers'))) {
    if (!Array.isArray(list)) continue;
    const baseList = Array.isArray(baseHandlers[event]) ? (baseHandlers[event] as Json[]) : [];
    list.forEach((handler, index) => {
      if (!isJsonObject(handler)) return;
      const keep = handler['keep'];
      if (keep !== 'AFTER' && keep !== 'BEFORE') return;
      const step = keep === 'AFTER' ? -1 : 1;
      let anchor: Json | undefined;
      for (let i = index + step; i >= 0 && i < list.length; i += step) {
        const candidate = list[i];
        if (isJsonObject(candidate) && candidate['keep'] === undefined) {
          anchor = candidate;
          break;
        }
      }
      const where = `handler ${index + 1} of ${event} (keep ${keep})`;
      if (anchor === undefined) messages.push(`${where} has no vendor handler ${keep === 'AFTER' ? 'before' : 'after'} it to be placed against`);
      else if (!baseList.some((b) => equivalent(b, anchor, false))) messages.push(`${where} is anchored to a handler that the base no longer has`);
    });
  }
  return messages;
}

function section(doc: JsonObject, key: string): JsonObject {
  const value = doc[key];
  return isJsonObject(value) ? value : {};
}
