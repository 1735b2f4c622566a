/**
 * The three-way merge editor for scripts, built on Monaco (which has no merge editor of its own):
 * Customized and Source base, each decorated with its changes against the Target base (lines and
 * words), an optional Target base pane, and an editable Result that starts from core's line-level
 * merge with conflicts marked. Conflicts are listed and navigable (F7 / Shift+F7), each can take
 * either side, both, or the base; Apply stores the Result as the prompt's answer. The state
 * machine (conflict states, current conflict, stepping, resolutions, Apply's check) is the plain
 * store of scriptMergeStore.ts; this component carries out its decisions in Monaco.
 */
import '../../monaco/setupMonaco.js';
import * as monaco from '../../monaco/monaco.js';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import type { LineRange } from '../../../../core/textMerge/index.js';
import type { ConflictView, MarkedChange, Resolution, ScriptMergeModel } from './mergeModel.js';
import { createScriptMergeStore, type Choice } from './scriptMergeStore.js';

declare global {
  interface Window {
    /** For end-to-end tests: the merge editor's Result text. */
    carryoverScriptMerge?: { result(): string };
  }
}

type Editor = monaco.editor.IStandaloneCodeEditor;
type Decoration = monaco.editor.IModelDeltaDecoration;

/** The only place where 0-based line numbers become Monaco's 1-based ranges. */
function toMonacoRange(model: monaco.editor.ITextModel, start: number, count: number): monaco.Range {
  const first = Math.min(start + 1, model.getLineCount());
  if (count <= 0) return new monaco.Range(first, 1, first, 1);
  const last = Math.min(start + count, model.getLineCount());
  return new monaco.Range(first, 1, last, model.getLineMaxColumn(last));
}

const EDITOR_OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 12,
  lineHeight: 18,
  scrollBeyondLastLine: false,
  renderWhitespace: 'selection',
  folding: false,
  glyphMargin: false,
  lineDecorationsWidth: 8,
  renderLineHighlight: 'line',
  stickyScroll: { enabled: false },
  unicodeHighlight: { ambiguousCharacters: false },
  theme: 'vs',
  tabSize: 4,
};

/** A Monaco text model of an LF text. */
function textModelOf(text: string, language: string): monaco.editor.ITextModel {
  const textModel = monaco.editor.createModel(text, language);
  textModel.setEOL(monaco.editor.EndOfLineSequence.LF);
  return textModel;
}

/**
 * Settings of the texts rather than of the editors: Monaco takes them from its configuration,
 * which an editor's options reach only under these dotted keys (not, for instance, as
 * `bracketPairColorization: { enabled }`). They hold for the texts created after the editor.
 *
 * The panes' colors are the sides' and the conflicts'. Colorizing brackets (in Visual Basic also
 * Sub/End Sub, If/End If, ...) made Monaco parse each whole text before the first paint: 100-300
 * ms of the open for a 20,000-line script. Bracket matching at the cursor stays.
 */
const TEXT_OPTIONS = { 'bracketPairColorization.enabled': false };

/** Decorations of one input pane: changed lines and words against the target base (found with the merge model), conflicts. */
function inputDecorations(model: monaco.editor.ITextModel, changes: readonly MarkedChange[], side: 'customized' | 'source', conflicts: readonly LineRange[]): Decoration[] {
  const decorations: Decoration[] = [];
  for (const change of changes) {
    if (change.count > 0) {
      decorations.push({
        range: toMonacoRange(model, change.start, change.count),
        options: { isWholeLine: true, className: `co-line-${side}`, linesDecorationsClassName: `co-gutter-${side}` },
      });
      if (change.words.length > 0) {
        const startOffset = model.getOffsetAt(new monaco.Position(change.start + 1, 1));
        for (const [from, to] of change.words) {
          const a = model.getPositionAt(startOffset + from);
          const b = model.getPositionAt(startOffset + to);
          decorations.push({ range: monaco.Range.fromPositions(a, b), options: { inlineClassName: `co-word-${side}` } });
        }
      }
    } else {
      // A deletion: mark the line after it in the gutter.
      decorations.push({ range: toMonacoRange(model, change.start, 0), options: { linesDecorationsClassName: `co-gutter-${side}` } });
    }
  }
  for (const c of conflicts) {
    decorations.push({ range: toMonacoRange(model, c.start, Math.max(1, c.count)), options: { isWholeLine: true, linesDecorationsClassName: 'co-gutter-conflict' } });
  }
  return decorations;
}

