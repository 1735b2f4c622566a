import type { Answer } from './analysis.js';
import { isJsonObject, jsonPointer } from './json.js';
import { quoteName } from './names.js';
import { parseJson } from './parseJson.js';
import type { Problem } from './problems.js';
import { describeType } from './validateConfiguration.js';

/**
 * The result of `parseAnswers`: answers by prompt id, in file order, with the optional `values`
 * (prompt id → the `promptValuesKey` of the prompt the answer was given for), or every problem of
 * the file.
 */
export type ParseAnswersResult = { ok: true; answers: Map<string, Answer>; values: Map<string, string> } | { ok: false; problems: Problem[] };

/** A `values` entry: `sha256:` and 64 lowercase hex digits (core/promptKey.ts). */
const VALUES_KEY = /^sha256:[0-9a-f]{64}$/;

const WORD_ANSWERS = ['keep', 'replace', 'remove', 'merge'] as const;

/**
 * Parses an answers file (docs/cli.md, "Answers file"): `{"answers": {"<prompt id>": ANSWER}}`,
 * where ANSWER is `keep`, `replace`, `remove`, `merge` or `{"edit": VALUE}`. Only the format is
 * checked here; whether an answer fits its prompt, or its id matches one, is the engine's business.
 * Any answers file may also carry `"values": {"<prompt id>": "sha256:<hex>"}` (docs/sessions.md,
 * "Saved answers"): each id must have an answer; such an answer applies only to a prompt whose
 * three values still have that key.
 */
export function parseAnswers(text: string, file: string): ParseAnswersResult {
  const parsed = parseJson(text, file);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const problems: Problem[] = [];
  const report = (code: string, tokens: readonly string[], message: string): void => {
    problems.push({ code, file, pointer: jsonPointer(tokens), message });
  };
  const answers = new Map<string, Answer>();
  const doc = parsed.value;
  if (!isJsonObject(doc)) {
    report('wrong-type', [], `an answers file must be an object {"answers": {...}}, found ${describeType(doc)}`);
    return { ok: false, problems };
  }
  for (const key of Object.keys(doc)) {
    // `$schema` names the file's JSON Schema for an editor (docs/configuration.md, "JSON Schemas").
    if (key === '$schema') {
      if (typeof doc[key] !== 'string') report('wrong-type', [key], `$schema must be a string, found ${describeType(doc[key])}`);
    } else if (key !== 'answers' && key !== 'values') {
      report('unknown-key', [key], `unknown key ${quoteName(key)} in an answers file (allowed: answers, values, $schema)`);
    }
  }
  if (!Object.hasOwn(doc, 'answers')) {
    report('missing-key', [], 'an answers file has no "answers" key, which is required');
  } else if (!isJsonObject(doc.answers)) {
    report('wrong-type', ['answers'], `"answers" must be an object of prompt id to answer, found ${describeType(doc.answers)}`);
  } else {
    const given = doc.answers;
    for (const id of Object.keys(given)) {
      const tokens = ['answers', id];
      const value = given[id];
      if (typeof value === 'string') {
        if ((WORD_ANSWERS as readonly string[]).includes(value)) answers.set(id, value as Answer);
        else report('bad-value', tokens, `unknown answer ${quoteName(value)}: expected "keep", "replace", "remove", "merge" or {"edit": VALUE}`);
        continue;
      }
      if (isJsonObject(value)) {
        const keys = Object.keys(value);
        const extra = keys.filter((k) => k !== 'edit');
        for (const key of extra) {
          report('unknown-key', [...tokens, key], `unknown key ${quoteName(key)} in an edit answer (allowed: edit)`);
        }
        if (!Object.hasOwn(value, 'edit')) {
          report('missing-key', tokens, 'an object answer must be {"edit": VALUE}');
        } else if (extra.length === 0) {
          answers.set(id, { edit: value.edit });
        }
        continue;
      }
      report('wrong-type', tokens, `expected "keep", "replace", "remove", "merge" or {"edit": VALUE}, found ${describeType(value)}`);
    }
  }
  const values = new Map<string, string>();
  if (Object.hasOwn(doc, 'values')) {
    if (!isJsonObject(doc.values)) {
      report('wrong-type', ['values'], `"values" must be an object of prompt id to "sha256:<hex>", found ${describeType(doc.values)}`);
    } else {
      const given = isJsonObject(doc.answers) ? doc.answers : {};
      for (const [id, key] of Object.entries(doc.values)) {
        if (typeof key !== 'string' || !VALUES_KEY.test(key)) {
          report('bad-value', ['values', id], `expected "sha256:" and 64 lowercase hex digits (the key of the prompt's three values), found ${typeof key === 'string' ? quoteName(key) : describeType(key)}`);
        } else if (!Object.hasOwn(given, id)) {
          report('unknown-key', ['values', id], `${quoteName(id)} has values but no answer in "answers"`);
        } else {
          values.set(id, key);
        }
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, answers, values };
}
