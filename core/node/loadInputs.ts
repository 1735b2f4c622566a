import type { Answer } from '../analysis.js';
import type { Configuration } from '../model.js';
import type { Options } from '../options.js';
import { defaultOptions } from '../options.js';
import { parseAnswers } from '../parseAnswers.js';
import { parseOptions } from '../parseOptions.js';
import type { Problem } from '../problems.js';
import { sortProblems } from '../problems.js';
import { checkCaseCollisions } from '../validateConfiguration.js';
import { loadConfiguration } from './loadConfiguration.js';
import { SharedParses } from './SharedParses.js';
import { readTextFile } from './loadFile.js';

/** What a synchronization reads from disk. */
export interface InputPaths {
  source: string;
  target: string;
  /** An options file; defaults apply without one. */
  options?: string;
  /** An answers file. */
  answers?: string;
  /** Larger input files are refused before they are read (`--max-file-size`). Default `DEFAULT_MAX_FILE_SIZE` of loadFile.ts. */
  maxFileSize?: number;
}

/** The validated inputs of a synchronization. */
export interface Inputs {
  source: Configuration;
  target: Configuration;
  options: Options;
  answers: Map<string, Answer>;
}

/**
 * Reads and validates both configurations, the options file and the answers file, in parallel,
 * and collects every problem of all of them (spec/configuration.md, "Invalid input"): the caller
 * gets either all inputs or all problems, never a partial result.
 */
export async function loadInputs(paths: InputPaths): Promise<{ ok: true; inputs: Inputs } | { ok: false; problems: Problem[] }> {
  // The Source and the Target share most of their base versions byte for byte: parse those once.
  const shared = new SharedParses();
  const [source, target, options, answers] = await Promise.all([
    loadConfiguration(paths.source, { shared, maxFileSize: paths.maxFileSize }),
    loadConfiguration(paths.target, { shared, maxFileSize: paths.maxFileSize }),
    paths.options === undefined ? null : readText(paths.options, paths.maxFileSize).then((text) => (typeof text === 'string' ? parseOptions(text, paths.options as string) : text)),
    paths.answers === undefined ? null : readText(paths.answers, paths.maxFileSize).then((text) => (typeof text === 'string' ? parseAnswers(text, paths.answers as string) : text)),
  ]);
  const problems: Problem[] = [];
  if (!source.ok) problems.push(...source.problems);
  if (!target.ok) problems.push(...target.problems);
  if (options && !options.ok) problems.push(...options.problems);
  if (answers && !answers.ok) problems.push(...answers.problems);
  if (source.ok && target.ok) problems.push(...checkCaseCollisions(source.configuration, target.configuration));
  if (problems.length > 0 || !source.ok || !target.ok || (options && !options.ok) || (answers && !answers.ok)) {
    return { ok: false, problems: sortProblems(problems) };
  }
  return {
    ok: true,
    inputs: {
      source: source.configuration,
      target: target.configuration,
      options: options ? options.options : defaultOptions(),
      answers: answers ? answers.answers : new Map(),
    },
  };
}

/** Reads a small input file (options, answers) as strict UTF-8, or returns the problem of reading it. */
export async function readText(file: string, maxFileSize?: number): Promise<string | { ok: false; problems: Problem[] }> {
  const read = await readTextFile(file, maxFileSize);
  // readTextFile drops the byte-order mark and the parsers drop one too: give it back, so that a
  // second one is refused rather than dropped as well.
  return read.ok ? (read.bom ? '\uFEFF' + read.text : read.text) : { ok: false, problems: [read.problem] };
}
