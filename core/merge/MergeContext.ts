import type { Answer, Choice, Decision, DecisionAction, Prompt, Warning } from '../analysis.js';
import type { Json } from '../json.js';
import { jsonPointer } from '../json.js';
import { nearestId } from '../nearestId.js';
import type { Options } from '../options.js';
import type { Problem } from '../problems.js';
import { isStaleAnswer } from '../savedAnswers.js';
import type { Outcome } from './Outcome.js';
import { UNRESOLVED, resolved } from './Outcome.js';

/** An answer after validation against its prompt: `remove` is folded into `replace`. */
export type ResolvedAnswer =
  | { kind: 'keep'; source: AnswerSource }
  | { kind: 'replace'; source: AnswerSource }
  | { kind: 'merge'; source: AnswerSource }
  | { kind: 'edit'; value: Json; source: AnswerSource };

/** Where an answer came from, for the decision's reason. */
export type AnswerSource = 'answers' | 'default';

/** The values shown beside a decision or prompt; `undefined` (absent) is reported as `null`. */
export interface Values {
  customized?: Json;
  targetBase?: Json;
  sourceBase?: Json;
  result?: Json;
}

/** A prompt as the merge rules raise it, before its answer is looked up. */
export interface PromptRequest {
  id: string;
  question: string;
  choices: Choice[];
  values: Values;
  /** True when `replace` means removing the thing (the source has none): `remove` is accepted too. */
  replaceRemoves: boolean;
  textMerge?: Prompt['textMerge'];
  /** The three texts, when the prompt is about text (see `Prompt.texts`). */
  texts?: Prompt['texts'];
  /** The attribute-wise merge of a global object, when it is clean (see `Prompt.attributeMerge`). */
  attributeMerge?: Prompt['attributeMerge'];
  /** Checks an `edit` value; returns a message when it does not fit. */
  validateEdit?: (value: Json) => string | null;
}

/**
 * Collects what one synchronization decides: decisions, prompts, warnings and the problems of
 * answers that do not fit their prompt. Answers are looked up here, so that every rule asks the
 * same way and every answer given is accounted for.
 */
export class MergeContext {
  readonly decisions: Decision[] = [];
  readonly prompts: Prompt[] = [];
  readonly warnings: Warning[] = [];
  readonly answerProblems: Problem[] = [];
  /** Prompts without a valid answer; the plan exists only when this stays 0. */
  unresolved = 0;
  private readonly usedAnswers = new Set<string>();

