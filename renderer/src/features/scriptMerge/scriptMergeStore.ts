/**
 * The script merge editor's view-model, without React or Monaco: each conflict's state, the
 * current conflict, stepping between conflicts, what a resolution puts in the Result, the Target
 * base pane, and Apply's check. The editor (ScriptMergeEditor.tsx) feeds it the Result's text of
 * each conflict block and carries out in Monaco what it decides.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { hasConflictMarkers } from '../../../../core/textMerge/index.js';
import { conflictBlock, finalText, resolutionLines, resolutionOf, type Resolution, type ScriptMergeModel } from './mergeModel.js';

/** A resolution the user can choose for a conflict (`unresolved`: put the marked block back). */
export type Choice = Exclude<Resolution, 'manual'>;

export interface ScriptMergeState {
  /** Each conflict's state, read from the Result's text. */
  states: Resolution[];
  /** The conflict shown (0-based). */
  current: number;
  showBase: boolean;
  /** Why Apply refused, until the next change. */
  error: string | null;
  /** Reads each conflict's state from the text of its block in the Result (`null`: the block is gone, edited by hand). */
  update(blockTexts: readonly (string | null)[]): void;
  /** Makes conflict `i` the current one; `false` when there is no such conflict. */
  select(i: number): boolean;
  /** Moves to the next (1) or previous (-1) conflict, wrapping around; the new index, or `null` without conflicts. */
  step(delta: 1 | -1): number | null;
  /** The text that replaces conflict `i`'s block for `choice`; `atEnd` when the block ends the Result. */
  replacement(i: number, choice: Choice, atEnd: boolean): string | null;
  toggleBase(): void;
  /** The answer for the Result's text (with the Result's line ending), or `null` with `error` set while markers remain. */
  apply(resultText: string): string | null;
}

export const MARKERS_LEFT = 'The Result still has conflict markers: resolve every conflict (or edit the markers away) before applying.';

export function createScriptMergeStore(model: ScriptMergeModel): StoreApi<ScriptMergeState> {
  const n = model.conflicts.length;
  return createStore<ScriptMergeState>()((set, get) => ({
    states: model.conflicts.map(() => 'unresolved'),
    current: 0,
    showBase: false,
    error: null,
    update: (blockTexts) =>
      set({ states: model.conflicts.map((conflict, i) => (typeof blockTexts[i] === 'string' ? resolutionOf(conflict, blockTexts[i]) : 'manual')) }),
    select: (i) => {
      if (!Number.isInteger(i) || i < 0 || i >= n) return false;
      set({ current: i });
      return true;
    },
    step: (delta) => {
      if (n === 0) return null;
      const next = (get().current + delta + n) % n;
      set({ current: next });
      return next;
    },
    replacement: (i, choice, atEnd) => {
      const conflict = model.conflicts[i];
      if (!conflict) return null;
      const text = (choice === 'unresolved' ? conflictBlock(conflict) : resolutionLines(conflict, choice)).join('');
      set({ error: null });
      // A block followed by more text must end its last line.
      return !atEnd && text !== '' && !text.endsWith('\n') ? `${text}\n` : text;
    },
    toggleBase: () => set({ showBase: !get().showBase }),
    apply: (resultText) => {
      if (hasConflictMarkers(resultText)) {
        set({ error: MARKERS_LEFT });
        return null;
      }
      set({ error: null });
      return finalText(resultText, model.eol);
    },
  }));
}
