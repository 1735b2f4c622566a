import { isJsonObject, jsonPointer, type Json, type JsonObject } from './json.js';
import { assertNever, GLOBAL_TYPES } from './model.js';
import { filterProblem, nameProblem, quoteName } from './names.js';
import { defaultOptions, type AttributeRule, type Options } from './options.js';
import { parseJson } from './parseJson.js';
import { DIFF_ALGORITHMS } from './textMerge/diffLines.js';
import { compareStrings, type Problem } from './problems.js';
import { defineKey } from './serialize.js';
import { describeType } from './validateConfiguration.js';

/** The result of `parseOptions`: the resolved options, or every problem of the file. */
export type ParseOptionsResult = { ok: true; options: Options } | { ok: false; problems: Problem[] };

const RULES: readonly AttributeRule[] = ['keep', 'prompt', 'replace'];

/** The shape of the options file (docs/merge-behaviour.md, "Options file"). */
type Shape =
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'boolean' }
  | { kind: 'object'; fields: Record<string, Shape> }
  /** Attribute name (or `*`) → rule; merged key by key over the defaults. */
  | { kind: 'rules' }
  /** A list of name filters; replaces the default list. */
  | { kind: 'filters' }
  /** Global type → name filter; merged key by key over the defaults. */
  | { kind: 'typeFilters' };

const RULE: Shape = { kind: 'enum', values: RULES };
const BOOLEAN: Shape = { kind: 'boolean' };

const OPTIONS_SHAPE: Shape = {
  kind: 'object',
  fields: {
    baseLevel: { kind: 'enum', values: ['vendor', 'site', 'group'] },
    onlyProcessChangedBase: BOOLEAN,
    deleteOnlyMatchingBase: BOOLEAN,
    removeRuntimeChanges: BOOLEAN,
    forms: {
      kind: 'object',
      fields: {
        mode: { kind: 'enum', values: ['merge', 'leave', 'remove', 'skip'] },
        promptBeforeRemoval: BOOLEAN,
        names: { kind: 'filters' },
      },
    },
    merge: {
      kind: 'object',
      fields: {
        formAttributes: { kind: 'rules' },
        componentAttributes: { kind: 'rules' },
        script: RULE,
        eventHandlers: RULE,
        variables: RULE,
        nonMatchingComponents: { kind: 'enum', values: ['keep', 'remove'] },
        textMerge: BOOLEAN,
        ignoreWhitespace: BOOLEAN,
        dropRedundantCustomizations: BOOLEAN,
        diffAlgorithm: { kind: 'enum', values: DIFF_ALGORITHMS },
      },
    },
    globals: {
      kind: 'object',
      fields: {
        mode: { kind: 'enum', values: ['merge', 'keep', 'remove', 'skip'] },
        promptBeforeRemoval: BOOLEAN,
        types: { kind: 'typeFilters' },
      },
    },
    explorer: {
      kind: 'object',
      fields: { update: BOOLEAN, keepCustomizations: BOOLEAN, verifyLinks: BOOLEAN },
    },
  },
};

/**
 * Parses an options file and lays it over `defaultOptions()` key by key at every depth (attribute
 * rule maps and `globals.types` merge per key; `forms.names` replaces the list). Every key and
 * value is validated; unknown keys and values are problems with their JSON pointer. `file` names
 * the file in problems.
 */
