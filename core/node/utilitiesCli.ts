import type { ParsedArgs } from './parseArgs.js';
import { choiceFlag, flagValue, parseArgs, requiredFlag, UsageError } from './parseArgs.js';
import { FILTER_FLAGS, runCheck, runCopy, runList, runRemove, runUndo, type FilterFlags, type UtilityIo } from './utilitiesCommands.js';

/** The usage lines of the customization utilities (docs/utilities.md). */
export const UTILITIES_USAGE = `  carryover list     --config DIR [FILTERS] [--format csv|json|text]
  carryover copy     --from DIR --to DIR [FILTERS] [--answers FILE] [--answer keep|replace|fail]
                     (--out DIR | --in-place [--backup DIR]) [--allow-destructive]
  carryover remove   --config DIR [FILTERS] (--out DIR | --in-place [--backup DIR]) [--yes]
                     [--allow-destructive]
  carryover check    --config DIR [--format text|json]
  carryover undo     --target DIR --decision ID
  FILTERS: [--kind form|global|explorer] [--type TYPE] [--name PATTERN] [--scope site|group|user]
           [--scope-name PATTERN] [--name-file FILE]   (% matches any run of characters)
`;

/** The commands of the customization utilities. */
export const UTILITY_COMMANDS = ['list', 'copy', 'remove', 'check', 'undo'] as const;

/** Parses a utility's command line and runs it; returns its exit code. */
export async function runUtility(command: (typeof UTILITY_COMMANDS)[number], argv: readonly string[], io: UtilityIo): Promise<number> {
  const filterSpec = { values: [...FILTER_FLAGS], repeatable: FILTER_FLAGS.filter((f) => f !== 'name-file') };
  switch (command) {
    case 'list': {
      const args = parseArgs(argv, { values: ['config', 'format', ...filterSpec.values], switches: [], repeatable: filterSpec.repeatable });
      noPositional(args);
      return runList({ config: requiredFlag(args, 'config'), format: choiceFlag(args, 'format', ['csv', 'json', 'text'] as const), ...filters(args) }, io);
    }
    case 'check': {
      const args = parseArgs(argv, { values: ['config', 'format'], switches: [] });
      noPositional(args);
      return runCheck({ config: requiredFlag(args, 'config'), format: choiceFlag(args, 'format', ['text', 'json'] as const) }, io);
    }
    case 'copy': {
      const args = parseArgs(argv, {
        values: ['from', 'to', 'answers', 'answer', 'out', 'backup', ...filterSpec.values],
        switches: ['in-place', 'allow-destructive'],
        repeatable: filterSpec.repeatable,
      });
      noPositional(args);
      return runCopy(
        {
          from: requiredFlag(args, 'from'),
          to: requiredFlag(args, 'to'),
          answers: flagValue(args, 'answers'),
          answer: choiceFlag(args, 'answer', ['keep', 'replace', 'fail'] as const),
          out: flagValue(args, 'out'),
          inPlace: args.switches.has('in-place'),
          backup: flagValue(args, 'backup'),
          allowDestructive: args.switches.has('allow-destructive'),
          ...filters(args),
        },
        io,
      );
    }
    case 'remove': {
      const args = parseArgs(argv, { values: ['config', 'out', 'backup', ...filterSpec.values], switches: ['in-place', 'yes', 'allow-destructive'], repeatable: filterSpec.repeatable });
      noPositional(args);
      return runRemove(
        {
          config: requiredFlag(args, 'config'),
          out: flagValue(args, 'out'),
          inPlace: args.switches.has('in-place'),
          backup: flagValue(args, 'backup'),
          yes: args.switches.has('yes'),
          allowDestructive: args.switches.has('allow-destructive'),
          ...filters(args),
        },
        io,
      );
    }
    case 'undo': {
      const args = parseArgs(argv, { values: ['target', 'decision'], switches: [] });
      noPositional(args);
      return runUndo({ target: requiredFlag(args, 'target'), decision: requiredFlag(args, 'decision') }, io);
    }
  }
}

function filters(args: ParsedArgs): FilterFlags {
  return {
    kind: args.values.get('kind'),
    type: args.values.get('type'),
    name: args.values.get('name'),
    scope: args.values.get('scope'),
    scopeName: args.values.get('scope-name'),
    nameFile: flagValue(args, 'name-file'),
  };
}

function noPositional(args: ParsedArgs): void {
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(args.positional[0])}`);
}
