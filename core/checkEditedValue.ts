import type { Prompt } from './analysis.js';
import { parseVersionId, splitId } from './ids.js';
import { isJsonObject, jsonPointer, type Json, type JsonObject } from './json.js';
import { codeIsText } from './equivalence.js';
import { assertNever } from './model.js';
import { parseJson } from './parseJson.js';
import { hasConflictMarkers } from './textMerge/index.js';
import { validateVersionDocument } from './validateConfiguration.js';

/** Why an edited value does not fit its prompt. */
export interface EditProblem {
  /** JSON pointer inside the edited value (`''` for the value as a whole). */
  pointer: string;
  /** The same place inside the version the value is put in (`/components/CustNum/validators/0`). */
  versionPointer: string;
  /** What is wrong, as a sentence a user can act on. */
  message: string;
}

/** What `parseEditedValue` gives: the value, or the first problem of the text. */
export type ParsedEdit = { ok: true; value: Json } | { ok: false; problem: EditProblem };

/** The prompt fields an edit is checked against. */
export type EditedPrompt = Pick<Prompt, 'id' | 'customized'> & Partial<Pick<Prompt, 'texts'>>;

/**
 * Checks a value typed as the answer `edit` to a prompt (docs/app.md, "Editing a value"): the value
 * is put in its place in a version of the prompt's object (a form's attribute, component,
 * variable, event or script; a `scripts` global's code or whole object) and that version is
 * validated as the loader validates files (core/validateConfiguration.ts), so that an edit that
 * would make the merged Target invalid is refused where it is typed, with the JSON pointer of what
 * is wrong. A text that still holds conflict markers is refused too. Returns `null` when the
 * value fits. The app's JSON editor and the terminal's `$EDITOR` loop both ask it.
 */
export function checkEditedValue(prompt: EditedPrompt, value: Json): EditProblem | null {
  if (prompt.texts !== undefined && typeof value === 'string' && hasConflictMarkers(value)) {
    return { pointer: '', versionPointer: '', message: 'the text still contains conflict markers (<<<<<<<, =======, >>>>>>>): resolve them first' };
  }
  const split = splitId(prompt.id);
  const version = parseVersionId(split.version);
  if (version === null) return null;
  const { object } = version;
  const tokens = split.path === '' ? [] : split.path.split('/');
  let doc: JsonObject;
  let prefix: string[];
  switch (object.kind) {
    case 'form': {
      if (tokens.length === 0) return null;
      doc = { name: object.name };
      placeAt(doc, tokens, value);
      prefix = tokens;
      break;
    }
    case 'global': {
      if (tokens.length !== 0) return null;
      if (typeof value === 'string' && codeIsText(object)) {
        const attributes = isJsonObject(prompt.customized) && isJsonObject(prompt.customized['attributes']) ? prompt.customized['attributes'] : {};
        doc = { name: object.name, attributes: { ...attributes, code: value } };
        prefix = ['attributes', 'code'];
        break;
      }
      if (!isJsonObject(value)) {
        const what = codeIsText(object) ? 'the script code (a string) or a whole global object {"attributes": {...}}' : 'a whole global object {"attributes": {...}}';
        return { pointer: '', versionPointer: '', message: `expected ${what}` };
      }
      if (!isJsonObject(value['attributes'])) {
        return { pointer: '/attributes', versionPointer: '/attributes', message: 'expected an object of attributes here ({"attributes": {...}})' };
      }
      const extra = Object.keys(value).find((key) => key !== 'name' && key !== 'attributes');
      if (extra !== undefined) {
        return { pointer: jsonPointer([extra]), versionPointer: jsonPointer([extra]), message: `unknown key ${JSON.stringify(extra)}: an edited global object has only "attributes" (and its own "name")` };
      }
      const code = value['attributes']['code'];
      if (codeIsText(object) && typeof code === 'string' && hasConflictMarkers(code)) {
        return { pointer: '/attributes/code', versionPointer: '/attributes/code', message: 'the code still contains conflict markers (<<<<<<<, =======, >>>>>>>): resolve them first' };
      }
      // The name is always the version's own (an edit cannot rename it), so only its other keys are checked.
      doc = { ...value, name: object.name };
      prefix = [];
      break;
    }
    case 'explorer':
    case 'runtime':
      // No prompt about these offers edit.
      return null;
    default:
      return assertNever(object);
  }
  const problems = validateVersionDocument(object, doc, '');
  const first = problems[0];
  if (first === undefined) return null;
  const base = jsonPointer(prefix);
  const pointer = first.pointer.startsWith(base) ? first.pointer.slice(base.length) : '';
  return { pointer, versionPointer: first.pointer, message: first.message };
}

/**
 * Parses the text of an edited JSON value strictly (core/parseJson.ts: no repeated key, no number
 * a double cannot hold) and checks it with `checkEditedValue`.
 */
export function parseEditedValue(prompt: EditedPrompt, text: string): ParsedEdit {
  const parsed = parseJson(text, '');
  if (!parsed.ok) {
    const problem = parsed.problems[0];
    return { ok: false, problem: { pointer: problem?.pointer ?? '', versionPointer: '', message: problem?.message ?? 'not valid JSON' } };
  }
  const problem = checkEditedValue(prompt, parsed.value);
  return problem === null ? { ok: true, value: parsed.value } : { ok: false, problem };
}

/** One line for an edit problem: `at /0/keep: keep must be one of ...`. */
export function formatEditProblem(problem: EditProblem): string {
  return problem.pointer === '' ? problem.message : `at ${problem.pointer}: ${problem.message}`;
}

/** Puts `value` at `tokens` inside `doc`, creating the objects on the way. */
function placeAt(doc: JsonObject, tokens: readonly string[], value: Json): void {
  let at = doc;
  tokens.forEach((token, i) => {
    if (i === tokens.length - 1) {
      Object.defineProperty(at, token, { value, enumerable: true, writable: true, configurable: true });
      return;
    }
    const next: JsonObject = {};
    Object.defineProperty(at, token, { value: next, enumerable: true, writable: true, configurable: true });
    at = next;
  });
}
