/**
 * The rows of the Review table for one version: every attribute, component attribute, event,
 * variable and the script, with its Customized, Target base, Source base and Result values and
 * the decision (or prompt) that covers it. Pure: documents and findings in, rows out.
 */
import type { Answer, Decision, Prompt } from '../../../../core/analysis.js';
import { strictEqual } from '../../../../core/equivalence.js';
import { isJsonObject, type Json, type JsonObject } from '../../../../core/json.js';

export interface Cell {
  present: boolean;
  value: Json | undefined;
}

export interface VersionRow {
  /** The path inside the version, as in decision ids: `attributes/caption`, `components/Btn/x`. */
  path: string;
  label: string;
  /** A heading row (Attributes, Components, a component). */
  section: boolean;
  depth: number;
  customized: Cell;
  targetBase: Cell;
  sourceBase: Cell;
  result: Cell;
  decision: { action: Decision['action']; reason: string; inherited: boolean } | null;
  prompt: { id: string; answer: Answer | null; inherited: boolean } | null;
  /** Which cells differ: customized vs target base, source base vs target base, result vs customized. */
  changed: { customized: boolean; sourceBase: boolean; result: boolean };
  /** Customized, target base, source base and result (where known) are all equal: nothing happened here. */
  same: boolean;
}

export interface VersionDocs {
  customized: JsonObject | null;
  targetBase: JsonObject | null;
  sourceBase: JsonObject | null;
  /** `undefined`: not known (a report has no documents). */
  result: JsonObject | null | undefined;
}

const COLLECTIONS: { key: string; title: string }[] = [
  { key: 'attributes', title: 'Attributes' },
  { key: 'variables', title: 'Variables' },
  { key: 'eventHandlers', title: 'Event handlers' },
];

function child(doc: Json | null | undefined, key: string): Json | undefined {
  return isJsonObject(doc) && Object.hasOwn(doc, key) ? doc[key] : undefined;
}

function cell(value: Json | undefined): Cell {
  return { present: value !== undefined, value };
}

function unionKeys(values: readonly (Json | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const v of values) if (isJsonObject(v)) for (const k of Object.keys(v)) keys.add(k);
  return [...keys];
}

function equal(a: Cell, b: Cell): boolean {
  return a.present === b.present && (!a.present || strictEqual(a.value as Json, b.value as Json));
}

/** The decision and prompt covering a path: its own, else its nearest ancestor's (not the version's). */
function covering<T>(byPath: ReadonlyMap<string, T>, path: string): { item: T; inherited: boolean } | null {
  const own = byPath.get(path);
  if (own !== undefined) return { item: own, inherited: false };
  let parent = path;
  while (parent.includes('/')) {
    parent = parent.slice(0, parent.lastIndexOf('/'));
    const found = byPath.get(parent);
    if (found !== undefined) return { item: found, inherited: true };
  }
  return null;
}

/**
 * Builds the rows. `decisions` and `prompts` are this version's, each with its path inside the
 * version (`''` for the whole version: those are shown above the table, not in a row).
 */
