import { useEffect } from 'react';
import { selectUnsavedWork } from '../../store/savedAnswersSlice.js';
import { useActions, useAppStore, useAppStoreApiInstance, useAppStoreShallow } from '../../store/useAppStore.js';

/**
 * The offer to resume the answers saved beside the Target by an earlier session, and, once
 * resumed, what was applied and which saved answers are stale (docs/sessions.md, "Saved answers").
 */
export function SavedAnswersOffer() {
  const { offer, outcome, job } = useAppStoreShallow((s) => ({ offer: s.savedOffer, outcome: s.resumeOutcome, job: s.job }));
  const actions = useActions();
  if (offer !== null) {
    const n = offer.count;
    return (
      <section className="banner info saved-offer" role="region" aria-label="Saved answers">
        <div className="banner-body">
          <strong>
            This Target has {n} saved {n === 1 ? 'answer' : 'answers'} from an earlier session.
          </strong>{' '}
          Resuming analyzes the pair again and applies every answer whose prompt still has the same three values; the others are listed as stale.
          <div className="muted saved-file">{offer.file}</div>
        </div>
        <div className="saved-actions">
          <button type="button" className="btn primary" disabled={job !== null} onClick={() => void actions.resumeSavedAnswers()}>
            Resume {n} saved {n === 1 ? 'answer' : 'answers'}
          </button>
          <button type="button" className="btn" disabled={job !== null} onClick={() => void actions.startOver()}>
            Start over
          </button>
        </div>
      </section>
    );
  }
  if (outcome === null) return null;
  const notApplied = [...outcome.stale, ...outcome.unknown];
  return (
    <section className={`banner ${notApplied.length > 0 ? 'warning' : 'info'} saved-offer`} role="region" aria-label="Resumed answers">
      <div className="banner-body">
        <strong>
          Resumed {outcome.applied} saved {outcome.applied === 1 ? 'answer' : 'answers'}.
        </strong>
        {outcome.stale.length > 0 ? (
          <div>
            Stale: {outcome.stale.length === 1 ? 'this prompt' : 'these prompts'} changed since {outcome.stale.length === 1 ? 'its answer was' : 'their answers were'} saved; answer again.
            <ul aria-label="Stale answers" className="stale-list">
              {outcome.stale.map((id) => (
                <li key={id}>
                  <button type="button" className="link" onClick={() => actions.goToPrompt(id)}>
                    <code>{id}</code>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {outcome.unknown.length > 0 ? (
          <div>
            Matching no prompt now (kept in the file):
            <ul aria-label="Saved answers matching no prompt" className="stale-list">
              {outcome.unknown.map((id) => (
                <li key={id}>
                  <code>{id}</code>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      <button type="button" className="btn small" onClick={actions.dismissResumeOutcome} aria-label="Dismiss">
        ×
      </button>
    </section>
  );
}

/** Web mode: leaving the page with work not saved yet asks first (`beforeunload`). */
export function useLeaveGuard(): void {
  const store = useAppStoreApiInstance();
  useEffect(() => {
    const onLeave = (event: BeforeUnloadEvent): void => {
      if (!selectUnsavedWork(store.getState())) return;
      event.preventDefault();
      // Older engines ask only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onLeave);
    return () => window.removeEventListener('beforeunload', onLeave);
  }, [store]);
}

/** "Saving…" / "Not saved" next to the prompt counter, while it matters. */
export function SaveStatus() {
  const status = useAppStore((s) => (s.analysis === null ? null : s.saveStatus));
  if (status === null || status === 'saved') return null;
  return (
    <span className={`save-status ${status}`} aria-live="polite">
      {status === 'saving' ? 'Saving answers…' : 'Answers not saved'}
    </span>
  );
}
