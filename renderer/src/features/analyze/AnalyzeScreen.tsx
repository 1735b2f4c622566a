import { ProblemList } from '../../components/ProblemList.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { promptCounterText, selectPromptsLeft } from '../../store/selectors.js';
import { useActions, useAppStore, useAppStoreShallow } from '../../store/useAppStore.js';

export function AnalyzeScreen() {
  const { job, analysis, error, pair } = useAppStoreShallow((s) => ({ job: s.job, analysis: s.analysis, error: s.analysisError, pair: s.pair }));
  const left = useAppStore(selectPromptsLeft);
  const actions = useActions();
  const running = job?.kind === 'analysis';

  return (
    <section className="screen" aria-labelledby="analyze-title">
      <div className="screen-header">
        <div>
          <h1 id="analyze-title">Analyze</h1>
          <p className="lede">
            Computes every decision and prompt for {pair ? <strong>{pair.target.name}</strong> : 'the Target'}. Nothing is written.
          </p>
        </div>
      </div>

      <div className="card analyze-card">
        <div className="card-body" style={{ display: 'grid', gap: 14 }}>
          {running ? (
            <>
              <div className="progress-line" aria-live="polite">
                <span>{job.phase}…</span>
                <span>
                  {job.total > 0 ? (
                    <>
                      <strong>{job.done}</strong> of <strong>{job.total}</strong> {job.phase === 'Reading configurations' ? 'files read' : 'objects analyzed'}
                    </>
                  ) : (
                    'Preparing'
                  )}
                </span>
              </div>
              <ProgressBar done={job.done} total={job.total} label="Analysis progress" />
              <div>
                <button type="button" className="btn" onClick={() => void actions.cancelJob()}>
                  Cancel
                </button>
              </div>
            </>
          ) : (
            <>
              <div style={{ display: 'flex', gap: 10, alignItems: 'center' }}>
                <button type="button" className="btn primary large" disabled={!pair || job !== null} onClick={() => void actions.startAnalysis()}>
                  Analyze
                </button>
                <span className="muted">
                  {analysis ? `Last analysis: ${analysis.summary.decisions} decisions, ${promptCounterText(left).toLowerCase()}.` : 'Not analyzed yet.'}
                </span>
              </div>
              {error ? (
                <div className={`banner ${error.code === 'cancelled' ? 'info' : 'error'}`} role="alert">
                  <div className="banner-body">
                    <strong>{error.code === 'cancelled' ? 'Analysis cancelled.' : 'The analysis did not finish.'}</strong>
                    {error.code === 'cancelled' ? 'Nothing was written. Analyze again when ready.' : error.message}
                  </div>
                </div>
              ) : null}
              {error?.problems?.length ? <ProblemList problems={error.problems} label="Analysis problems" /> : null}
            </>
          )}
        </div>
      </div>

      {analysis && !running ? (
        <div className="summary-tiles" aria-label="Analysis summary">
          <div className="tile">
            <div className="value">{analysis.summary.decisions}</div>
            <div className="label">decisions</div>
          </div>
          <div className="tile">
            <div className="value">{analysis.summary.prompts}</div>
            <div className="label">prompts</div>
          </div>
          <div className="tile">
            <div className="value">{analysis.summary.prompts - left}</div>
            <div className="label">answered</div>
          </div>
          <div className="tile">
            <div className="value">{analysis.summary.warnings}</div>
            <div className="label">warnings</div>
          </div>
          <div className="tile">
            <div className="value">{analysis.refused.length}</div>
            <div className="label">refused options</div>
          </div>
        </div>
      ) : null}
    </section>
  );
}