const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

/**
 * Gets Monaco ready for editors of `language` before *Edit* creates them: loads the language's
 * grammar and brackets (which Monaco otherwise fetches only once a model uses the language, and
 * then parses every model's brackets again), and shows `sample` once in a hidden editor, so the
 * first merge editor does not pay for measuring the font and for compiling the editor's code
 * (which made the first open twice as slow as the later ones). Once per language.
 */
export function prepareEditors(language: string, sample: string): Promise<void> {
  let done = prepared.get(language);
  if (!done) prepared.set(language, (done = showHidden(language, sample)));
  return done;
}

const prepared = new Map<string, Promise<void>>();

async function showHidden(language: string, sample: string): Promise<void> {
  const host = document.createElement('div');
  host.setAttribute('aria-hidden', 'true');
  host.style.cssText = 'position: fixed; left: -10000px; top: 0; width: 600px; height: 300px; visibility: hidden';
  document.body.append(host);
  const textModel = monaco.editor.createModel(sample, language);
  try {
    await monaco.editor.colorize('', language, {});
    const editor = monaco.editor.create(host, { ...EDITOR_OPTIONS, ...TEXT_OPTIONS, automaticLayout: false, readOnly: true, model: null });
    editor.setModel(textModel);
    editor.createDecorationsCollection([{ range: toMonacoRange(textModel, 0, 1), options: { isWholeLine: true, className: 'co-line-customized' } }]);
    await nextFrame();
    await nextFrame();
    // The editor's contributions that start when the browser is idle (unicode highlights, ...).
    await new Promise((resolve) => requestIdleCallback(resolve));
    editor.dispose();
  } finally {
    textModel.dispose();
    host.remove();
  }
}

/** The panes of the three editors a merge editor always shows (the Target base pane is optional). */
type Side = 'customized' | 'source' | 'result';
const SIDES: readonly Side[] = ['customized', 'source', 'result'];
const EDITOR_LABELS: Record<Side, string> = { customized: 'Customized script', source: 'Source base script', result: 'Result script' };

/** The three editors of a model, each in a container of its own that can move into its pane. */
interface MergeEditors {
  model: ScriptMergeModel;
  language: string;
  editors: Record<Side, Editor>;
  containers: Record<Side, HTMLDivElement>;
}

/** Creates the three editors of `model` with their texts, each in a new container that `place` puts in the page first. */
function createMergeEditors(model: ScriptMergeModel, language: string, place: (side: Side, container: HTMLDivElement) => void): MergeEditors {
  const containers = {} as Record<Side, HTMLDivElement>;
  for (const side of SIDES) {
    const container = document.createElement('div');
    container.style.cssText = 'width: 100%; height: 100%';
    place(side, container);
    containers[side] = container;
  }
  const inputs = { readOnly: true, domReadOnly: false, language };
  const create = (side: Side): Editor =>
    monaco.editor.create(containers[side], { ...EDITOR_OPTIONS, ...TEXT_OPTIONS, ...(side === 'result' ? {} : inputs), model: null, ariaLabel: EDITOR_LABELS[side] });
  // The editors first, then their texts: creating an editor changes Monaco's global
  // configuration (its label, readOnly), which makes Monaco apply the options of every open
  // text again and parse its brackets again.
  const editors = { customized: create('customized'), source: create('source'), result: create('result') };
  editors.customized.setModel(textModelOf(model.customized, language));
  editors.source.setModel(textModelOf(model.sourceBase, language));
  editors.result.setModel(textModelOf(model.initialText, language));
  return { model, language, editors, containers };
}

function disposeMergeEditors(made: MergeEditors): void {
  for (const side of SIDES) {
    const textModel = made.editors[side].getModel();
    made.editors[side].dispose();
    textModel?.dispose();
    made.containers[side].remove();
  }
}

/** The editors made ahead (at most one set), and the hidden area of the page that holds them. */
let madeAhead: { made: MergeEditors; area: HTMLDivElement } | null = null;

