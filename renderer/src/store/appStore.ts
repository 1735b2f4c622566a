/**
 * The app's one store, built from slices (zustand's slices pattern): actions live next to their
 * state, and the API is injected, so tests drive the store through `getState()` against the real
 * back end, in process, through the web-mode client (appStore.test.ts).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CarryoverApi } from '../../../electron/contract.js';
import { createAnalysisSlice, type AnalysisSlice } from './analysisSlice.js';
import { createCommitSlice, type CommitSlice } from './commitSlice.js';
import { createOptionsSlice, type OptionsSlice } from './optionsSlice.js';
import { createPromptsSlice, type PromptsSlice } from './promptsSlice.js';
import { createReportSlice, type ReportSlice } from './reportSlice.js';
import { createReviewSlice, type ReviewSlice } from './reviewSlice.js';
import { createSessionSlice, type SessionSlice } from './sessionSlice.js';
import { createUiSlice, type UiSlice } from './uiSlice.js';
import { createUtilitiesSlice, type UtilitiesSlice } from '../features/utilities/utilitiesSlice.js';
import { createWarningsSlice, type WarningsSlice } from './warningsSlice.js';
import { connectSavedAnswers, createSavedAnswersSlice, type SavedAnswersSlice } from './savedAnswersSlice.js';
import { createTargetsSlice, type TargetsSlice } from '../features/targets/targetsSlice.js';

export type AppState = UiSlice & SessionSlice & OptionsSlice & AnalysisSlice & ReviewSlice & PromptsSlice & CommitSlice & ReportSlice & UtilitiesSlice & WarningsSlice & SavedAnswersSlice & TargetsSlice;

export type AppStore = StoreApi<AppState>;

export function createAppStore(api: CarryoverApi): AppStore {
  const store = createStore<AppState>()((...a) => ({
    ...createUiSlice(...a),
    ...createSessionSlice(api)(...a),
    ...createOptionsSlice(api)(...a),
    ...createAnalysisSlice(api)(...a),
    ...createReviewSlice(api)(...a),
    ...createPromptsSlice(...a),
    ...createCommitSlice(api)(...a),
    ...createReportSlice(api)(...a),
    ...createUtilitiesSlice(api)(...a),
    ...createWarningsSlice(api)(...a),
    ...createSavedAnswersSlice(api)(...a),
    ...createTargetsSlice(api)(...a),
  }));
  connectSavedAnswers(store, api);
  return store;
}
