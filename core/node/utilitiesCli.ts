import { assertNever } from '../model.js';
import type { CommandDeclaration, OptionDeclaration } from './cliProgram.js';
import type { ParsedArgs } from './parseArgs.js';
import { choiceFlag, flagValue, requiredFlag } from './parseArgs.js';
import { runCheck, runCopy, runList, runRemove, runUndo, type FilterFlags, type UtilityIo } from './utilitiesCommands.js';

/** The filter options shared by every utility (docs/utilities.md, "Filters"). */
const FILTER_OPTIONS: readonly OptionDeclaration[] = [
  { flags: '--kind <kind>', repeatable: true, description: 'only versions of this kind: form, global or explorer (repeat, or separate with commas, for several)' },
  { flags: '--type <type>', repeatable: true, description: 'only global objects of this type (scripts, validators, strings, ...)' },
  { flags: '--name <pattern>', repeatable: true, description: 'only objects whose name matches; % matches any run of characters, letters in any case (AP%)' },
  { flags: '--scope <scope>', repeatable: true, description: 'only versions at this scope type: site, group or user' },
  { flags: '--scope-name <pattern>', repeatable: true, description: 'only versions of groups or users whose name matches (% as in --name)' },
  { flags: '--name-file <file>', description: 'a file of name patterns, one a line (blank lines and # comments skipped), added to --name' },
];
const FILTERS_SYNOPSIS = ['[--kind KIND] [--type TYPE] [--name PATTERN] [--scope SCOPE]', '[--scope-name PATTERN] [--name-file FILE]'];
const outOption: OptionDeclaration = { flags: '--out <dir>', description: 'write the result into this folder (new or empty); the configuration is not touched' };
const inPlaceOption: OptionDeclaration = { flags: '--in-place', description: 'change the configuration itself, after copying it to a backup (rollback restores it)' };
const backupOption: OptionDeclaration = { flags: '--backup <dir>', description: 'with --in-place: the backup folder (must not exist); default: <dir>.backup-<UTC time>' };

/**
 * The declarations of the customization utilities, appended to the CLI's commands
 * (`cliProgram.ts`); docs/utilities.md describes them in full.
 */
