import { lazy, Suspense, use, useMemo } from 'react';
import type { Prompt } from '../../../../core/analysis.js';
import type { AnswerMap } from '../../../../electron/contract.js';
import type { Json } from '../../../../core/json.js';
import { promptTexts } from '../../store/selectors.js';
import { useActions, useAppStoreShallow } from '../../store/useAppStore.js';
import { JsonValueEditor } from '../prompts/JsonValueEditor.js';
import { warmUpTexts, type MergeModelTexts } from './mergeModelLoader.js';
import { mergeModels } from './mergeModels.js';
import { scriptPromptsAhead } from './scriptPromptsAhead.js';

// Monaco is big: it loads while an analysis runs (prepareMergeEditorDuringAnalysis), once the
// Prompts screen shows a prompt (prepareScriptMerge), or on Edit.
let editorChunk: ReturnType<typeof importEditor> | null = null;
/** The editor's chunk once loaded: rendered directly, since a lazy component suspends at its first render even then. */
let loadedEditor: Awaited<ReturnType<typeof importEditor>> | null = null;
const importEditor = () => import('./ScriptMergeEditor.js');
/** The editor's chunk (Monaco), imported once. */
const loadEditor = () =>
  (editorChunk ??= importEditor().then((chunk) => {
    loadedEditor = chunk;
    return chunk;
  }));
const LazyScriptMergeEditor = lazy(() => loadEditor().then((m) => ({ default: m.ScriptMergeEditor })));

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

/**
 * Lines of the script the hidden editor shows while an analysis runs (the usual script language):
 * enough for Monaco's loops over a text's lines (its line index, its view of each line) to be
 * compiled before a long script is opened, which made the first open's editors twice as slow
 * as a later open's (docs/performance.md, "The merge editor's first open").
 */
const WARM_UP_EDITOR_LINES = 5000;

/**
 * Loads Monaco and warms it up while an analysis runs (docs/performance.md, "The merge editor's
 * first open"): the analysis runs in the back end, so the page is idle, and an *Edit* clicked the
 * instant the first script prompt appears then only waits for its merge model and its editors,
 * not for Monaco's chunk to be fetched, compiled and run. The merge model's worker starts too,
 * and builds a small model, so that the first prompt's model is built by compiled code. Returns
 * a function that cancels what has not started.
 */
export function prepareMergeEditorDuringAnalysis(): () => void {
  mergeModels.warmUp();
  let cancelled = false;
  const pending = requestIdleCallback(() => {
    if (cancelled) return;
    loadEditor()
      .then((editor) => editor.prepareEditors('vb', warmUpTexts(WARM_UP_EDITOR_LINES).customized))
      .catch((e: unknown) => console.error('Could not prepare the script merge editor', e));
  });
  return () => {
    cancelled = true;
    cancelIdleCallback(pending);
  };
}

/**
 * How long a script prompt is shown before its editors are made ahead (makeEditorsAhead). Making
 * them takes the page 0.1-0.3 s for a 20,000-line script: a click on *Edit* in that time waits
 * for it, so it is done once the person is reading the prompt rather than the instant it appears
 * (when an *Edit* at once finds Monaco warm from the analysis and makes the editors itself).
 */
const MAKE_EDITORS_AHEAD_AFTER_MS = 1000;
/** How long the editors made ahead then wait for the browser to be idle, at most. */
const MAKE_EDITORS_AHEAD_WAIT_MS = 500;

/** How much of a script the hidden editor of prepareEditors shows. */
const PREPARE_SAMPLE_CHARS = 4000;

/**
 * Gets the merge editor of a prompt ready while the Prompts screen shows it, so that *Edit* only
 * has to move the editors into place (docs/performance.md, "The merge editor's first open"). For
 * a script prompt, at once: the merge model is asked of its worker (mergeModels; usually built
 * ahead already) and Monaco's chunk loads; then, when the browser is idle, the script's grammar
 * loads (prepareEditors), and, once the prompt has been shown for MAKE_EDITORS_AHEAD_AFTER_MS,
 * the model is built and the browser is idle again, the three editors are made with their texts
 * in a hidden area (makeEditorsAhead). For any other prompt,
 * Monaco's chunk loads when the browser is idle, for a script prompt shown next. Returns a
 * function that cancels what has not started and lets the editors made ahead go.
 */
