import type { StateCreator } from 'zustand';
import type { Warning } from '../../../core/analysis.js';
import type { CarryoverApi } from '../../../electron/contract.js';
import type { AppState } from './appStore.js';

/** The warnings of the analysis with the answers given so far, as core computes them. */
export interface LiveWarnings {
  /** The analysis they belong to (a new analysis makes them stale). */
  analysis: object;
  /** The answers they were computed with, as JSON. */
  answersKey: string;
  warnings: Warning[];
}

export interface WarningsSlice {
  liveWarnings: LiveWarnings | null;
  /**
   * Asks the back end for the warnings with the current answers (core's analysis, not a rule
   * re-implemented here), so that a duplicate an answer creates shows on Review and Commit at
   * once. Does nothing when the ones in hand are current.
   */
  refreshWarnings(): Promise<void>;
}

export const createWarningsSlice =
  (api: CarryoverApi): StateCreator<AppState, [], [], WarningsSlice> =>
  (set, get) => ({
    liveWarnings: null,
    refreshWarnings: async () => {
      const { analysis, answers, liveWarnings } = get();
      if (!analysis) return;
      const answersKey = JSON.stringify(answers);
      if (liveWarnings && liveWarnings.analysis === analysis && liveWarnings.answersKey === answersKey) return;
      const result = await api.analysis.warnings({ answers });
      // An answer given meanwhile asks again; only the answer still current is kept.
      if (!result.ok || get().analysis !== analysis || JSON.stringify(get().answers) !== answersKey) return;
      set({ liveWarnings: { analysis, answersKey, warnings: result.value.warnings } });
    },
  });

/** The warnings to show: those with the current answers when known, else the analysis's own. */
export function selectWarnings(state: Pick<AppState, 'analysis' | 'answers' | 'liveWarnings'>): readonly Warning[] {
  const { analysis, liveWarnings } = state;
  if (!analysis) return [];
  if (liveWarnings && liveWarnings.analysis === analysis && liveWarnings.answersKey === JSON.stringify(state.answers)) return liveWarnings.warnings;
  return analysis.warnings;
}
