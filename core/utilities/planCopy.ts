import type { Answer, OutputPlan, Prompt, Warning } from '../analysis.js';
import { documentsStrictlyEqual, strictEqual } from '../equivalence.js';
import { isJsonObject, type JsonObject } from '../json.js';
import { versionId, versionPath, type Configuration, type VersionFile } from '../model.js';
import type { Problem } from '../problems.js';
import { selectCustomizations, type CustomizationFilter } from './customizationFilter.js';
import { differingKeys } from './listCustomizations.js';

/** What happens to one chosen customized version in a copy. */
export type CopyAction =
  /** The destination had no version there: copied. */
  | 'copied'
  /** The destination had a different version there, answered `replace`. */
  | 'replaced'
  /** The destination had a different version there, answered `keep`: not copied. */
  | 'kept-destination'
  /** The destination already has the same bytes' document there. */
  | 'identical';

/** One chosen version and what the copy does with it. */
export interface CopyItem {
  id: string;
  file: string;
  action: CopyAction | 'unanswered';
}

/** What {@link planCopy} computes. */
export interface CopyPlan {
  items: CopyItem[];
  /** One per chosen version that the destination already has, different (`keep` / `replace`). */
  prompts: Prompt[];
  /** Copied versions whose base in the destination differs from their base in the origin (or is missing there); unknown answer ids. */
  warnings: Warning[];
  /** Answers that do not fit their prompt, and file names that differ only in letter case from one in the destination (invalid input). */
  problems: Problem[];
  /** The destination with the copies; `null` while a prompt is unanswered or there is a problem. `source` entries come from the origin. */
  plan: OutputPlan | null;
}

/** What {@link planCopy} reads. */
export interface CopyInput {
  from: Configuration;
  to: Configuration;
  filter: CustomizationFilter;
  answers: ReadonlyMap<string, Answer>;
  /** `--answer keep|replace` for prompts the answers leave open. */
  answerDefault?: 'keep' | 'replace';
  /** Names the answers file in problems. */
  answersFile?: string;
}

/**
 * Plans copying the chosen customized versions of one configuration into another
 * (`carryover copy`, docs/utilities.md): base versions are never copied; where the destination
 * already has a different version at that scope, a prompt (`keep` the destination's, or
 * `replace` it) decides, never a silent overwrite. Pure and deterministic.
 */
export function planCopy(input: CopyInput): CopyPlan {
  const { from, to } = input;
  const items: CopyItem[] = [];
  const prompts: Prompt[] = [];
  const warnings: Warning[] = [];
  const problems: Problem[] = [];
  const plan: OutputPlan = new Map();
  plan.set('configuration.json', { kind: 'target' });
  for (const path of to.files.keys()) plan.set(path, { kind: 'target' });
  const lowerPaths = new Map([...to.files.keys()].map((p) => [p.toLowerCase(), p]));
  const used = new Set<string>();

  for (const version of selectCustomizations(from, input.filter)) {
    const id = versionId(version.object, version.scope);
    const existing = to.files.get(version.path);
    const clash = lowerPaths.get(version.path.toLowerCase());
    if (existing === undefined && clash !== undefined) {
      problems.push({ code: 'case-collision', file: `${to.root}/${clash}`, pointer: '', message: `differs only in letter case from ${version.path}, which the copy would add (they would collide on case-insensitive file systems)` });
      continue;
    }
    if (existing !== undefined && documentsStrictlyEqual(existing.doc, version.doc)) {
      items.push({ id, file: version.path, action: 'identical' });
      continue;
    }
    let action: CopyAction | 'unanswered' = 'copied';
    if (existing !== undefined) {
      const given = input.answers.get(id);
      if (given !== undefined) used.add(id);
      const answer = given ?? input.answerDefault ?? null;
      const prompt: Prompt = {
        id,
        question: `the destination already has a different ${id}: keep the destination's version, or replace it with the copy?`,
        choices: ['keep', 'replace'],
        answer: null,
        customized: existing.doc,
        targetBase: to.files.get(versionPath('vendor', version.object))?.doc ?? null,
        sourceBase: version.doc,
      };
      prompts.push(prompt);
      if (answer === null) action = 'unanswered';
      else if (answer === 'keep' || answer === 'replace') {
        prompt.answer = answer;
        action = answer === 'keep' ? 'kept-destination' : 'replaced';
      } else {
        problems.push({ code: 'answer-not-offered', file: input.answersFile ?? 'answers', pointer: `/answers/${id.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `${JSON.stringify(answer)} does not fit the prompt ${id}; the choices are keep, replace` });
        action = 'unanswered';
      }
    }
    items.push({ id, file: version.path, action });
    if (action === 'copied' || action === 'replaced') {
      plan.set(version.path, { kind: 'source' });
      const warning = baseWarning(from, to, version, id);
      if (warning !== null) warnings.push(warning);
    }
  }
  for (const id of input.answers.keys()) {
    if (!used.has(id)) warnings.push({ code: 'unknown-answer-id', message: `the answer for ${id} matches no prompt; it was not used`, file: input.answersFile ?? 'answers', id });
  }
  const open = items.some((item) => item.action === 'unanswered');
  return { items, prompts, warnings, problems, plan: open || problems.length > 0 ? null : plan };
}

/** A warning when the copied version's base in the destination is not the one it was made against in the origin. */
function baseWarning(from: Configuration, to: Configuration, version: VersionFile, id: string): Warning | null {
  if (version.object.kind === 'explorer') return null;
  const basePath = versionPath('vendor', version.object);
  const originBase = from.files.get(basePath);
  const destinationBase = to.files.get(basePath);
  if (originBase === undefined && destinationBase === undefined) return null;
  if (originBase === undefined || destinationBase === undefined) {
    const where = originBase === undefined ? 'the origin' : 'the destination';
    return { code: 'base-missing', message: `${id} is copied, but ${where} has no base version ${basePath}`, file: version.path, id };
  }
  const differing = differingParts(originBase.doc, destinationBase.doc);
  if (differing.length === 0) return null;
  return {
    code: 'base-differs',
    message: `${id} is copied onto a different base: the destination's ${basePath} differs from the origin's in ${differing.join(', ')}`,
    file: version.path,
    id,
  };
}

/** The parts two versions differ in, as id paths: `attributes/caption`, `script`, `components/Btn`, ... */
export function differingParts(a: JsonObject, b: JsonObject): string[] {
  const parts: string[] = [];
  for (const key of ['attributes', 'components', 'eventHandlers', 'variables']) {
    const x = isJsonObject(a[key]) ? a[key] : {};
    const y = isJsonObject(b[key]) ? b[key] : {};
    for (const name of differingKeys(x, y).sort()) parts.push(`${key}/${name}`);
  }
  if (!strictEqual(a['script'], b['script'])) parts.push('script');
  return parts;
}