export function prepareScriptMerge(prompt: Prompt): () => void {
  const texts = promptTexts(prompt);
  let cancelled = false;
  const pending = new Set<number>();
  /** Lets the editors made ahead go (makeEditorsAhead). */
  let release: (() => void) | null = null;
  let delay: ReturnType<typeof setTimeout> | undefined;
  const whenIdle = (run: () => void, options?: IdleRequestOptions): void => {
    const handle = requestIdleCallback(() => {
      pending.delete(handle);
      if (!cancelled) run();
    }, options);
    pending.add(handle);
  };
  const keepTrace = (e: unknown): void => {
    // Edit loads it again and shows the failure (the lazy component's error); keep a trace.
    console.error('Could not prepare the script merge editor', e);
  };
  if (!texts || !prompt.choices.includes('edit')) {
    whenIdle(() => void loadEditor().catch(keepTrace));
  } else {
    const language = languageOf([prompt.customized, prompt.targetBase, prompt.sourceBase]);
    const model = mergeModels.load(texts);
    model.catch(keepTrace);
    const editor = loadEditor();
    // Once per language; the editors are made after it (prepareEditors remembers its promise).
    const prepare = (chunk: Awaited<typeof editor>): Promise<void> => chunk.prepareEditors(language, texts.customized.slice(0, PREPARE_SAMPLE_CHARS));
    editor.then((chunk) => whenIdle(() => void prepare(chunk).catch(keepTrace))).catch(keepTrace);
    const shown = new Promise<void>((resolve) => (delay = setTimeout(resolve, MAKE_EDITORS_AHEAD_AFTER_MS)));
    Promise.all([editor, model, shown])
      .then(async ([chunk, built]) => {
        await prepare(chunk);
        // At the latest after a while: on a busy machine Chromium sometimes gave no idle time for seconds.
        whenIdle(() => (release = chunk.makeEditorsAhead(built, language)), { timeout: MAKE_EDITORS_AHEAD_WAIT_MS });
      })
      .catch(keepTrace);
  }
  return () => {
    cancelled = true;
    for (const handle of pending) cancelIdleCallback(handle);
    clearTimeout(delay);
    release?.();
  };
}

/**
 * Builds ahead, in the merge model's worker, the models of the text prompts a person is likely to
 * open first (scriptPromptsAhead; docs/performance.md, "The merge editor's first open"). Called
 * when an analysis ends: the person then reads the
 * summary before reaching a prompt, and the worker is idle. A prompt the person shows meanwhile
 * goes first (mergeModels). Returns a function that cancels the models not started yet.
 */
export function prefetchScriptMerges(prompts: readonly Prompt[], currentPromptId: string | null, answers: AnswerMap): () => void {
  mergeModels.prefetch(scriptPromptsAhead(prompts, currentPromptId, answers));
  return () => mergeModels.prefetch([]);
}

/**
 * The merge editor once the model of the prompt's texts is built (suspends until then). When the
 * model and Monaco are ready, as they are once prepared, it renders at once: suspending, even
 * on a settled promise, would show the fallback and make React hold the editor back for 300 ms.
 */
function LoadedScriptMergeEditor({ texts, ...props }: { texts: MergeModelTexts } & Omit<Parameters<typeof LazyScriptMergeEditor>[0], 'model'>) {
  // Both at once: Monaco's chunk loads while the worker builds the model.
  void loadEditor();
  const model = mergeModels.built(texts) ?? use(mergeModels.load(texts));
  const Editor = loadedEditor?.ScriptMergeEditor ?? LazyScriptMergeEditor;
  return <Editor model={model} {...props} />;
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
        <LoadedScriptMergeEditor
          promptId={prompt.id}
          texts={texts}
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
