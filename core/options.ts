import type { DiffAlgorithm } from './textMerge/diffLines.js';

/** How one attribute is merged when both sides changed it: keep C, ask, or take S. */
export type AttributeRule = 'keep' | 'prompt' | 'replace';

/** The synchronization options of docs/merge-behaviour.md ("Options file"), fully resolved. */
export interface Options {
  baseLevel: 'vendor' | 'site' | 'group';
  onlyProcessChangedBase: boolean;
  deleteOnlyMatchingBase: boolean;
  removeRuntimeChanges: boolean;
  forms: {
    mode: 'merge' | 'leave' | 'remove' | 'skip';
    promptBeforeRemoval: boolean;
    /** Name filters with `%` as the only wildcard, case-insensitive; empty = all forms. */
    names: string[];
  };
  merge: {
    /** Attribute name → rule; `*` is the rule for attributes not listed. */
    formAttributes: Record<string, AttributeRule>;
    componentAttributes: Record<string, AttributeRule>;
    script: AttributeRule;
    eventHandlers: AttributeRule;
    variables: AttributeRule;
    nonMatchingComponents: 'keep' | 'remove';
    textMerge: boolean;
    ignoreWhitespace: boolean;
    dropRedundantCustomizations: boolean;
    /** The line matching of script merges (docs/configuration.md, "merge.diffAlgorithm"); `myers` is the behaviour before it existed. */
    diffAlgorithm: DiffAlgorithm;
  };
  globals: {
    mode: 'merge' | 'keep' | 'remove' | 'skip';
    promptBeforeRemoval: boolean;
    /** Type folder name → name filter (`%` = all); empty = every type with `%`. */
    types: Record<string, string>;
  };
  explorer: { update: boolean; keepCustomizations: boolean; verifyLinks: boolean };
}

/** The defaults, exactly as docs/merge-behaviour.md lists them. Never mutate: use `defaultOptions()`. */
const DEFAULTS: Options = {
  baseLevel: 'vendor',
  onlyProcessChangedBase: true,
  deleteOnlyMatchingBase: true,
  removeRuntimeChanges: true,
  forms: { mode: 'merge', promptBeforeRemoval: false, names: [] },
  merge: {
    formAttributes: {
      '*': 'prompt',
      caption: 'keep',
      width: 'keep',
      height: 'keep',
      splitters: 'keep',
      gridColumns: 'keep',
    },
    componentAttributes: {
      '*': 'prompt',
      caption: 'keep',
      defaultValue: 'keep',
      x: 'keep',
      y: 'keep',
      width: 'keep',
      height: 'keep',
      hidden: 'keep',
      readOnly: 'keep',
      noClearOnNew: 'keep',
      defaultOnCopy: 'keep',
      case: 'keep',
    },
    script: 'prompt',
    eventHandlers: 'prompt',
    variables: 'prompt',
    nonMatchingComponents: 'keep',
    textMerge: true,
    ignoreWhitespace: true,
    dropRedundantCustomizations: true,
    diffAlgorithm: 'histogram',
  },
  globals: { mode: 'merge', promptBeforeRemoval: true, types: {} },
  explorer: { update: true, keepCustomizations: true, verifyLinks: true },
};

/** A fresh deep copy of the default options. */
export function defaultOptions(): Options {
  return JSON.parse(JSON.stringify(DEFAULTS)) as Options;
}

/** The rule for one attribute: its own entry, else `*`, else `prompt`. */
export function attributeRule(rules: Record<string, AttributeRule>, attribute: string): AttributeRule {
  return Object.hasOwn(rules, attribute) ? rules[attribute] : (rules['*'] ?? 'prompt');
}