export function parseOptions(text: string, file: string): ParseOptionsResult {
  const parsed = parseJson(text, file);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const problems: Problem[] = [];
  const options = defaultOptions();
  const report = (code: string, tokens: readonly (string | number)[], message: string): void => {
    problems.push({ code, file, pointer: jsonPointer(tokens), message });
  };

  const lay = (target: JsonObject, key: string, value: Json, shape: Shape, tokens: (string | number)[], dotted: string): void => {
    switch (shape.kind) {
      case 'enum':
        if (typeof value === 'string' && shape.values.includes(value)) defineKey(target, key, value);
        else report('bad-value', tokens, `${dotted} must be one of ${shape.values.map((v) => JSON.stringify(v)).join(', ')}, found ${describe(value)}`);
        return;
      case 'boolean':
        if (typeof value === 'boolean') defineKey(target, key, value);
        else report('wrong-type', tokens, `${dotted} must be true or false, found ${describe(value)}`);
        return;
      case 'object': {
        if (!isJsonObject(value)) {
          report('wrong-type', tokens, `${dotted || 'the options file'} must be an object, found ${describeType(value)}`);
          return;
        }
        const into = (dotted === '' ? target : target[key]) as JsonObject;
        for (const field of Object.keys(value)) {
          // `$schema` names the file's JSON Schema for an editor (docs/configuration.md, "JSON Schemas"); it is no option.
          if (dotted === '' && field === '$schema') {
            if (typeof value[field] !== 'string') report('wrong-type', [field], `$schema must be a string, found ${describeType(value[field])}`);
            continue;
          }
          const fieldShape = Object.hasOwn(shape.fields, field) ? shape.fields[field] : undefined;
          const fieldDotted = dotted === '' ? field : `${dotted}.${field}`;
          if (fieldShape === undefined) {
            const known = Object.keys(shape.fields);
            const near = known.find((k) => k.toLowerCase() === field.toLowerCase());
            const hint = near ? `; did you mean ${JSON.stringify(near)}?` : ` (allowed: ${known.join(', ')})`;
            report('unknown-key', [...tokens, field], `unknown option ${quoteName(fieldDotted)}${hint}`);
            continue;
          }
          lay(into, field, value[field], fieldShape, [...tokens, field], fieldDotted);
        }
        return;
      }
      case 'rules': {
        if (!isJsonObject(value)) {
          report('wrong-type', tokens, `${dotted} must be an object of attribute name to rule, found ${describeType(value)}`);
          return;
        }
        const rules = target[key] as JsonObject;
        for (const attribute of Object.keys(value)) {
          const attributeTokens = [...tokens, attribute];
          const problem = attribute === '*' ? null : nameProblem(attribute);
          if (problem !== null) {
            report('bad-name', attributeTokens, `invalid attribute name in ${dotted}: ${problem}`);
            continue;
          }
          lay(rules, attribute, value[attribute], RULE, attributeTokens, `${dotted}.${attribute}`);
        }
        return;
      }
      case 'filters': {
        if (!Array.isArray(value)) {
          report('wrong-type', tokens, `${dotted} must be an array of name filters, found ${describeType(value)}`);
          return;
        }
        const filters: string[] = [];
        value.forEach((filter, index) => {
          if (typeof filter !== 'string') {
            report('wrong-type', [...tokens, index], `${dotted} holds name filters (strings), found ${describeType(filter)}`);
            return;
          }
          const problem = filterProblem(filter);
          if (problem !== null) report('bad-value', [...tokens, index], problem);
          else filters.push(filter);
        });
        defineKey(target, key, filters);
        return;
      }
      case 'typeFilters': {
        if (!isJsonObject(value)) {
          report('wrong-type', tokens, `${dotted} must be an object of global type to name filter, found ${describeType(value)}`);
          return;
        }
        const types = target[key] as JsonObject;
        for (const type of Object.keys(value)) {
          const typeTokens = [...tokens, type];
          if (!(GLOBAL_TYPES as readonly string[]).includes(type)) {
            report('unknown-key', typeTokens, `unknown global object type ${quoteName(type)} in ${dotted} (allowed: ${GLOBAL_TYPES.join(', ')})`);
            continue;
          }
          const filter = value[type];
          if (typeof filter !== 'string') {
            report('wrong-type', typeTokens, `${dotted}.${type} must be a name filter (a string, "%" for all), found ${describeType(filter)}`);
            continue;
          }
          const problem = filterProblem(filter);
          if (problem !== null) report('bad-value', typeTokens, problem);
          else defineKey(types, type, filter);
        }
        return;
      }
      default:
        return assertNever(shape);
    }
  };

  lay(options as unknown as JsonObject, '', parsed.value, OPTIONS_SHAPE, [], '');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, options };
}

function describe(value: Json): string {
  return typeof value === 'string' ? quoteName(value) : describeType(value);
}

/**
 * The options a protected Target refuses (docs/merge-behaviour.md, "Protected Targets"), one problem
 * each, named by its dotted path (`forms.mode`, `merge.componentAttributes.binding`, `--answer`),
 * with `file` `options` and the pointer of the option. Empty when nothing is refused.
 */
export function protectedRefusals(options: Options, answerDefault?: 'keep' | 'replace' | 'fail'): Problem[] {
  const refusals: Problem[] = [];
  const refuse = (tokens: string[], what: string): void => {
    const dotted = tokens.join('.');
    refusals.push({
      code: 'protected-target',
      file: 'options',
      pointer: jsonPointer(tokens),
      message: `${dotted}: ${what}; the Target is protected and refuses it (pass --allow-destructive to allow it)`,
    });
  };
  if (options.forms.mode === 'remove' && !options.forms.promptBeforeRemoval) {
    refuse(['forms', 'mode'], '"remove" without forms.promptBeforeRemoval deletes customized forms without asking');
  }
  if (options.globals.mode === 'remove' && !options.globals.promptBeforeRemoval) {
    refuse(['globals', 'mode'], '"remove" without globals.promptBeforeRemoval deletes customized global objects without asking');
  }
  if (!options.deleteOnlyMatchingBase) {
    refuse(['deleteOnlyMatchingBase'], 'false deletes base versions that the Source does not have');
  }
  if (!options.explorer.keepCustomizations) {
    refuse(['explorer', 'keepCustomizations'], 'false deletes the Public folders and every My Folders');
  }
  if (options.merge.nonMatchingComponents === 'remove') {
    refuse(['merge', 'nonMatchingComponents'], '"remove" deletes components the customizer added');
  }
  for (const map of ['formAttributes', 'componentAttributes'] as const) {
    const rules = options.merge[map];
    for (const attribute of Object.keys(rules).sort(compareStrings)) {
      if (rules[attribute] === 'replace') {
        refuse(['merge', map, attribute], '"replace" overwrites customizations without asking');
      }
    }
  }
  for (const rule of ['script', 'eventHandlers', 'variables'] as const) {
    if (options.merge[rule] === 'replace') refuse(['merge', rule], '"replace" overwrites customizations without asking');
  }
  if (answerDefault === 'replace') {
    refusals.push({
      code: 'protected-target',
      file: 'options',
      pointer: '',
      message: '--answer: "replace" overwrites customizations without asking; the Target is protected and refuses it (pass --allow-destructive to allow it)',
    });
  }
  return refusals;
}
