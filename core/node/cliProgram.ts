import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { ParsedArgs } from './parseArgs.js';
import { UsageError } from './parseArgs.js';
import { UTILITY_DECLARATIONS } from './utilitiesCli.js';
import { CarryoverBug } from '../bug.js';

/** One option of a command, as commander spells it (`--source <dir>`, `-p`, `-L <label>`). */
export interface OptionDeclaration {
  flags: string;
  /** What the option means, in one or two sentences: shown by `--help`. */
  description: string;
  /** The only values the option takes (anything else is a usage error). */
  choices?: readonly string[];
  /** The option may be given more than once; otherwise a second one is a usage error. */
  repeatable?: boolean;
}

/**
 * One `carryover` command: its name, help texts, arguments and options. Adding a command is one
 * more declaration in {@link COMMANDS} (and its `case` in cli.ts's dispatch); the README's CLI
 * block and `--help` are made from these declarations (docs/cli.md).
 */
export interface CommandDeclaration {
  name: string;
  /** One line for the list of commands. */
  summary: string;
  /** A paragraph for `carryover help <command>`. */
  description: string;
  /** Positional arguments in commander's syntax (`<dir...>`, `[dirs...]`) with their meaning. */
  arguments?: readonly { name: string; description: string }[];
  /**
   * The command's synopsis, one string per printed line (the first follows `carryover <name>`,
   * the others are indented under it). It names every option of `options`, and nothing else.
   */
  synopsis: readonly string[];
  options: readonly OptionDeclaration[];
  /**
   * The arguments go to the command untouched (`merge-file`, which keeps git's own flags and
   * exit codes): only `--help`/`-h` before a `--` is taken by the CLI.
   */
  passThrough?: boolean;
}

const sourceOption: OptionDeclaration = { flags: '--source <dir>', description: 'the Source configuration folder: the new vendor release (required)' };
/** `analyze` and `sync` take several Targets (docs/cli.md, "Many Targets"). */
const targetsOption: OptionDeclaration = {
  flags: '--target <dir>',
  repeatable: true,
  description: 'a Target configuration folder: the old vendor release with its customizations (required; repeat for several Targets, processed in the order given)',
};
const patchOption: OptionDeclaration = {
  flags: '--patch <file>',
  description: 'a patch file (carryover patch JSON or FormSync\'s patch list): only the objects it lists are processed; everything else in the Target is left as it is',
};
const optionsOption: OptionDeclaration = { flags: '--options <file>', description: 'an options file (carryover-options/1); default: the default options' };
const answersOption: OptionDeclaration = {
  flags: '--answers <file>',
  description: 'an answers file mapping prompt ids to answers (keep, replace, remove, merge or {"edit": VALUE})',
};
const FORMATS = ['text', 'json', 'html'] as const;
const strictAnswersOption: OptionDeclaration = {
  flags: '--strict-answers',
  description: 'an answer whose id matches no prompt is invalid input (exit 3, each named with the nearest prompt id) instead of a warning',
};

const maxFileSizeOption: OptionDeclaration = {
  flags: '--max-file-size <size>',
  description: 'the largest input file read, such as 64M or 1G (default 64M); a larger one is refused before it is read (exit 3)',
};

