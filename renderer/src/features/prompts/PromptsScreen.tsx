import { useEffect, useMemo } from 'react';
import type { Answer, Prompt } from '../../../../core/analysis.js';
import { VirtualList } from '../../components/VirtualList.js';
import { promptTexts, selectPromptsLeft, selectSimilarToApply, sourceChoice } from '../../store/selectors.js';
import { useActions, useAppStoreShallow } from '../../store/useAppStore.js';
import { prepareScriptMerge } from '../scriptMerge/ScriptScreen.js';
import { answerText, editUnavailableReason, keepText, sourceText } from './answerWording.js';
import { MergedAttributesPreview } from './MergedAttributesPreview.js';
import { ThreeWayView } from './ThreeWayView.js';

const ROW_HEIGHT = 44;

function PromptList({ prompts, currentId, answers, onSelect }: { prompts: readonly Prompt[]; currentId: string | null; answers: Record<string, unknown>; onSelect: (id: string) => void }) {
  const index = prompts.findIndex((p) => p.id === currentId);
  return (
    <VirtualList
      count={prompts.length}
      rowHeight={ROW_HEIGHT}
      role="listbox"
      aria-label="Prompts"
      tabIndex={0}
      aria-activedescendant={index >= 0 ? `prompt-row-${index}` : undefined}
      scrollToIndex={index}
      onKeyDown={(e) => {
        const next = e.key === 'ArrowDown' ? index + 1 : e.key === 'ArrowUp' ? index - 1 : null;
        if (next === null) return;
        e.preventDefault();
        const target = prompts[Math.max(0, Math.min(prompts.length - 1, next))];
        if (target) onSelect(target.id);
      }}
      renderRow={(i, style) => {
        const p = prompts[i];
        if (!p) return null;
        const answered = Object.hasOwn(answers, p.id);
        return (
          <div
            key={p.id}
            id={`prompt-row-${i}`}
            role="option"
            aria-selected={p.id === currentId}
            className="prompt-list-row"
            style={style}
            onClick={() => onSelect(p.id)}
            title={p.id}
          >
            <span className="id">{p.id}</span>
            <span className="state">
              <span className={`dot${answered ? ' answered' : ''}`} aria-hidden="true" />
              {answered ? answerText(p, answers[p.id] as Answer) : 'Not answered'}
            </span>
          </div>
        );
      }}
    />
  );
}

