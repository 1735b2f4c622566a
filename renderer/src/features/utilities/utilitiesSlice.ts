import type { StateCreator } from 'zustand';
import type { ApiError, CarryoverApi, CommitOutcome, CopyOutcome, UtilityFilter, UtilitySide } from '../../../../electron/contract.js';
import type { Finding } from '../../../../core/utilities/checkConfiguration.js';
import type { CustomizationRow } from '../../../../core/utilities/listCustomizations.js';
import type { ReportDecision } from '../../../../core/report/report.js';
import type { AppState } from '../../store/appStore.js';

/** What the Utilities screen shows below its filter form: the last utility's answer. */
export type UtilityResult =
  | { kind: 'list'; root: string; rows: CustomizationRow[] }
  | { kind: 'check'; root: string; findings: Finding[] }
  | { kind: 'copy'; outcome: CopyOutcome }
  | { kind: 'remove'; files: string[]; backupDir: string | null };

/** One "Undo this decision" of the Commit screen: running, or its answer. */
export interface UndoState {
  status: 'running' | 'done' | 'failed';
  message: string;
}

/** The Utilities screen and "Undo this decision" (docs/utilities.md). */
export interface UtilitiesSlice {
  utilityFilter: UtilityFilter;
  utilitySide: UtilitySide;
  /** The user's consent to remove or replace customized versions of a protected Target. */
  utilityAllowDestructive: boolean;
  utilityResult: UtilityResult | null;
  utilityError: ApiError | null;
  utilityBusy: boolean;
  /** Answers to the copy's prompts: version id → keep or replace. */
  copyAnswers: Record<string, 'keep' | 'replace'>;
  undos: Record<string, UndoState>;
  /** The decisions of the last commit that changed something (what "Undo this decision" offers); `null` until loaded. */
  undoable: ReportDecision[] | null;
  /** The commit `undoable` and `undos` belong to. */
  undoFor: CommitOutcome | null;
  loadUndoable(): Promise<void>;
  setUtilityFilter(field: keyof UtilityFilter, value: string): void;
  setUtilitySide(side: UtilitySide): void;
  setUtilityAllowDestructive(allow: boolean): void;
  setCopyAnswer(id: string, answer: 'keep' | 'replace'): void;
  listCustomizations(): Promise<void>;
  checkConfiguration(): Promise<void>;
  copyCustomizations(): Promise<void>;
  /** Lists what remove would delete (`confirmed` false), or deletes it. */
  removeCustomizations(confirmed: boolean): Promise<void>;
  undoDecision(id: string): Promise<void>;
}

export const EMPTY_FILTER: UtilityFilter = { kind: '', type: '', name: '', scope: '', scopeName: '' };

export const createUtilitiesSlice =
  (api: CarryoverApi): StateCreator<AppState, [], [], UtilitiesSlice> =>
  (set, get) => {
    /** Runs one utility call; its answer replaces the result shown, its error is shown instead. */
    const run = async <T>(call: () => Promise<{ ok: true; value: T } | { ok: false; error: ApiError }>, show: (value: T) => UtilityResult): Promise<void> => {
      if (get().utilityBusy) return;
      set({ utilityBusy: true, utilityError: null });
      const result = await call();
      if (result.ok) set({ utilityBusy: false, utilityResult: show(result.value) });
      else set({ utilityBusy: false, utilityError: result.error });
    };
    return {
      utilityFilter: EMPTY_FILTER,
      utilitySide: 'target',
      utilityAllowDestructive: false,
      utilityResult: null,
      utilityError: null,
      utilityBusy: false,
      copyAnswers: {},
      undos: {},
      undoable: null,
      undoFor: null,
      loadUndoable: async () => {
        const outcome = get().outcome;
        // A new commit starts a new list; loading the same one again keeps the undos already done.
        if (outcome !== get().undoFor) set({ undoFor: outcome, undos: {}, undoable: null });
        const report = await api.report.last({});
        if (!report.ok) {
          set({ undoable: [], utilityError: report.error });
          return;
        }
        set({ undoable: report.value.decisions.filter((d) => changesSomething(d.action)) });
      },
      setUtilityFilter: (field, value) => set((s) => ({ utilityFilter: { ...s.utilityFilter, [field]: value } })),
      setUtilitySide: (utilitySide) => set({ utilitySide }),
      setUtilityAllowDestructive: (utilityAllowDestructive) => set({ utilityAllowDestructive }),
      setCopyAnswer: (id, answer) => set((s) => ({ copyAnswers: { ...s.copyAnswers, [id]: answer } })),
      listCustomizations: () =>
        run(
          () => api.utilities.list({ side: get().utilitySide, filter: get().utilityFilter }),
          (value) => ({ kind: 'list', ...value }),
        ),
      checkConfiguration: () => run(() => api.utilities.check({ side: get().utilitySide }), (value) => ({ kind: 'check', ...value })),
      copyCustomizations: () =>
        run(
          () => api.utilities.copy({ filter: get().utilityFilter, answers: get().copyAnswers, allowDestructive: get().utilityAllowDestructive }),
          (outcome) => ({ kind: 'copy', outcome }),
        ),
      removeCustomizations: (confirmed) =>
        run(
          () => api.utilities.remove({ filter: get().utilityFilter, confirmed, allowDestructive: get().utilityAllowDestructive }),
          (value) => ({ kind: 'remove', ...value }),
        ),
      undoDecision: async (id) => {
        if (get().undos[id]?.status === 'running') return;
        set((s) => ({ undos: { ...s.undos, [id]: { status: 'running', message: 'Undoing…' } } }));
        const result = await api.commit.undo({ decisionId: id });
        const state: UndoState = result.ok
          ? { status: 'done', message: `Undone: ${result.value.summary}. Backup in ${result.value.backupDir}.` }
          : { status: 'failed', message: result.error.message };
        set((s) => ({ undos: { ...s.undos, [id]: state } }));
      },
    };
  };

/** Decisions that leave the thing as it was change nothing, so there is nothing to undo. */
export function changesSomething(action: ReportDecision['action']): boolean {
  return action !== 'left-untouched' && action !== 'kept-customization' && action !== 'kept-base' && action !== 'phantom';
}