export const UTILITY_DECLARATIONS: readonly CommandDeclaration[] = [
  {
    name: 'list',
    summary: 'list the customized versions of a configuration, with what each changes',
    description: 'Lists every customized version the filters choose, with its kind, type, name, scope, file and what it changes against its vendor base in counts (attributes, components, event handlers, variables, script lines).',
    synopsis: ['--config DIR [--format csv|json|text]', ...FILTERS_SYNOPSIS],
    options: [
      { flags: '--config <dir>', description: 'the configuration folder to list (required)' },
      { flags: '--format <format>', choices: ['csv', 'json', 'text'], description: 'csv (for spreadsheets), json or text (the default)' },
      ...FILTER_OPTIONS,
    ],
  },
  {
    name: 'copy',
    summary: 'copy chosen customized versions into another configuration',
    description: 'Copies the customized versions the filters choose from one configuration into another; base versions are never copied. Where the destination already has a different version, a prompt (keep or replace) decides: --answers, then --answer, else asked in a terminal; with prompts left, nothing is written (exit 4).',
    synopsis: ['--from DIR --to DIR [--answers FILE] [--answer keep|replace|fail]', '(--out DIR | --in-place [--backup DIR]) [--allow-destructive]', ...FILTERS_SYNOPSIS],
    options: [
      { flags: '--from <dir>', description: 'the configuration to copy from (required)' },
      { flags: '--to <dir>', description: 'the configuration to copy into (required)' },
      { flags: '--answers <file>', description: 'an answers file: version id to keep (the destination\'s) or replace' },
      { flags: '--answer <answer>', choices: ['keep', 'replace', 'fail'], description: 'the answer to every prompt --answers leaves open; fail: write nothing and exit 4' },
      outOption,
      inPlaceOption,
      backupOption,
      { flags: '--allow-destructive', description: 'allow replacing customized versions of a protected destination' },
      ...FILTER_OPTIONS,
    ],
  },
  {
    name: 'remove',
    summary: 'delete chosen customized versions of a configuration',
    description: 'Deletes the customized versions the filters choose, listing them first. Without --yes it asks once in a terminal; without a terminal it needs --yes. With --allow-destructive only, a protected configuration allows it.',
    synopsis: ['--config DIR (--out DIR | --in-place [--backup DIR]) [--yes]', '[--allow-destructive]', ...FILTERS_SYNOPSIS],
    options: [
      { flags: '--config <dir>', description: 'the configuration to remove versions from (required)' },
      outOption,
      inPlaceOption,
      backupOption,
      { flags: '--yes', description: 'do not ask for confirmation (needed without a terminal)' },
      { flags: '--allow-destructive', description: 'lift the protection of a protected configuration' },
      ...FILTER_OPTIONS,
    ],
  },
  {
    name: 'check',
    summary: 'a pre-upgrade check of a configuration',
    description: 'Reports broken Explorer links, logical duplicates, customized versions that shadow their base unchanged, versions whose base is missing, keep keywords whose anchor is gone, and scripts with conflict markers. Exit 0 with the findings listed, 3 on invalid input.',
    synopsis: ['--config DIR [--format text|json]'],
    options: [
      { flags: '--config <dir>', description: 'the configuration folder to check (required)' },
      { flags: '--format <format>', choices: ['text', 'json'], description: 'text (the default) or json' },
    ],
  },
  {
    name: 'undo',
    summary: 'undo one decision of the last in-place sync',
    description: 'Puts back, from the backup of the Target\'s last in-place sync, what one decision changed, leaving every other decision in place. Refused with the reason when the thing was changed again since. A rollback undoes the undo.',
    synopsis: ['--target DIR --decision ID'],
    options: [
      { flags: '--target <dir>', description: 'the Target synchronized in place (required)' },
      { flags: '--decision <id>', description: 'the id of the decision to undo, as in the report (required)' },
    ],
  },
];

/** The commands of the customization utilities. */
export type UtilityCommand = 'list' | 'copy' | 'remove' | 'check' | 'undo';

/** Runs a utility with its parsed command line; returns its exit code. */
export async function runUtility(command: UtilityCommand, args: ParsedArgs, io: UtilityIo): Promise<number> {
  switch (command) {
    case 'list':
      return runList({ config: requiredFlag(args, 'config'), format: choiceFlag(args, 'format', ['csv', 'json', 'text'] as const), ...filters(args) }, io);
    case 'check':
      return runCheck({ config: requiredFlag(args, 'config'), format: choiceFlag(args, 'format', ['text', 'json'] as const) }, io);
    case 'copy':
      return runCopy(
        {
          from: requiredFlag(args, 'from'),
          to: requiredFlag(args, 'to'),
          answers: flagValue(args, 'answers'),
          answer: choiceFlag(args, 'answer', ['keep', 'replace', 'fail'] as const),
          ...writeFlags(args),
          allowDestructive: args.switches.has('allow-destructive'),
          ...filters(args),
        },
        io,
      );
    case 'remove':
      return runRemove(
        { config: requiredFlag(args, 'config'), ...writeFlags(args), yes: args.switches.has('yes'), allowDestructive: args.switches.has('allow-destructive'), ...filters(args) },
        io,
      );
    case 'undo':
      return runUndo({ target: requiredFlag(args, 'target'), decision: requiredFlag(args, 'decision') }, io);
    default:
      return assertNever(command);
  }
}


function writeFlags(args: ParsedArgs) {
  return { out: flagValue(args, 'out'), inPlace: args.switches.has('in-place'), backup: flagValue(args, 'backup') };
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