export function PromptsScreen() {
  const { analysis, answers, currentId, reusedFrom } = useAppStoreShallow((s) => ({ analysis: s.analysis, answers: s.answers, currentId: s.currentPromptId, reusedFrom: s.reusedFrom }));
  const actions = useActions();
  const prompts = analysis?.prompts ?? [];
  const prompt = useMemo(() => prompts.find((p) => p.id === currentId) ?? prompts[0] ?? null, [prompts, currentId]);
  useEffect(() => (prompt ? prepareScriptMerge(prompt) : undefined), [prompt]);

  if (!analysis || !prompt) {
    return (
      <section className="screen" aria-labelledby="prompts-title">
        <div className="screen-header">
          <h1 id="prompts-title">Prompts</h1>
        </div>
        <div className="card empty-hero">
          <h2>{analysis ? 'No prompts' : 'Nothing analyzed yet'}</h2>
          <p>{analysis ? 'The rules decided everything: go on to Commit.' : 'Analyze the configurations first.'}</p>
        </div>
      </section>
    );
  }

  const answer = answers[prompt.id];
  const replaceChoice = sourceChoice(prompt);
  const texts = promptTexts(prompt);
  const canMerge = prompt.choices.includes('merge') && prompt.textMerge?.clean === true;
  const attributeMerge = prompt.choices.includes('merge') ? (prompt.attributeMerge ?? null) : null;
  const position = prompts.indexOf(prompt) + 1;
  const isKeep = answer === 'keep';
  const isSource = answer !== undefined && answer === replaceChoice;
  const editWhy = editUnavailableReason(prompt);
  const left = selectPromptsLeft({ analysis, answers });
  const similar = selectSimilarToApply(prompts, prompt.id, answers).length;
  const keepVisible = keepText(prompt);
  const sourceVisible = sourceText(prompt);

  return (
    <section className="screen fill prompts-screen" aria-labelledby="prompts-title">
      <div className="screen-header">
        <div>
          <h1 id="prompts-title">Prompts</h1>
          <p className="lede">Questions the rules cannot answer. Answers can be changed until you commit.</p>
        </div>
      </div>
      <div className="prompts-layout">
        <div className="card tree-panel">
          <PromptList prompts={prompts} currentId={prompt.id} answers={answers} onSelect={(id) => actions.goToPrompt(id)} />
        </div>
        <div className="card prompt-detail" aria-label="Current prompt">
          <div className="prompt-head">
            <span className="muted">
              Prompt {position} of {prompts.length}
            </span>
            <span className="question">{prompt.question}</span>
            <span className="id">{prompt.id}</span>
            {prompt.textMerge ? (
              <span className="muted">
                Line-level merge:{' '}
                {prompt.textMerge.clean ? 'merges cleanly' : `${prompt.textMerge.conflicts} conflict${prompt.textMerge.conflicts === 1 ? '' : 's'}`}
              </span>
            ) : null}
          </div>
          <ThreeWayView
            customized={texts ? (prompt.customized === null ? null : texts.customized) : prompt.customized}
            targetBase={texts ? (prompt.targetBase === null ? null : texts.targetBase) : prompt.targetBase}
            sourceBase={texts ? (prompt.sourceBase === null ? null : texts.sourceBase) : prompt.sourceBase}
            absentText={{
              customized: 'absent: the customizer deleted it',
              targetBase: 'absent in the target base',
              sourceBase: 'absent: the vendor removed it',
            }}
          />
          {attributeMerge ? <MergedAttributesPreview merge={attributeMerge} targetBase={prompt.targetBase} chosen={answer === 'merge'} /> : null}
          <div className="answer-bar" role="group" aria-label="Answer">
            <button
              type="button"
              className="btn"
              aria-label={keepVisible === 'Keep customization' ? undefined : 'Keep customization'}
              title={keepVisible === 'Keep customization' ? 'Keep the customized value' : 'Keep customization: it stays deleted'}
              aria-pressed={isKeep}
              disabled={!prompt.choices.includes('keep')}
              onClick={() => actions.answerCurrent('keep')}
            >
              {keepVisible}
            </button>
            <button
              type="button"
              className="btn"
              aria-label={sourceVisible === 'Use source base' ? undefined : 'Use source base'}
              title={sourceVisible === 'Remove' ? 'Use source base: it has no value here, so the result has none' : 'Take the source base value'}
              aria-pressed={isSource}
              disabled={replaceChoice === null}
              onClick={() => replaceChoice && actions.answerCurrent(replaceChoice)}
            >
              {sourceVisible}
            </button>
            <button
              type="button"
              className="btn"
              aria-pressed={typeof answer === 'object'}
              disabled={editWhy !== null}
              title={editWhy ? `Edit is not offered: ${editWhy}` : (texts ? 'Edit the result in the three-way merge editor' : 'Type the result as JSON, checked as you type')}
              aria-describedby={editWhy ? 'edit-why' : undefined}
              onClick={() => actions.startEdit(prompt.id)}
            >
              Edit
            </button>
            {canMerge ? (
              <button type="button" className="btn" aria-pressed={answer === 'merge'} onClick={() => actions.answerCurrent('merge')}>
                Use merged
              </button>
            ) : null}
            {attributeMerge ? (
              <button
                type="button"
                className="btn"
                aria-pressed={answer === 'merge'}
                title="Take each side's change: the customization's attributes and the vendor's, as the preview shows"
                onClick={() => actions.answerCurrent('merge')}
              >
                Merge attributes
              </button>
            ) : null}
            <span className="current-answer" aria-live="polite">
              <span className={`dot${answer !== undefined ? ' answered' : ''}`} aria-hidden="true" />
              {answerText(prompt, answer)}
              {answer !== undefined && reusedFrom[prompt.id]?.answer === answer ? <span className="muted"> (reused from {reusedFrom[prompt.id]?.from})</span> : null}
              {answer !== undefined ? (
                <button type="button" className="btn small" onClick={() => actions.clearAnswer(prompt.id)}>
                  Clear answer
                </button>
              ) : null}
            </span>
            {similar > 0 ? (
              <button
                type="button"
                className="btn small"
                title="Give this answer to every prompt of the same kind with the same three values (any scope); each can still be changed on its own"
                onClick={() => actions.applyToSimilar()}
              >
                Apply to {similar} similar {similar === 1 ? 'prompt' : 'prompts'}
              </button>
            ) : null}
            {editWhy ? (
              <span className="answer-hint" id="edit-why">
                Edit is not offered: {editWhy}
              </span>
            ) : null}
          </div>
          {left === 0 ? (
            <div className="prompts-done" role="region" aria-label="All prompts answered">
              <strong>Every prompt is answered.</strong>
              <span className="muted">Review the answers here, or go on and write the result.</span>
              <span className="spacer" />
              <button type="button" className="btn primary" onClick={() => actions.go('commit')}>
                Go to Commit
              </button>
            </div>
          ) : null}
        </div>
      </div>
    </section>
  );
}