  constructor(
    readonly options: Options,
    private readonly answers: ReadonlyMap<string, Answer>,
    private readonly answerDefault: 'keep' | 'replace' | undefined,
    private readonly answersFile: string,
    /** The answers file's `values`: an answer with an entry applies only to a prompt with that key (docs/sessions.md). */
    private readonly answerValues: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** Records a decision. */
  decide(id: string, action: DecisionAction, reason: string, values: Values): void {
    this.decisions.push({
      id,
      action,
      reason,
      customized: values.customized ?? null,
      targetBase: values.targetBase ?? null,
      sourceBase: values.sourceBase ?? null,
      result: values.result ?? null,
    });
  }

  /** Records a warning. */
  warn(code: string, message: string, file: string, id?: string): void {
    this.warnings.push(id === undefined ? { code, message, file } : { code, message, file, id });
  }

  /**
   * Raises a prompt and returns its answer: from the answers, else the default answer, else
   * unresolved. An answer that does not fit the prompt is an answer problem and counts as
   * unresolved.
   */
  ask(request: PromptRequest): Outcome<ResolvedAnswer> {
    const prompt: Prompt = {
      id: request.id,
      question: request.question,
      choices: request.choices,
      answer: null,
      customized: request.values.customized ?? null,
      targetBase: request.values.targetBase ?? null,
      sourceBase: request.values.sourceBase ?? null,
    };
    if (request.textMerge) prompt.textMerge = request.textMerge;
    if (request.texts) prompt.texts = request.texts;
    if (request.attributeMerge) prompt.attributeMerge = request.attributeMerge;
    this.prompts.push(prompt);

    let given = this.answers.get(request.id);
    if (given !== undefined && isStaleAnswer(this.answerValues.get(request.id), prompt)) {
      // A stale answer (docs/sessions.md, "Saved answers"): given for other values of this
      // prompt; a person answers it again rather than have an old answer applied to new values.
      this.usedAnswers.add(request.id);
      this.warn('stale-answer', `the answer for ${request.id} was given when its customized, target base or source base value was different; it was not applied`, this.answersFile, request.id);
      given = undefined;
    }
    if (given !== undefined) {
      this.usedAnswers.add(request.id);
      prompt.answer = given;
      const answer = resolveAnswer(request, given, 'answers');
      if (typeof answer === 'string') {
        this.answerProblems.push({
          code: 'answer-does-not-fit',
          file: this.answersFile,
          pointer: jsonPointer(['answers', request.id]),
          message: answer,
        });
        this.unresolved += 1;
        return UNRESOLVED;
      }
      return resolved(answer);
    }
    if (this.answerDefault !== undefined) {
      prompt.answer = this.answerDefault;
      const answer = resolveAnswer(request, this.answerDefault, 'default');
      if (typeof answer !== 'string') return resolved(answer);
    }
    this.unresolved += 1;
    return UNRESOLVED;
  }

  /**
   * Warns about every answer whose id matched no prompt (docs/cli.md, "Answers file"), naming the
   * nearest prompt id when one is close (a mistyped id).
   */
  reportUnusedAnswers(): void {
    const promptIds = this.prompts.map((p) => p.id);
    for (const id of this.answers.keys()) {
      if (!this.usedAnswers.has(id)) {
        const near = nearestId(id, promptIds);
        const hint = near === null ? '' : ` (did you mean ${near}?)`;
        this.warn('unknown-answer-id', `the answer for ${id} matches no prompt; it was not used${hint}`, this.answersFile, id);
      }
    }
  }
}

/** The phrase a decision's reason uses for an answer. */
export function answeredReason(answer: ResolvedAnswer): string {
  const by = answer.source === 'default' ? ' (default answer)' : '';
  switch (answer.kind) {
    case 'keep':
      return `answered keep${by}`;
    case 'replace':
      return `answered replace${by}`;
    case 'merge':
      return `answered merge${by}: the clean three-way text merge`;
    case 'edit':
      return `answered edit${by}: the value the user supplied`;
  }
}

function resolveAnswer(request: PromptRequest, answer: Answer, source: AnswerSource): ResolvedAnswer | string {
  const offered = request.choices.join(', ');
  if (typeof answer === 'object') {
    if (!request.choices.includes('edit')) return `edit is not an answer to ${request.id} (it offers ${offered})`;
    const problem = request.validateEdit?.(answer.edit) ?? null;
    if (problem !== null) return `the edited value for ${request.id} ${problem}`;
    return { kind: 'edit', value: answer.edit, source };
  }
  switch (answer) {
    case 'keep':
      if (request.choices.includes('keep')) return { kind: 'keep', source };
      break;
    case 'replace':
      if (request.choices.includes('replace') || request.choices.includes('remove')) return { kind: 'replace', source };
      break;
    case 'remove':
      if (request.choices.includes('remove') || (request.replaceRemoves && request.choices.includes('replace'))) {
        return { kind: 'replace', source };
      }
      break;
    case 'merge':
      if (request.choices.includes('merge')) return { kind: 'merge', source };
      return `merge is not an answer to ${request.id}: ${request.textMerge ? 'its text merge has conflicts' : request.id.startsWith('global:') ? 'both sides changed the same attributes differently' : 'it offers no text merge'} (it offers ${offered})`;
  }
  return `${answer} is not an answer to ${request.id} (it offers ${offered})`;
}