/** Every `carryover` command, in the order `--help` lists them. */
export const COMMANDS: readonly CommandDeclaration[] = [
  {
    name: 'analyze',
    summary: 'validate both configurations and print every decision and prompt; writes nothing',
    description:
      'Reads and validates the Source and the Target, computes every decision and prompt, and prints the plan (text by default). It never writes anything but --output.',
    synopsis: ['--source DIR --target DIR... [--options FILE] [--answers FILE] [--strict-answers]', '[--patch FILE] [--format text|json|html] [--output FILE] [--max-file-size SIZE]'],
    options: [
      sourceOption,
      targetsOption,
      optionsOption,
      answersOption,
      strictAnswersOption,
      patchOption,
      { flags: '--format <format>', choices: FORMATS, description: 'the plan\'s format; default: from the --output file\'s extension, else text' },
      { flags: '--output <file>', description: 'write the plan to this file instead of standard output ("-": standard output)' },
      maxFileSizeOption,
    ],
  },
  {
    name: 'sync',
    summary: 'merge the Source into the Target and write the result (a new folder, or in place)',
    description:
      'Does what analyze does, then writes the merged Target, once every prompt is answered: from --answers, then by --answer, else (standard input a terminal) asked in the terminal. With prompts left unanswered, nothing is written (exit 4).',
    synopsis: [
      '--source DIR --target DIR... [--options FILE] [--answers FILE] [--strict-answers]',
      '[--patch FILE] [--answer keep|replace|fail|defer]',
      '(--out DIR | --out-root DIR | --in-place [--backup DIR])',
      '[--report FILE] [--format text|json|html] [--allow-destructive]',
      '[--max-file-size SIZE]',
    ],
    options: [
      sourceOption,
      targetsOption,
      optionsOption,
      answersOption,
      strictAnswersOption,
      patchOption,
      {
        flags: '--answer <answer>',
        choices: ['keep', 'replace', 'fail', 'defer'],
        description:
          'the answer to every prompt --answers leaves open; fail: write nothing and exit 4 (the default unless standard input is a terminal); defer (in place only): write everything else and leave each version with an open prompt as it was, pending for carryover resume',
      },
      { flags: '--out <dir>', description: 'write the merged Target into this folder (new or empty); the Target is not touched' },
      { flags: '--out-root <dir>', description: 'write each merged Target into DIR/<the Target folder\'s name> (new or empty); the Targets are not touched' },
      { flags: '--in-place', description: 'replace the Target itself, after copying it to a backup' },
      { flags: '--backup <dir>', description: 'with --in-place: the backup folder (must not exist); default: <target>.backup-<UTC time>' },
      { flags: '--report <file>', description: 'also write the report to this file ("-": standard output)' },
      { flags: '--format <format>', choices: FORMATS, description: 'the report\'s format; default: from the --report file\'s extension, else text' },
      { flags: '--allow-destructive', description: 'lift the protection of a protected Target (options it would refuse)' },
      maxFileSizeOption,
    ],
  },
  {
    name: 'resume',
    summary: 'complete an upgrade: answer the prompts that sync --answer defer left pending, and commit them',
    description:
      'Reads the Target\'s pending prompts (left by sync --in-place --answer defer), checks that each still has the three values it had, takes the answers (from the pending state, --answers, --answer, else asked in the terminal) and updates the Target in place with a backup. Nothing pending: says so and exits 0.',
    synopsis: ['--target DIR [--answers FILE] [--answer keep|replace|fail] [--backup DIR]', '[--report FILE] [--format text|json|html] [--max-file-size SIZE]'],
    options: [
      { flags: '--target <dir>', description: 'the Target configuration folder with pending prompts (required)' },
      answersOption,
      {
        flags: '--answer <answer>',
        choices: ['keep', 'replace', 'fail'],
        description: 'the answer to every pending prompt left open; fail: write nothing and exit 4 (the default unless standard input is a terminal)',
      },
      { flags: '--backup <dir>', description: 'the backup folder (must not exist); default: <target>.backup-<UTC time>' },
      { flags: '--report <file>', description: 'also write the report to this file ("-": standard output)' },
      { flags: '--format <format>', choices: FORMATS, description: 'the report\'s format; default: from the --report file\'s extension, else text' },
      maxFileSizeOption,
    ],
  },
  {
    name: 'rollback',
    summary: 'restore the Target from the backup of its last in-place sync',
    description: 'Restores the Target from the backup of its last in-place sync (recorded in the Target\'s .carryover folder) or from the one named, and keeps the backup.',
    synopsis: ['--target DIR (--list | [--backup DIR] [--discard-changes])'],
    options: [
      { flags: '--target <dir>', description: 'the Target configuration folder to restore (required)' },
      { flags: '--backup <dir>', description: 'the backup to restore from; default: the one its last in-place sync made' },
      {
        flags: '--discard-changes',
        description: 'roll back even though the Target changed since the sync (the changed Target is first kept as a backup of its own)',
      },
      { flags: '--list', description: 'list the Target\'s in-place syncs, newest first, with their backups; restores nothing' },
    ],
  },
  {
    name: 'validate',
    summary: 'check configurations and an options file, listing every problem',
    description: 'Checks each configuration folder (and an options file) and lists every problem as file#/json/pointer: message (exit 3).',
    arguments: [{ name: '[dirs...]', description: 'configuration folders to check' }],
    synopsis: ['DIR... [--options FILE] [--max-file-size SIZE]'],
    options: [{ flags: '--options <file>', description: 'an options file to check as well' }, maxFileSizeOption],
  },
  {
    name: 'merge-file',
    summary: 'three-way text merge with git merge-file\'s conventions and exit codes',
    description:
      'Merges the changes from BASE to OTHER into CURRENT, as git merge-file does, with the engine that merges form scripts. Exits with the number of conflicts (at most 127), 255 on error.',
    arguments: [
      { name: '<current>', description: 'the file the changes go into (rewritten unless -p)' },
      { name: '<base>', description: 'the common ancestor' },
      { name: '<other>', description: 'the file whose changes from BASE are merged' },
    ],
    synopsis: ['[-p] [--diff3] [--ours|--theirs|--union] [--marker-size=N]', '[--diff-algorithm=myers|minimal|patience|histogram] [-L LABEL]... CURRENT BASE OTHER'],
    options: [
      { flags: '-p', description: 'print the result to standard output instead of writing CURRENT' },
      { flags: '--diff3', description: 'show the base\'s lines in conflicts too (between ||||||| and =======)' },
      { flags: '--ours', description: 'resolve every conflict with CURRENT\'s lines (exit 0)' },
      { flags: '--theirs', description: 'resolve every conflict with OTHER\'s lines (exit 0)' },
      { flags: '--union', description: 'resolve every conflict with both sides\' lines, CURRENT\'s first (exit 0)' },
      { flags: '--marker-size <n>', description: 'the length of the conflict markers (default 7; 0 or less: 7)' },
      { flags: '--diff-algorithm <algorithm>', description: 'the line matching: myers (default, as git merge-file), minimal, patience or histogram' },
      { flags: '-L <label>', repeatable: true, description: 'a label for CURRENT, then BASE, then OTHER in the conflict markers (default: the file names)' },
    ],
    passThrough: true,
  },
  ...UTILITY_DECLARATIONS,
];

