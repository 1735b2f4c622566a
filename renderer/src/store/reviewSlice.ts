import type { StateCreator } from 'zustand';
import type { JsonObject } from '../../../core/json.js';
import type { ApiError, CarryoverApi, VersionDetail } from '../../../electron/contract.js';
import type { AppState } from './appStore.js';

/** The tree's status filter (docs/app.md, "The flow"). */
export type StatusFilter = 'all' | 'prompt' | 'automatic' | 'phantom' | 'warning';

export interface DetailState {
  versionId: string;
  status: 'loading' | 'ready' | 'error';
  data: VersionDetail | null;
  error: ApiError | null;
  /** The merged version with the answers so far; computed after the documents. */
  result: { status: 'loading' | 'ready' | 'error'; value: JsonObject | null };
}

export interface ReviewSlice {
  selectedVersion: string | null;
  filter: StatusFilter;
  search: string;
  /** Tree nodes the user collapsed (kinds and objects), by id. */
  collapsed: Record<string, true>;
  detail: DetailState | null;
  setFilter(filter: StatusFilter): void;
  setSearch(search: string): void;
  toggleCollapsed(nodeId: string): void;
  selectVersion(versionId: string): void;
  /** Fetches the selected version's documents again (after an answer changed). */
  refreshDetail(): void;
}

export const createReviewSlice =
  (api: CarryoverApi): StateCreator<AppState, [], [], ReviewSlice> =>
  (set, get) => {
    let request = 0;
    let resultRequest = 0;
    const loadResult = async (versionId: string): Promise<void> => {
      const mine = ++resultRequest;
      set((s) => (s.detail?.versionId === versionId ? { detail: { ...s.detail, result: { status: 'loading', value: s.detail.result.value } } } : {}));
      const result = await api.analysis.versionResult({ versionId, answers: get().answers });
      if (mine !== resultRequest || get().detail?.versionId !== versionId) return;
      set((s) =>
        s.detail
          ? { detail: { ...s.detail, result: result.ok ? { status: 'ready', value: result.value.result } : { status: 'error', value: null } } }
          : {},
      );
    };
    const load = async (versionId: string): Promise<void> => {
      const mine = ++request;
      set({ detail: { versionId, status: 'loading', data: null, error: null, result: { status: 'loading', value: null } } });
      const docs = await api.analysis.version({ versionId });
      if (mine !== request) return;
      set({
        detail: docs.ok
          ? { versionId, status: 'ready', data: docs.value, error: null, result: { status: 'loading', value: null } }
          : { versionId, status: 'error', data: null, error: docs.error, result: { status: 'error', value: null } },
      });
      if (docs.ok) await loadResult(versionId);
    };
    return {
      selectedVersion: null,
      filter: 'all',
      search: '',
      collapsed: {},
      detail: null,
      setFilter: (filter) => set({ filter }),
      setSearch: (search) => set({ search }),
      toggleCollapsed: (nodeId) =>
        set((s) => {
          const collapsed = { ...s.collapsed };
          if (collapsed[nodeId]) delete collapsed[nodeId];
          else collapsed[nodeId] = true;
          return { collapsed };
        }),
      selectVersion: (versionId) => {
        set({ selectedVersion: versionId });
        void load(versionId);
      },
      refreshDetail: () => {
        const id = get().selectedVersion;
        if (id && get().analysis && get().detail?.versionId === id) void loadResult(id);
      },
    };
  };
