import type { Answer } from '../analysis.js';
import type { Configuration } from '../model.js';
import type { Options } from '../options.js';
import { defaultOptions } from '../options.js';
import { parseAnswers } from '../parseAnswers.js';
import { parseOptions } from '../parseOptions.js';
import type { Problem } from '../problems.js';
import { sortProblems } from '../problems.js';
import { readTextFile } from './loadFile.js';
import { labelled, openPair, type PairFingerprints, type SidedProblem } from './openPair.js';

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
  /** Read for one merge, then dropped: see `OpenPairOptions.standIns`. */
  standIns?: boolean;
}

/** The validated inputs of a synchronization. */
export interface Inputs {
  source: Configuration;
  target: Configuration;
  /** What both folders held when they were read: a commit checks it (commitPlan.ts). */
  fingerprints: PairFingerprints;
  options: Options;
  answers: Map<string, Answer>;
  /** The answers file's `values`: an answer with one applies only to a prompt with that key (docs/sessions.md). */
  answerValues: Map<string, string>;
}

/**
 * Opens the pair (openPair.ts) and reads the options file and the answers file, in parallel, and
 * collects every problem of all of them (docs/configuration.md, "Invalid input"): the caller gets
 * either all inputs or all problems, sorted, never a partial result.
 */
export async function loadInputs(paths: InputPaths): Promise<{ ok: true; inputs: Inputs } | { ok: false; problems: SidedProblem[] }> {
  const [pair, options, answers] = await Promise.all([
    openPair(paths.source, paths.target, { maxFileSize: paths.maxFileSize, standIns: paths.standIns === true }),
    paths.options === undefined ? null : readText(paths.options, paths.maxFileSize).then((text) => (typeof text === 'string' ? parseOptions(text, paths.options as string) : text)),
    paths.answers === undefined ? null : readText(paths.answers, paths.maxFileSize).then((text) => (typeof text === 'string' ? parseAnswers(text, paths.answers as string) : text)),
  ]);
  if (!pair.ok || (options && !options.ok) || (answers && !answers.ok)) {
    const problems: SidedProblem[] = pair.ok ? [] : [...pair.problems];
    if (options && !options.ok) problems.push(...labelled('options', options.problems));
    if (answers && !answers.ok) problems.push(...labelled('answers', answers.problems));
    return { ok: false, problems: sortProblems(problems) as SidedProblem[] };
  }
  return {
    ok: true,
    inputs: {
      source: pair.pair.source,
      target: pair.pair.target,
      fingerprints: pair.pair.fingerprints,
      options: options ? options.options : defaultOptions(),
      answers: answers ? answers.answers : new Map(),
      answerValues: answers ? answers.values : new Map(),
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
