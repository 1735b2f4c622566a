import type { StateCreator } from 'zustand';
import type { ApiError } from '../../../electron/contract.js';
import type { AppState } from './appStore.js';

/** The screens of the flow (docs/app.md, "The flow"), plus the script merge editor. */
export type Screen = 'configurations' | 'options' | 'analyze' | 'review' | 'prompts' | 'script' | 'commit' | 'reports' | 'utilities';

export const SCREENS: readonly Screen[] = ['configurations', 'options', 'analyze', 'review', 'prompts', 'script', 'commit', 'reports', 'utilities'];

export interface Banner {
  kind: 'error' | 'info';
  message: string;
}

export interface UiSlice {
  screen: Screen;
  banner: Banner | null;
  go(screen: Screen): void;
  showError(error: ApiError): void;
  showInfo(message: string): void;
  dismissBanner(): void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  screen: 'configurations',
  banner: null,
  go: (screen) => set({ screen }),
  showError: (error) => set({ banner: { kind: 'error', message: error.message } }),
  showInfo: (message) => set({ banner: { kind: 'info', message } }),
  dismissBanner: () => set({ banner: null }),
});
