import type { StateCreator } from 'zustand';
import type { AppInfo, CarryoverApi, FolderPurpose, OpenedPair, RecentPair, Result, SidedProblem } from '../../../electron/contract.js';
import { defaultOptions } from '../../../core/options.js';
import type { AppState } from './appStore.js';

export type FolderField = 'source' | 'target' | 'output';

export interface SessionSlice {
  info: AppInfo | null;
  pair: OpenedPair | null;
  recent: RecentPair[];
  fields: Record<FolderField, string>;
  /** Problems of the configurations last opened (they stop the flow at Configurations). */
  openProblems: SidedProblem[];
  opening: boolean;
  init(): Promise<void>;
  setField(field: FolderField, value: string): void;
  /** Desktop: the native dialog fills the field (and allows the folder). */
  browse(field: FolderField): Promise<void>;
  /** Opens the folders of the Source and Target fields. */
  openFolders(): Promise<boolean>;
  openSample(): Promise<boolean>;
  openRecent(pair: RecentPair): Promise<boolean>;
  /** Picks the folder typed in a field (web mode); returns its absolute path or null. */
  pickTyped(purpose: FolderPurpose, typed: string): Promise<string | null>;
  /** Web mode: folder names under what has been typed (no state kept). */
  completeFolder(partial: string): Promise<{ dir: string; names: string[] }>;
}

export const createSessionSlice =
  (api: CarryoverApi): StateCreator<AppState, [], [], SessionSlice> =>
  (set, get) => {
    /** Everything that depends on the pair starts over when a pair opens. */
    const opened = (result: Result<OpenedPair>): boolean => {
      if (!result.ok) {
        // The back end keeps the pair it had open (if any): so does the UI.
        set({ opening: false, openProblems: result.error.problems ?? [] });
        if (!result.error.problems?.length) get().showError(result.error);
        return false;
      }
      const pair = result.value;
      set({
        opening: false,
        openProblems: [],
        pair,
        fields: { source: pair.source.root, target: pair.target.root, output: '' },
        banner: null,
        // A pair opened here starts a new list of Targets (docs/app.md, "Several Targets").
        targets: [],
        answerPool: [],
        reusedFrom: {},
        appliedToSimilar: [],
      });
      get().resetForPair(pair.options ?? defaultOptions());
      get().go('options');
      void api.configurations.recent({}).then((r) => r.ok && set({ recent: r.value.pairs }));
      return true;
    };

    return {
      info: null,
      pair: null,
      recent: [],
      fields: { source: '', target: '', output: '' },
      openProblems: [],
      opening: false,

      init: async () => {
        const [info, recent] = await Promise.all([api.app.info({}), api.configurations.recent({})]);
        if (!info.ok) {
          get().showError(info.error);
          return;
        }
        set({ info: info.value, recent: recent.ok ? recent.value.pairs : [] });
        if (info.value.openSampleOnStart) await get().openSample();
      },

      setField: (field, value) => set((s) => ({ fields: { ...s.fields, [field]: value } })),

      browse: async (field) => {
        const result = await api.folders.pick({ purpose: field, ...(get().fields[field] ? { path: get().fields[field] } : {}) });
        if (!result.ok) get().showError(result.error);
        else if (result.value.path !== null) get().setField(field, result.value.path);
      },

      pickTyped: async (purpose, typed) => {
        const result = await api.folders.pick({ purpose, path: typed });
        if (!result.ok) {
          get().showError(result.error);
          return null;
        }
        return result.value.path;
      },

      openFolders: async () => {
        const { source, target } = get().fields;
        const missing: SidedProblem[] = [];
        if (!source.trim()) missing.push({ side: 'source', code: 'missing', file: '', pointer: '', message: 'Choose the Source folder.' });
        if (!target.trim()) missing.push({ side: 'target', code: 'missing', file: '', pointer: '', message: 'Choose the Target folder.' });
        if (missing.length > 0) {
          set({ openProblems: missing });
          return false;
        }
        set({ opening: true, banner: null });
        // In web mode typing a path is how a folder is picked; the desktop picked it in the dialog.
        if (!get().info?.nativeDialogs) {
          const picks = await Promise.all([api.folders.pick({ purpose: 'source', path: source }), api.folders.pick({ purpose: 'target', path: target })]);
          const problems = picks.flatMap((p) => (p.ok ? [] : (p.error.problems ?? [{ side: 'source' as const, code: p.error.code, file: '', pointer: '', message: p.error.message }])));
          if (problems.length > 0) {
            set({ opening: false, openProblems: problems });
            return false;
          }
          const [s, t] = picks;
          if (s?.ok && t?.ok && s.value.path && t.value.path) return opened(await api.configurations.open({ source: s.value.path, target: t.value.path }));
        }
        return opened(await api.configurations.open({ source, target }));
      },

      completeFolder: async (partial) => {
        const result = await api.folders.complete({ partial });
        return result.ok ? result.value : { dir: '', names: [] };
      },

      openSample: async () => {
        set({ opening: true, banner: null });
        return opened(await api.configurations.openSample({}));
      },

      openRecent: async (pair) => {
        set({ fields: { source: pair.source, target: pair.target, output: '' } });
        return get().openFolders();
      },
    };
  };