/**
 * Makes the three editors of a prompt's model ahead, with their texts, in a hidden area of the
 * page, while the Prompts screen shows that prompt and the browser is idle (docs/performance.md,
 * "The merge editor's first open"): most of an open's cost, Monaco's view of every line of the
 * three texts (60,000 lines for a 20,000-line script), is then paid before *Edit*, which moves the
 * editors into its panes. One set at a time: making another disposes the one before. Returns a
 * function that lets the set go: it is disposed once the current task ends, unless the editor of
 * that model took it meanwhile (*Edit* unmounts the Prompts screen, which lets it go, just before
 * the merge editor takes it).
 */
export function makeEditorsAhead(model: ScriptMergeModel, language: string): () => void {
  if (madeAhead?.made.model !== model || madeAhead.made.language !== language) {
    discardEditorsMadeAhead();
    const area = document.createElement('div');
    area.className = 'merge-editors-ahead';
    area.setAttribute('aria-hidden', 'true');
    area.style.cssText = 'position: fixed; left: -10000px; top: 0; width: 600px; height: 300px; visibility: hidden';
    document.body.append(area);
    madeAhead = { made: createMergeEditors(model, language, (_side, container) => area.append(container)), area };
  }
  const mine = madeAhead;
  return () => {
    setTimeout(() => {
      if (madeAhead === mine) discardEditorsMadeAhead();
    }, 0);
  };
}

function discardEditorsMadeAhead(): void {
  if (!madeAhead) return;
  disposeMergeEditors(madeAhead.made);
  madeAhead.area.remove();
  madeAhead = null;
}

/** The editors made ahead for this model, if any, moved by `place` into the page: they are the caller's from now on. */
function takeEditorsMadeAhead(model: ScriptMergeModel, language: string, place: (side: Side, container: HTMLDivElement) => void): MergeEditors | null {
  if (madeAhead?.made.model !== model || madeAhead.made.language !== language) return null;
  const { made, area } = madeAhead;
  madeAhead = null;
  for (const side of SIDES) {
    place(side, made.containers[side]);
    // Made in a hidden area of another size: measure the pane now, before the conflict is revealed.
    made.editors[side].layout();
  }
  area.remove();
  return made;
}

const RESOLUTION_LABELS: Record<Resolution, string> = {
  unresolved: 'Unresolved',
  customized: 'Customized',
  source: 'Source base',
  both: 'Both',
  'both-source-first': 'Both, source first',
  base: 'Target base',
  manual: 'Edited by hand',
};

const CHOICES: { resolution: Exclude<Resolution, 'unresolved' | 'manual'>; label: string; name: string }[] = [
  { resolution: 'customized', label: 'Customized', name: 'Take customized' },
  { resolution: 'source', label: 'Source base', name: 'Take source base' },
  { resolution: 'both', label: 'Both', name: 'Take both' },
  { resolution: 'both-source-first', label: 'Both, source first', name: 'Take both, source base first' },
  { resolution: 'base', label: 'Target base', name: 'Take target base' },
];

export interface ScriptMergeEditorProps {
  promptId: string;
  /** The model of the prompt's texts (mergeModels builds it in a worker). */
  model: ScriptMergeModel;
  /** Monaco language id for highlighting (`vb`, `csharp`). */
  language: string;
  onApply: (text: string) => void;
  onCancel: () => void;
  /** The Result changed (an edit not applied yet). */
  onChange?: () => void;
}

