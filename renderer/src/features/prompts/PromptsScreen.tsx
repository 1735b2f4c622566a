import { useEffect, useMemo } from 'react';
import type { Prompt } from '../../../../core/analysis.js';
import { VirtualList } from '../../components/VirtualList.js';
import { answerLabel, promptTexts, sourceChoice } from '../../store/selectors.js';
import { useActions, useAppStoreShallow } from '../../store/useAppStore.js';
import { prepareScriptMerge } from '../scriptMerge/ScriptScreen.js';
import { ValuePane } from './ValuePane.js';

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
              {answered ? answerLabel(answers[p.id] as never) : 'Not answered'}
            </span>
          </div>
        );
      }}
    />
  );
}

export function PromptsScreen() {
  const { analysis, answers, currentId } = useAppStoreShallow((s) => ({ analysis: s.analysis, answers: s.answers, currentId: s.currentPromptId }));
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
  const position = prompts.indexOf(prompt) + 1;
  const isKeep = answer === 'keep';
  const isSource = answer !== undefined && answer === replaceChoice;

  return (
    <section className="screen fill" aria-labelledby="prompts-title">
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
          <div className="panes">
            <ValuePane title="Customized" value={texts ? texts.customized : prompt.customized} base={texts ? texts.targetBase : prompt.targetBase} absentText="Absent in the customized version" />
            <ValuePane title="Target base" value={texts ? texts.targetBase : prompt.targetBase} absentText="Absent in the target base" />
            <ValuePane title="Source base" value={texts ? texts.sourceBase : prompt.sourceBase} base={texts ? texts.targetBase : prompt.targetBase} absentText="Absent in the source base (the vendor removed it)" />
          </div>
          <div className="answer-bar" role="group" aria-label="Answer">
            <button type="button" className="btn" aria-pressed={isKeep} disabled={!prompt.choices.includes('keep')} onClick={() => actions.answerCurrent('keep')}>
              Keep customization
            </button>
            <button type="button" className="btn" aria-pressed={isSource} disabled={replaceChoice === null} onClick={() => replaceChoice && actions.answerCurrent(replaceChoice)}>
              Use source base
            </button>
            <button
              type="button"
              className="btn"
              aria-pressed={typeof answer === 'object'}
              disabled={!prompt.choices.includes('edit')}
              onClick={() => actions.startEdit(prompt.id)}
            >
              Edit
            </button>
            {canMerge ? (
              <button type="button" className="btn" aria-pressed={answer === 'merge'} onClick={() => actions.answerCurrent('merge')}>
                Use merged
              </button>
            ) : null}
            <span className="current-answer" aria-live="polite">
              <span className={`dot${answer !== undefined ? ' answered' : ''}`} aria-hidden="true" />
              {answerLabel(answer)}
              {answer !== undefined ? (
                <button type="button" className="btn small" onClick={() => actions.clearAnswer(prompt.id)}>
                  Clear answer
                </button>
              ) : null}
            </span>
          </div>
        </div>
      </div>
    </section>
  );
}
