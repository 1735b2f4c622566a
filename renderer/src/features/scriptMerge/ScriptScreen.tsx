import { lazy, Suspense, useMemo } from 'react';
import type { Prompt } from '../../../../core/analysis.js';
import type { Json } from '../../../../core/json.js';
import { promptTexts } from '../../store/selectors.js';
import { useActions, useAppStoreShallow } from '../../store/useAppStore.js';
import { JsonValueEditor } from '../prompts/JsonValueEditor.js';
import { mergeModelOf } from './mergeModel.js';

// Monaco is big: it loads only once a script prompt is shown (prepareScriptMerge) or edited.
const loadEditor = () => import('./ScriptMergeEditor.js');
const ScriptMergeEditor = lazy(() => loadEditor().then((m) => ({ default: m.ScriptMergeEditor })));

function languageOf(values: readonly (Json | null)[]): string {
  for (const v of values) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const attributes = v['attributes'];
      const language = attributes && typeof attributes === 'object' && !Array.isArray(attributes) ? attributes['language'] : undefined;
      if (typeof language === 'string' && /^(c#|cs|csharp)$/i.test(language)) return 'csharp';
    }
  }
  return 'vb';
}

/** How much of a script the hidden editor of prepareEditors shows. */
const PREPARE_SAMPLE_CHARS = 4000;

/**
 * Gets the merge editor of a script prompt ready while the browser is idle, so that *Edit* only
 * has to create the editors: loads Monaco and the script's grammar and shows a part of the script
 * in a hidden editor (prepareEditors), then builds the merge model (which mergeModelOf
 * remembers). Returns a function that cancels what has not started.
 */
export function prepareScriptMerge(prompt: Prompt): () => void {
  const texts = promptTexts(prompt);
  if (!texts || !prompt.choices.includes('edit')) return () => undefined;
  let cancelled = false;
  let pending: number | null = null;
  const whenIdle = (run: () => void): void => {
    pending = requestIdleCallback(() => {
      pending = null;
      if (!cancelled) run();
    });
  };
  whenIdle(() => {
    loadEditor()
      .then((editor) => editor.prepareEditors(languageOf([prompt.customized, prompt.targetBase, prompt.sourceBase]), texts.customized.slice(0, PREPARE_SAMPLE_CHARS)))
      .then(() => whenIdle(() => mergeModelOf(texts.targetBase, texts.customized, texts.sourceBase, texts.diffAlgorithm)))
      .catch((e: unknown) => {
        // Edit loads it again and shows the failure (the lazy component's error); keep a trace.
        console.error('Could not prepare the script merge editor', e);
      });
  });
  return () => {
    cancelled = true;
    if (pending !== null) cancelIdleCallback(pending);
  };
}

/** The editor behind a prompt's *Edit*: the script merge editor for text, JSON for the rest. */
export function ScriptScreen() {
  const { editing, analysis, answers } = useAppStoreShallow((s) => ({ editing: s.editing, analysis: s.analysis, answers: s.answers }));
  const actions = useActions();
  const prompt = useMemo(() => analysis?.prompts.find((p) => p.id === editing?.promptId) ?? null, [analysis, editing]);
  if (!prompt) {
    return (
      <section className="screen">
        <div className="card empty-hero">
          <h2>Nothing is being edited</h2>
          <p>Choose Edit on a prompt.</p>
          <button type="button" className="btn" onClick={() => actions.go('prompts')}>
            Back to prompts
          </button>
        </div>
      </section>
    );
  }
  const texts = promptTexts(prompt);
  if (texts) {
    return (
      <Suspense
        fallback={
          <section className="screen">
            <div className="empty-hero">
              <span className="spinner" aria-hidden="true" />
              Loading the merge editor…
            </div>
          </section>
        }
      >
        <ScriptMergeEditor
          promptId={prompt.id}
          customized={texts.customized}
          targetBase={texts.targetBase}
          sourceBase={texts.sourceBase}
          diffAlgorithm={texts.diffAlgorithm}
          language={languageOf([prompt.customized, prompt.targetBase, prompt.sourceBase])}
          onApply={(text) => actions.applyEdit(text)}
          onCancel={actions.cancelEdit}
          onChange={() => actions.setEditDirty(true)}
        />
      </Suspense>
    );
  }
  const previous = answers[prompt.id];
  const start = previous && typeof previous === 'object' ? previous.edit : prompt.customized;
  return (
    <JsonValueEditor prompt={prompt} start={start} onApply={(v) => actions.applyEdit(v)} onCancel={actions.cancelEdit} onChange={() => actions.setEditDirty(true)} />
  );
}
