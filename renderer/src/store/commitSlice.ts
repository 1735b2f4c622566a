import type { StateCreator } from 'zustand';
import type { ApiError, CarryoverApi, CommitOutcome, CommitTarget, SyncHistoryEntry } from '../../../electron/contract.js';
import type { AppState } from './appStore.js';
import { selectPromptsLeft } from './selectors.js';
import { jobError, pollJob } from './jobs.js';

export type CommitMode = 'new-folder' | 'in-place';

export interface CommitSlice {
  commitMode: CommitMode;
  outcome: CommitOutcome | null;
  commitError: ApiError | null;
  rollback: { status: 'running' | 'done' | 'failed'; message: string } | null;
  /**
   * The analysis an in-place commit was made from: the Target it describes is gone, so Commit stays
   * disabled until a new analysis replaces it (a second commit would back up the merged Target and
   * make Roll back restore that).
   */
  spentAnalysis: unknown;
  /** The Target's in-place syncs after the last in-place commit or rollback, newest first. */
  syncHistory: SyncHistoryEntry[] | null;
  setCommitMode(mode: CommitMode): void;
  commit(): Promise<boolean>;
  rollBack(): Promise<boolean>;
}

export const createCommitSlice =
  (api: CarryoverApi): StateCreator<AppState, [], [], CommitSlice> =>
  (set, get) => ({
    commitMode: 'new-folder',
    outcome: null,
    commitError: null,
    rollback: null,
    spentAnalysis: null,
    syncHistory: null,

    setCommitMode: (commitMode) => set({ commitMode }),

    commit: async () => {
      const state = get();
      if (state.job || !state.analysis || selectPromptsLeft(state) > 0 || state.analysis === state.spentAnalysis) return false;
      set({ commitError: null, outcome: null, rollback: null, banner: null });
      // A save of the answers still in flight lands before the commit retires the session file
      // (docs/sessions.md), never into the Target while it is being replaced.
      if (state.saveStatus === 'saving') await state.saveAnswers();
      let target: CommitTarget;
      if (state.commitMode === 'new-folder') {
        const typed = state.fields.output.trim();
        if (!typed) {
          set({ commitError: { code: 'invalid-request', message: 'Choose the output folder.' } });
          return false;
        }
        let outDir = typed;
        if (!state.info?.nativeDialogs) {
          const picked = await api.folders.pick({ purpose: 'output', path: typed });
          if (!picked.ok || picked.value.path === null) {
            set({ commitError: picked.ok ? { code: 'invalid-request', message: 'Choose the output folder.' } : picked.error });
            return false;
          }
          outDir = picked.value.path;
        }
        target = { mode: 'new-folder', outDir };
      } else {
        target = { mode: 'in-place' };
      }
      const started = await api.commit.start({ target, answers: state.answers, allowDestructive: state.allowDestructive });
      if (!started.ok) {
        set({ commitError: started.error });
        return false;
      }
      const id = started.value.jobId;
      set({ job: { id, kind: 'commit', phase: 'Starting', done: 0, total: 0 } });
      const final = await pollJob(api, id, 'commit', (s) => set({ job: { id, kind: 'commit', phase: s.phase, done: s.done, total: s.total } }));
      set({ job: null });
      if (final.state !== 'done') {
        set({ commitError: jobError(final) ?? { code: 'cancelled', message: 'The commit was cancelled; nothing was written.' } });
        return false;
      }
      const result = await api.commit.result({ jobId: id });
      if (!result.ok) {
        set({ commitError: result.error });
        return false;
      }
      set({ outcome: result.value });
      if (result.value.mode === 'in-place') set({ spentAnalysis: state.analysis, syncHistory: result.value.history ?? null });
      return true;
    },

    rollBack: async () => {
      set({ rollback: { status: 'running', message: 'Rolling back…' } });
      const result = await api.commit.rollback({});
      if (!result.ok) {
        set({ rollback: { status: 'failed', message: result.error.message } });
        return false;
      }
      const undid = result.value.undid;
      const state = undid === null ? '' : ` It is as it was before the sync of ${undid.time}.`;
      set({
        rollback: { status: 'done', message: `The Target ${result.value.restored} was restored from ${result.value.backupDir}.${state}` },
        syncHistory: result.value.history,
      });
      return true;
    },
  });