export function ScriptMergeEditor(props: ScriptMergeEditorProps) {
  const { model } = props;
  const hosts = {
    customized: useRef<HTMLDivElement>(null),
    source: useRef<HTMLDivElement>(null),
    base: useRef<HTMLDivElement>(null),
    result: useRef<HTMLDivElement>(null),
  };
  const editors = useRef<{ customized?: Editor; source?: Editor; base?: Editor; result?: Editor }>({});
  /** Decoration ids tracking each conflict's block in the Result. */
  const tracking = useRef<string[]>([]);
  const display = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const store = useMemo(() => createScriptMergeStore(model), [model]);
  const states = useStore(store, (s) => s.states);
  const current = useStore(store, (s) => s.current);
  const showBase = useStore(store, (s) => s.showBase);
  const error = useStore(store, (s) => s.error);

  /** The Result range (including its final line break) of conflict `i`. */
  const blockRange = useCallback((i: number): monaco.Range | null => {
    const resultModel = editors.current.result?.getModel();
    const id = tracking.current[i];
    return resultModel && id ? resultModel.getDecorationRange(id) : null;
  }, []);

  const refresh = useCallback(() => {
    const result = editors.current.result;
    const resultModel = result?.getModel();
    if (!result || !resultModel) return;
    store.getState().update(
      model.conflicts.map((_c, i) => {
        const range = blockRange(i);
        return range ? resultModel.getValueInRange(range) : null;
      }),
    );
    const next = store.getState().states;
    const decorations: Decoration[] = [];
    model.conflicts.forEach((_c, i) => {
      const range = blockRange(i);
      if (!range) return;
      const lastLine = range.endColumn === 1 && range.endLineNumber > range.startLineNumber ? range.endLineNumber - 1 : range.endLineNumber;
      const unresolved = next[i] === 'unresolved';
      decorations.push({
        range: new monaco.Range(range.startLineNumber, 1, Math.max(range.startLineNumber, lastLine), 1),
        options: {
          isWholeLine: true,
          className: unresolved ? 'co-line-conflict' : 'co-line-resolved',
          linesDecorationsClassName: unresolved ? 'co-gutter-conflict' : 'co-gutter-resolved',
          overviewRuler: { color: unresolved ? '#cf222e' : '#bf8700', position: monaco.editor.OverviewRulerLane.Full },
        },
      });
    });
    display.current?.set(decorations);
  }, [model, store, blockRange]);

  const reveal = useCallback(
    (i: number) => {
      const conflict = model.conflicts[i];
      if (!conflict || !store.getState().select(i)) return;
      const { customized, source, base, result } = editors.current;
      const range = blockRange(i);
      if (result && range) {
        result.revealLinesInCenter(range.startLineNumber, range.endLineNumber);
        result.setPosition({ lineNumber: range.startLineNumber, column: 1 });
      }
      customized?.revealLinesInCenter(conflict.customizedStart + 1, conflict.customizedStart + Math.max(1, conflict.customized.length));
      source?.revealLinesInCenter(conflict.sourceStart + 1, conflict.sourceStart + Math.max(1, conflict.sourceBase.length));
      base?.revealLinesInCenter(conflict.baseStart + 1, conflict.baseStart + Math.max(1, conflict.targetBase.length));
    },
    [model, store, blockRange],
  );

  const step = useCallback(
    (delta: 1 | -1) => {
      const next = store.getState().step(delta);
      if (next !== null) reveal(next);
    },
    [store, reveal],
  );

  const resolve = useCallback(
    (i: number, choice: Choice) => {
      const result = editors.current.result;
      const resultModel = result?.getModel();
      const range = blockRange(i);
      if (!result || !resultModel || !range) return;
      const atEnd = range.endLineNumber === resultModel.getLineCount() && range.endColumn === resultModel.getLineMaxColumn(range.endLineNumber);
      const text = store.getState().replacement(i, choice, atEnd);
      if (text === null) return;
      const startOffset = resultModel.getOffsetAt(range.getStartPosition());
      result.pushUndoStop();
      result.executeEdits('carryover-resolve', [{ range, text, forceMoveMarkers: true }]);
      result.pushUndoStop();
      const end = resultModel.getPositionAt(startOffset + text.length);
      const id = tracking.current[i];
      tracking.current[i] = resultModel.deltaDecorations(id ? [id] : [], [
        {
          range: monaco.Range.fromPositions(resultModel.getPositionAt(startOffset), end),
          options: { stickiness: text === '' ? monaco.editor.TrackedRangeStickiness.AlwaysGrowsWhenTypingAtEdges : monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges },
        },
      ])[0]!;
      refresh();
      reveal(i);
    },
    [store, blockRange, refresh, reveal],
  );

  // Create the editors once per model.
  useEffect(() => {
    const panes = { customized: hosts.customized.current, source: hosts.source.current, result: hosts.result.current };
    // The editors made ahead for this model, moved into the panes, or new ones made in them.
    const place = (side: Side, container: HTMLDivElement): void => panes[side]?.append(container);
    const { customized, source, result } = (takeEditorsMadeAhead(model, props.language, place) ?? createMergeEditors(model, props.language, place)).editors;
    editors.current = { customized, source, result };
    const customizedModel = customized?.getModel();
    const sourceModel = source?.getModel();
    if (customized && customizedModel) {
      customized.createDecorationsCollection(
        inputDecorations(customizedModel, model.customizedChanges, 'customized', model.conflicts.map((c) => ({ start: c.customizedStart, count: c.customized.length }))),
      );
    }
    if (source && sourceModel) {
      source.createDecorationsCollection(
        inputDecorations(sourceModel, model.sourceChanges, 'source', model.conflicts.map((c) => ({ start: c.sourceStart, count: c.sourceBase.length }))),
      );
    }
    const resultModel = result?.getModel();
    if (result && resultModel) {
      // Non-conflicting changes taken from either side, shown in the Result's gutter.
      result.createDecorationsCollection(
        model.changes.map((change) => ({
          range: toMonacoRange(resultModel, change.start, change.count),
          options: {
            isWholeLine: true,
            linesDecorationsClassName: change.side === 'source' ? 'co-gutter-source' : 'co-gutter-customized',
          },
        })),
      );
      tracking.current = resultModel.deltaDecorations(
        [],
        model.conflictRanges.map((r) => ({
          range: new monaco.Range(r.start + 1, 1, r.start + r.count + 1, 1),
          options: { stickiness: monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges },
        })),
      );
      display.current = result.createDecorationsCollection();
      resultModel.onDidChangeContent(() => {
        refresh();
        // An edit not applied yet is work that leaving the page would lose (docs/sessions.md).
        props.onChange?.();
      });
      window.carryoverScriptMerge = { result: () => resultModel.getValue() };
    }
    for (const editor of [customized, source, result]) {
      editor?.addCommand(monaco.KeyCode.F7, () => step(1));
      editor?.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.F7, () => step(-1));
    }
    refresh();
    if (model.conflicts.length > 0) reveal(0);
    return () => {
      for (const editor of Object.values(editors.current)) {
        const m = editor?.getModel();
        editor?.dispose();
        m?.dispose();
      }
      for (const side of SIDES) panes[side]?.replaceChildren();
      editors.current = {};
      delete window.carryoverScriptMerge;
    };
    // Once per model: the callbacks read refs, and the language never changes for a prompt.
  }, [model]);

  // The Target base pane, while shown.
  useEffect(() => {
    if (!showBase || !hosts.base.current) return;
    const base = monaco.editor.create(hosts.base.current, { ...EDITOR_OPTIONS, ...TEXT_OPTIONS, readOnly: true, model: null, ariaLabel: 'Target base script' });
    const textModel = textModelOf(model.targetBase, props.language);
    base.setModel(textModel);
    base.createDecorationsCollection(
      model.conflicts.map((c) => ({
        range: toMonacoRange(textModel, c.baseStart, Math.max(1, c.targetBase.length)),
        options: { isWholeLine: true, linesDecorationsClassName: 'co-gutter-conflict' },
      })),
    );
    base.addCommand(monaco.KeyCode.F7, () => step(1));
    base.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.F7, () => step(-1));
    editors.current.base = base;
    const conflict = model.conflicts[store.getState().current];
    if (conflict) base.revealLinesInCenter(conflict.baseStart + 1, conflict.baseStart + Math.max(1, conflict.targetBase.length));
    return () => {
      base.dispose();
      textModel.dispose();
      editors.current.base = undefined;
    };
  }, [showBase, model, store]);

  const resolved = states.filter((s) => s !== 'unresolved').length;

  const apply = (): void => {
    const answer = store.getState().apply(editors.current.result?.getModel()?.getValue() ?? '');
    if (answer !== null) props.onApply(answer);
  };

  return (
    <section className="screen merge-screen fill" aria-labelledby="merge-title" onKeyDown={(e) => {
      if (e.key === 'F7') {
        e.preventDefault();
        step(e.shiftKey ? -1 : 1);
      }
    }}>
      <div className="merge-toolbar">
        <h1 id="merge-title">Script merge</h1>
        <code className="muted merge-prompt-id" title={props.promptId}>
          {props.promptId}
        </code>
        <span className="spacer" />
        {/* One group, so that a narrow window wraps it whole onto a second line. */}
        <div className="merge-actions">
          <span role="status" className={`badge ${resolved === model.conflicts.length ? 'answered' : 'prompt'}`}>
            {model.conflicts.length === 0 ? 'No conflicts' : `${resolved} of ${model.conflicts.length} conflicts resolved`}
          </span>
          <button type="button" className="btn" onClick={() => step(-1)} disabled={model.conflicts.length === 0} title="Shift+F7">
            Previous conflict <kbd>⇧F7</kbd>
          </button>
          <button type="button" className="btn" onClick={() => step(1)} disabled={model.conflicts.length === 0} title="F7">
            Next conflict <kbd>F7</kbd>
          </button>
          <button type="button" className="btn" aria-pressed={showBase} onClick={() => store.getState().toggleBase()}>
            Show target base
          </button>
          <button type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="button" className="btn primary" onClick={apply}>
            Apply
          </button>
        </div>
      </div>
      {error ? (
        <div className="banner error" role="alert">
          <div className="banner-body">{error}</div>
        </div>
      ) : null}
      <div className="merge-body">
        <div className="merge-editors">
          <div className={`merge-inputs${showBase ? ' with-base' : ''}`}>
            <div className="pane customized" role="region" aria-label="Customized">
              <div className="pane-title">
                Customized <span className="muted">vs target base</span>
              </div>
              <div className="editor-host" ref={hosts.customized} />
            </div>
            {showBase ? (
              <div className="pane target-base" role="region" aria-label="Target base">
                <div className="pane-title">Target base</div>
                <div className="editor-host" ref={hosts.base} />
              </div>
            ) : null}
            <div className="pane source-base" role="region" aria-label="Source base">
              <div className="pane-title">
                Source base <span className="muted">vs target base</span>
              </div>
              <div className="editor-host" ref={hosts.source} />
            </div>
          </div>
          <div className="pane result" role="region" aria-label="Result">
            <div className="pane-title">
              Result <span className="muted">editable · starts from the line-level merge</span>
            </div>
            <div className="editor-host" ref={hosts.result} />
          </div>
        </div>
        <div className="card conflict-list">
          <div className="card-header">
            Conflicts <span className="muted">{model.conflicts.length}</span>
          </div>
          {model.conflicts.length === 0 ? (
            <p className="muted" style={{ padding: 12, margin: 0 }}>
              The sides merge without conflict. Edit the Result if you want, then Apply.
            </p>
          ) : (
            <ol aria-label="Conflicts">
              {model.conflicts.map((c: ConflictView, i) => (
                <li key={c.index} className={`conflict-item${i === current ? ' current' : ''}`}>
                  <div className="head">
                    <button type="button" className="link" onClick={() => reveal(i)} aria-label={`Go to conflict ${i + 1}`}>
                      Conflict {i + 1}
                    </button>
                    <span className="lines">
                      customized {c.customizedStart + 1}
                      {c.customized.length > 1 ? `–${c.customizedStart + c.customized.length}` : ''} · source {c.sourceStart + 1}
                      {c.sourceBase.length > 1 ? `–${c.sourceStart + c.sourceBase.length}` : ''}
                    </span>
                    <span className={`state-pill${states[i] !== 'unresolved' ? ' resolved' : ''}`}>{RESOLUTION_LABELS[states[i] ?? 'unresolved']}</span>
                  </div>
                  <div className="choices">
                    {CHOICES.map((choice) => (
                      <button
                        key={choice.resolution}
                        type="button"
                        className="btn small"
                        aria-pressed={states[i] === choice.resolution}
                        aria-label={`${choice.name} for conflict ${i + 1}`}
                        onClick={() => resolve(i, choice.resolution)}
                      >
                        {choice.label}
                      </button>
                    ))}
                    {states[i] !== 'unresolved' ? (
                      <button type="button" className="btn small" aria-label={`Reset conflict ${i + 1}`} onClick={() => resolve(i, 'unresolved')}>
                        Reset
                      </button>
                    ) : null}
                  </div>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}
