import { useEffect } from 'react';
import { downloadText } from '../../components/download.js';
import { FolderField } from '../../components/FolderField.js';
import { UndoDecisionList } from '../utilities/UndoDecisionList.js';
import { ProblemList } from '../../components/ProblemList.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { promptCounterText, selectCanCommit, selectOptionsChanged, selectPromptsLeft } from '../../store/selectors.js';
import { useActions, useAppStore, useAppStoreApiInstance, useAppStoreShallow } from '../../store/useAppStore.js';
import { selectWarnings } from '../../store/warningsSlice.js';

/** The answers in the answers-file format of docs/cli.md, so QA can replay the merge. */
export function answersFileText(answers: Record<string, unknown>): string {
  return JSON.stringify({ answers }, null, 2) + '\n';
}

export function CommitScreen() {
  const s = useAppStoreShallow((st) => ({
    analysis: st.analysis,
    mode: st.commitMode,
    output: st.fields.output,
    info: st.info,
    pair: st.pair,
    job: st.job,
    outcome: st.outcome,
    error: st.commitError,
    rollback: st.rollback,
    answers: st.answers,
    allowDestructive: st.allowDestructive,
    refused: st.refused,
    spent: st.analysis !== null && st.analysis === st.spentAnalysis,
    syncHistory: st.syncHistory,
    upgrade: st.upgrade,
  }));
  const left = useAppStore(selectPromptsLeft);
  const canCommit = useAppStore(selectCanCommit);
  const optionsChanged = useAppStore(selectOptionsChanged);
  const actions = useActions();
  // The suggested output folder is a real value, ready to commit or to edit, not a placeholder
  // that Commit would then refuse as empty; a value the user typed is never replaced.
  const store = useAppStoreApiInstance();
  // Warnings follow the answers given so far (store/warningsSlice), not the first analysis only.
  const warnings = useAppStore(selectWarnings);
  const answers = useAppStore((st) => st.answers);
  useEffect(() => {
    void actions.refreshWarnings();
  }, [s.analysis, answers, actions]);
  const suggestion = s.pair ? `${s.pair.target.root}-merged` : '';
  useEffect(() => {
    if (suggestion !== '' && store.getState().fields.output === '') actions.setField('output', suggestion);
  }, [suggestion, actions, store]);
  const running = s.job?.kind === 'commit';

  if (!s.analysis) {
    return (
      <section className="screen" aria-labelledby="commit-title">
        <div className="screen-header">
          <h1 id="commit-title">Commit</h1>
        </div>
        <div className="card empty-hero">
          <h2>Nothing to commit yet</h2>
          <p>Analyze the configurations and answer every prompt first.</p>
        </div>
      </section>
    );
  }

  return (
    <section className="screen" aria-labelledby="commit-title">
      <div className="screen-header">
        <div>
          <h1 id="commit-title">Commit</h1>
          <p className="lede">
            {s.upgrade
              ? 'Complete the upgrade: the pending versions take your answers, in the Target itself, with a backup.'
              : 'Write the merged Target: to a new folder, or in place with a backup.'}
          </p>
        </div>
      </div>

      {left > 0 ? (
        <div className="banner warning" role="status">
          <div className="banner-body">
            <strong>{promptCounterText(left)}.</strong> Answer every prompt before committing.
          </div>
          <button type="button" className="btn small" onClick={() => actions.nextPrompt()}>
            Go to prompts
          </button>
        </div>
      ) : null}
      {optionsChanged ? (
        <div className="banner info" role="status">
          <div className="banner-body">
            The options changed since the analysis. The commit uses the analyzed options: analyze again to apply the new ones.
          </div>
          <button type="button" className="btn small" onClick={() => actions.go('analyze')}>
            Go to Analyze
          </button>
        </div>
      ) : null}
      {s.spent ? (
        <div className="banner info" role="status">
          <div className="banner-body">
            The Target was updated in place, so this analysis is spent. Analyze the Target again to commit again.
          </div>
          <button type="button" className="btn small" onClick={() => actions.go('analyze')}>
            Go to Analyze
          </button>
        </div>
      ) : null}
      {s.refused.length > 0 && !s.allowDestructive ? (
        <div className="banner warning">
          <div className="banner-body">
            The protected Target refuses {s.refused.length === 1 ? 'one of the options' : `${s.refused.length} of the options`}: allow destructive options on the Options screen, or change them, to commit.
          </div>
        </div>
      ) : null}

      <div className="commit-grid">
        <div className="card">
          <div className="card-header">Where to write</div>
          <div className="card-body" style={{ display: 'grid', gap: 10 }}>
            <label className="mode-option">
              <input type="radio" name="commit-mode" disabled={s.upgrade} checked={s.mode === 'new-folder'} onChange={() => actions.setCommitMode('new-folder')} />
              <span className="title">Write to a new folder</span>
              <span className="help">
                {s.upgrade
                  ? 'Not for completing an upgrade: its pending versions are completed in the Target itself.'
                  : 'The complete merged configuration goes to a new (or empty) folder; the Target is not touched.'}
              </span>
            </label>
            {s.mode === 'new-folder' ? (
              <div style={{ paddingLeft: 30 }}>
                <FolderField
                  label="Output folder"
                  value={s.output}
                  onChange={(v) => actions.setField('output', v)}
                  nativeDialogs={s.info?.nativeDialogs ?? false}
                  onBrowse={() => void actions.browse('output')}
                  complete={actions.completeFolder}
                  placeholder="/path/to/new-folder"
                  help="Must not exist yet, or be empty."
                />
              </div>
            ) : null}
            <label className="mode-option">
              <input type="radio" name="commit-mode" checked={s.mode === 'in-place'} onChange={() => actions.setCommitMode('in-place')} />
              <span className="title">Update the Target in place</span>
              <span className="help">
                The Target is copied to a backup folder beside it first; a crash leaves either the old or the new Target, never a mix. You can roll back.
              </span>
            </label>
            <div className="options-footer" style={{ marginTop: 6 }}>
              <button type="button" className="btn success large" disabled={!canCommit} onClick={() => void actions.commit()}>
                Commit
              </button>
              <span className="muted">{promptCounterText(left)}</span>
            </div>
            {running && s.job ? (
              <div style={{ display: 'grid', gap: 6 }} aria-live="polite">
                <div className="progress-line">
                  <span>{s.job.phase}…</span>
                  <span>{s.job.total > 0 ? `${s.job.done} of ${s.job.total} ${s.job.phase === 'Applying answers' ? 'objects' : 'files'}` : ''}</span>
                </div>
                <ProgressBar done={s.job.done} total={s.job.total} label="Commit progress" />
              </div>
            ) : null}
            {s.error ? (
              <div className="banner error" role="alert">
                <div className="banner-body">
                  <strong>Nothing was committed.</strong>
                  {s.error.message}
                </div>
              </div>
            ) : null}
            {s.error?.problems?.length ? <ProblemList problems={s.error.problems} label="Commit problems" /> : null}
          </div>
        </div>

        <div className="card" aria-label="Commit summary">
          <div className="card-header">{s.outcome ? 'Committed' : 'Summary'}</div>
          <div className="card-body">
            {s.outcome ? (
              <>
                <div className="banner success" role="status">
                  <div className="banner-body">
                    <strong>
                      {s.outcome.mode === 'in-place'
                        ? s.rollback?.status === 'done'
                          ? 'The Target was updated in place, then rolled back.'
                          : 'The Target was updated in place.'
                        : 'The merged configuration was written.'}
                    </strong>
                    <code>{s.outcome.written}</code>
                  </div>
                </div>
                <table className="summary-table" style={{ marginTop: 10 }}>
                  <tbody>
                    <tr>
                      <td>Files with merged content</td>
                      <td>{s.outcome.counts.changed}</td>
                    </tr>
                    <tr>
                      <td>Files from the Source</td>
                      <td>{s.outcome.counts.fromSource}</td>
                    </tr>
                    <tr>
                      <td>Files kept from the Target</td>
                      <td>{s.outcome.counts.keptFromTarget}</td>
                    </tr>
                    <tr>
                      <td>Files deleted</td>
                      <td>{s.outcome.counts.deleted}</td>
                    </tr>
                    <tr>
                      <td>Decisions</td>
                      <td>{s.outcome.summary.decisions}</td>
                    </tr>
                    <tr>
                      <td>Prompts answered</td>
                      <td>
                        {s.outcome.summary.answered} of {s.outcome.summary.prompts}
                      </td>
                    </tr>
                    <tr>
                      <td>Warnings</td>
                      <td>{s.outcome.warnings}</td>
                    </tr>
                  </tbody>
                </table>
                {s.outcome.backupDir ? (
                  <p className="muted" style={{ marginBottom: 0 }}>
                    Backup: <code>{s.outcome.backupDir}</code>
                  </p>
                ) : null}
                <div className="outcome-actions">
                  <button type="button" className="btn primary" onClick={() => void actions.openLastReport()}>
                    Open report
                  </button>
                  <button type="button" className="btn" onClick={() => downloadText('answers.json', answersFileText(s.answers), 'application/json')}>
                    Save answers
                  </button>
                  {s.outcome.mode === 'in-place' && s.rollback?.status !== 'done' ? (
                    <button type="button" className="btn danger" disabled={s.rollback?.status === 'running'} onClick={() => void actions.rollBack()}>
                      Roll back
                    </button>
                  ) : null}
                </div>
                {s.rollback ? (
                  <div className={`banner ${s.rollback.status === 'failed' ? 'error' : s.rollback.status === 'done' ? 'success' : 'info'}`} role="status" style={{ marginTop: 10 }}>
                    <div className="banner-body">{s.rollback.message}</div>
                  </div>
                ) : null}
                {s.syncHistory ? (
                  <section aria-label="Rollback history" style={{ marginTop: 10 }}>
                    <h3 className="muted">Rollback history</h3>
                    {s.syncHistory.length === 0 ? (
                      <p className="muted">The Target records no in-place sync.</p>
                    ) : (
                      <ol>
                        {s.syncHistory.map((entry) => (
                          <li key={`${entry.time}\0${entry.backup}`}>
                            Sync of {entry.time} from <code>{entry.source}</code>; backup <code>{entry.backupFound ?? `${entry.backup} (missing)`}</code>
                            {entry.next ? ' (next rollback)' : ''}
                          </li>
                        ))}
                      </ol>
                    )}
                  </section>
                ) : null}
              </>
            ) : (
              <table className="summary-table">
                <tbody>
                  <tr>
                    <td>Decisions</td>
                    <td>{s.analysis.summary.decisions}</td>
                  </tr>
                  <tr>
                    <td>Prompts</td>
                    <td>{s.analysis.summary.prompts}</td>
                  </tr>
                  <tr>
                    <td>Answered</td>
                    <td>{s.analysis.summary.prompts - left}</td>
                  </tr>
                  <tr>
                    <td>Warnings</td>
                    <td>{warnings.length}</td>
                  </tr>
                </tbody>
              </table>
            )}
          </div>
        </div>
      </div>
      <UndoDecisionList />
    </section>
  );
}
