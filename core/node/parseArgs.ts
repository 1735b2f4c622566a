/**
 * Parsed command-line arguments (made by cliProgram.ts from the commands' declarations): flag
 * values by name (without dashes), switches given, and positional arguments.
 */
export interface ParsedArgs {
  values: Map<string, string[]>;
  switches: Set<string>;
  positional: string[];
}

/** A usage error: the command line itself is wrong (exit 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
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