export function versionRows(
  docs: VersionDocs,
  decisions: readonly { path: string; decision: Pick<Decision, 'action' | 'reason' | 'customized' | 'targetBase' | 'sourceBase' | 'result'> }[],
  prompts: readonly { path: string; prompt: Pick<Prompt, 'id' | 'answer' | 'customized' | 'targetBase' | 'sourceBase'> }[],
  answers: Readonly<Record<string, Answer>> | null,
): VersionRow[] {
  const decisionAt = new Map<string, (typeof decisions)[number]['decision']>();
  for (const d of decisions) if (d.path !== '') decisionAt.set(d.path, d.decision);
  const promptAt = new Map<string, (typeof prompts)[number]['prompt']>();
  for (const p of prompts) if (p.path !== '') promptAt.set(p.path, p.prompt);
  const sides = [docs.customized, docs.targetBase, docs.sourceBase, docs.result ?? null] as const;
  const dropped = decisions.some((d) => d.path === '' && d.decision.action === 'dropped-redundant');
  const rows: VersionRow[] = [];
  const seen = new Set<string>();

  const add = (path: string, label: string, depth: number, values: readonly (Json | undefined)[], section = false): void => {
    seen.add(path);
    const [c, t, s, r] = values.map(cell) as [Cell, Cell, Cell, Cell];
    const decision = covering(decisionAt, path);
    const prompt = covering(promptAt, path);
    let result = r;
    // Without documents (a report), the Result comes from the decision that covers the row.
    if (docs.result === undefined && decision && !decision.inherited) result = cell(dropped ? undefined : (decision.item.result ?? undefined));
    const answer = prompt ? (answers ? (answers[prompt.item.id] ?? null) : prompt.item.answer) : null;
    rows.push({
      path,
      label,
      section,
      depth,
      customized: c,
      targetBase: t,
      sourceBase: s,
      result,
      decision: decision
        ? dropped && decision.item.action !== 'dropped-redundant'
          ? // The version was dropped as redundant: its parts are absent from the result, whatever the merge decided before (docs/reports.md, "Redundant versions").
            { action: 'dropped-redundant', reason: `dropped with its version as redundant (the merge had ${decision.item.action}: ${decision.item.reason})`, inherited: decision.inherited }
          : { action: decision.item.action, reason: decision.item.reason, inherited: decision.inherited }
        : null,
      prompt: prompt ? { id: prompt.item.id, answer, inherited: prompt.inherited } : null,
      changed: {
        customized: docs.customized !== null && !equal(c, t),
        sourceBase: !equal(s, t),
        result: (docs.result !== undefined || result.present) && !equal(result, docs.customized !== null ? c : t),
      },
      same: equal(c, t) && equal(s, t) && ((docs.result === undefined && !result.present) || equal(result, t)),
    });
  };

  const hasDocs = sides.some((d) => d !== null);
  if (hasDocs) {
    const topKeys = unionKeys(sides);
    for (const key of topKeys) {
      if (key === 'name') continue;
      const values = sides.map((d) => child(d, key));
      if (key === 'components') {
        add('components', 'Components', 0, [undefined, undefined, undefined, undefined], true);
        for (const component of unionKeys(values)) {
          const componentValues = values.map((v) => child(v, component));
          // A component's own row says what it is (its type), or that it is absent.
          const summary = componentValues.map((v) => (isJsonObject(v) ? (typeof v['type'] === 'string' ? v['type'] : 'component') : undefined));
          add(`components/${component}`, component, 1, summary, true);
          for (const attribute of unionKeys(componentValues)) {
            add(`components/${component}/${attribute}`, attribute, 2, componentValues.map((v) => child(v, attribute)));
          }
        }
        continue;
      }
      const collection = COLLECTIONS.find((c) => c.key === key);
      if (collection && values.some(isJsonObject)) {
        add(key, collection.title, 0, [undefined, undefined, undefined, undefined], true);
        for (const name of unionKeys(values)) add(`${key}/${name}`, name, 1, values.map((v) => child(v, name)));
        continue;
      }
      add(key, key === 'script' ? 'Script' : key, 0, values);
    }
  }

  // Findings at paths the documents do not show (or no documents at all: a saved report).
  const extra = new Set<string>([...decisionAt.keys(), ...promptAt.keys()]);
  for (const path of extra) {
    if (seen.has(path)) continue;
    const d = decisionAt.get(path);
    const p = promptAt.get(path);
    const source = d ?? p;
    if (!source) continue;
    const values: (Json | undefined)[] = [
      source.customized ?? undefined,
      source.targetBase ?? undefined,
      source.sourceBase ?? undefined,
      d?.result ?? undefined,
    ];
    add(path, path, 0, values);
  }
  return rows;
}

/** A value as one line of a table cell. */
export function formatCell(c: Cell): string {
  if (!c.present) return 'absent';
  const v = c.value;
  if (typeof v === 'string') {
    const lines = v.split(/\r\n|\r|\n/);
    if (lines.length > 1) return `${lines.find((l) => l.trim() !== '') ?? ''} … (${lines.length - (lines.at(-1) === '' ? 1 : 0)} lines)`;
    return v;
  }
  // A component or handler reads better as its type than as JSON.
  if (isJsonObject(v) && typeof v['type'] === 'string') {
    const n = Object.keys(v).length;
    return `${v['type']} · ${n} attribute${n === 1 ? '' : 's'}`;
  }
  return JSON.stringify(v);
}

/** A value in full, for a tooltip. */
export function formatTitle(c: Cell): string {
  if (!c.present) return 'absent';
  const text = typeof c.value === 'string' ? c.value : JSON.stringify(c.value, null, 2);
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}

/**
 * The rows that show a change ("Changes only" on Review): a row is hidden where customized,
 * target base, source base and result are all equal and it has no prompt of its own; a heading
 * stays while a row under it does.
 */
export function changedRows(rows: readonly VersionRow[]): VersionRow[] {
  const keep = rows.map((r) => !r.same || (r.prompt !== null && !r.prompt.inherited));
  // Headings come before their rows: walk backwards so a heading sees what is kept under it.
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i];
    if (!row?.section || keep[i]) continue;
    const prefix = `${row.path}/`;
    for (let j = i + 1; j < rows.length && (rows[j]?.path.startsWith(prefix) ?? false); j++) {
      if (keep[j]) {
        keep[i] = true;
        break;
      }
    }
  }
  return rows.filter((_, i) => keep[i]);
}