/** What the command line asks for: run a command with its parsed values, or print help. */
export type CommandLine =
  | {
      kind: 'run';
      command: string;
      args: ParsedArgs;
      /** The arguments after the command's name, untouched (what a pass-through command reads). */
      rest: readonly string[];
    }
  | { kind: 'print'; stream: 'stdout' | 'stderr'; text: string; exitCode: number };

/** Help text is wrapped to this width whatever the terminal, so that it is the same everywhere. */
const HELP_WIDTH = 100;

/**
 * Parses `carryover`'s arguments against {@link COMMANDS}: help (`--help`, `-h`,
 * `help <command>`) and `--version` come back as text to print; a mistyped command or option is a
 * {@link UsageError} that names the nearest match. A pass-through command gets its arguments raw.
 */
export function parseCommandLine(argv: readonly string[], about: { version: string }): CommandLine {
  const [name, ...rest] = argv;
  const passThrough = COMMANDS.find((c) => c.passThrough === true && c.name === name);
  if (passThrough !== undefined && !asksForHelp(rest)) {
    return { kind: 'run', command: passThrough.name, args: { values: new Map(), switches: new Set(), positional: [...rest] }, rest };
  }
  let out = '';
  let err = '';
  let parsed: CommandLine | undefined;
  const program = new Command('carryover')
    .exitOverride()
    .configureOutput({ writeOut: (s) => void (out += s), writeErr: (s) => void (err += s), outputError: () => undefined })
    .configureHelp({ helpWidth: HELP_WIDTH, sortSubcommands: false })
    .description('Carries ERP form customizations over to a new vendor release: a three-way merge of configurations.')
    .version(`carryover ${about.version}`, '--version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .helpCommand('help [command]', 'print the help of a command')
    .addHelpText('after', `\nUsage of each command:\n${synopsisBlock(COMMANDS, '  ')}\nExit codes: 0 success, 1 internal error, 2 usage error, 3 invalid input, 4 prompts left unanswered, 5 writing failed (merge-file: git's).\n`);
  for (const declaration of COMMANDS) {
    const command = commandOf(declaration, (args) => {
      parsed = { kind: 'run', command: declaration.name, args, rest };
    });
    // addCommand, unlike .command(), does not pass the error and output settings down.
    program.addCommand(command.copyInheritedSettings(program));
  }
  // `help snyc` is a mistyped command too: answer it with the nearest match, not the overview.
  const unknownHelp = name === 'help' && rest[0] !== undefined && !COMMANDS.some((c) => c.name === rest[0]);
  try {
    program.parse(unknownHelp ? [rest[0]] : [...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || (error.code === 'commander.help' && error.exitCode === 0)) {
      return { kind: 'print', stream: 'stdout', text: out, exitCode: 0 };
    }
    // `carryover` alone: the overview on standard error, as a usage error.
    if (error.code === 'commander.help') return { kind: 'print', stream: 'stderr', text: err, exitCode: 2 };
    throw new UsageError(error.message.replace(/^error: /, ''));
  }
  if (parsed === undefined) throw new CarryoverBug(`commander ran no command for ${JSON.stringify(argv)}`);
  return parsed;
}

/** The synopsis lines of the commands, as in the README's CLI block (checked by tests/cli/cliProgram.test.ts). */
export function synopsisBlock(commands: readonly CommandDeclaration[], indent = ''): string {
  const width = 8;
  return commands
    .map((c) => {
      const head = `${indent}carryover ${c.name.padEnd(width)} `;
      return c.synopsis.map((line, i) => (i === 0 ? head : ' '.repeat(indent.length + 'carryover '.length + width + 1)) + line).join('\n');
    })
    .join('\n')
    .concat('\n');
}

/** The usage lines of one command (or of all, for an unknown one), shown after a usage error. */
export function usageOf(name: string | undefined): string {
  const declaration = COMMANDS.find((c) => c.name === name);
  if (declaration === undefined) return `usage:\n${synopsisBlock(COMMANDS, '  ')}Run 'carryover help <command>' for a command's options.\n`;
  return `usage:\n${synopsisBlock([declaration], '  ')}Run 'carryover help ${declaration.name}' for what each option means.\n`;
}

function asksForHelp(rest: readonly string[]): boolean {
  const end = rest.indexOf('--');
  return (end < 0 ? rest : rest.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

function commandOf(declaration: CommandDeclaration, run: (args: ParsedArgs) => void): Command {
  const command = new Command(declaration.name).summary(declaration.summary).description(declaration.description);
  const indent = ' '.repeat(`Usage: carryover ${declaration.name} `.length);
  command.usage(declaration.synopsis.join(`\n${indent}`));
  command.helpOption('-h, --help', 'print this help');
  for (const argument of declaration.arguments ?? []) command.argument(argument.name, argument.description);
  for (const spec of declaration.options) command.addOption(optionOf(spec));
  if (declaration.passThrough === true) command.allowUnknownOption().allowExcessArguments();
  command.action(() => {
    const values = command.opts<Record<string, string | string[] | boolean | undefined>>();
    const args: ParsedArgs = { values: new Map(), switches: new Set(), positional: [...command.args] };
    for (const option of command.options as readonly Option[]) {
      const value = values[option.attributeName()];
      const key = (option.long ?? option.short ?? '').replace(/^--?/, '');
      if (value === true) args.switches.add(key);
      else if (typeof value === 'string') args.values.set(key, [value]);
      else if (Array.isArray(value)) args.values.set(key, value);
    }
    run(args);
  });
  return command;
}

function optionOf(spec: OptionDeclaration): Option {
  const option = new Option(spec.flags, spec.description);
  if (!option.required) return option;
  const label = option.long ?? option.short ?? spec.flags;
  if (spec.choices !== undefined) option.choices([...spec.choices]);
  const choices = option.argChoices;
  return option.argParser((value: string, previous: unknown): string | string[] => {
    if (choices !== undefined && !choices.includes(value)) {
      throw new InvalidArgumentError(`Allowed values: ${choices.join(', ')}.`);
    }
    if (spec.repeatable === true) return [...((previous as string[] | undefined) ?? []), value];
    if (previous !== undefined) throw new InvalidArgumentError(`${label} is given twice.`);
    return value;
  });
}
