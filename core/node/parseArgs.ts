/** How one command's flags are shaped: which take a value, which may repeat, which are switches. */
export interface FlagSpec {
  values: readonly string[];
  switches: readonly string[];
  repeatable?: readonly string[];
}

/** Parsed command-line arguments: flag values by name (without dashes) and positional arguments. */
export interface ParsedArgs {
  values: Map<string, string[]>;
  switches: Set<string>;
  positional: string[];
}

/** A usage error: the command line itself is wrong (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Parses `--flag value`, `--flag=value`, switches and positional arguments. Unknown flags,
 * missing values and repeated non-repeatable flags are usage errors.
 */
export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const parsed: ParsedArgs = { values: new Map(), switches: new Set(), positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      parsed.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = (eq > 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    if (spec.switches.includes(flag)) {
      if (eq > 0) throw new UsageError(`${arg}: --${flag} takes no value`);
      parsed.switches.add(flag);
      continue;
    }
    if (!spec.values.includes(flag)) throw new UsageError(`unknown option ${arg.slice(0, eq > 0 ? eq : undefined)}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`${arg} needs a value`);
    const list = parsed.values.get(flag) ?? [];
    if (list.length > 0 && !spec.repeatable?.includes(flag)) throw new UsageError(`--${flag} is given twice`);
    list.push(value);
    parsed.values.set(flag, list);
  }
  return parsed;
}

/** The single value of a flag, or `undefined`. */
export function flagValue(args: ParsedArgs, flag: string): string | undefined {
  return args.values.get(flag)?.[0];
}

/** The value of a required flag; its absence is a usage error. */
export function requiredFlag(args: ParsedArgs, flag: string): string {
  const value = flagValue(args, flag);
  if (value === undefined || value === '') throw new UsageError(`--${flag} is required`);
  return value;
}

/** A flag restricted to a set of values; anything else is a usage error. */
export function choiceFlag<T extends string>(args: ParsedArgs, flag: string, choices: readonly T[]): T | undefined {
  const value = flagValue(args, flag);
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${choices.join(', ')} (got ${JSON.stringify(value)})`);
  }
  return value as T;
}
