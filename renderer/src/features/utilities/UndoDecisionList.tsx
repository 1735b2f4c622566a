import { useEffect } from 'react';
import { useActions, useAppStoreShallow } from '../../store/useAppStore.js';

/**
 * "Undo this decision" for each decision of an in-place commit that changed something
 * (docs/utilities.md, "undo"): the answer, or the reason it is refused, shows next to it.
 */
export function UndoDecisionList() {
  const s = useAppStoreShallow((state) => ({ undoable: state.undoable, undos: state.undos, outcome: state.outcome }));
  const actions = useActions();
  useEffect(() => {
    if (s.outcome?.mode === 'in-place') void actions.loadUndoable();
  }, [s.outcome, actions]);
  if (s.outcome?.mode !== 'in-place') return null;
  return (
    <div className="card undo-list">
      <div className="card-header">Decisions of this commit</div>
      <div className="card-body">
        <p className="muted">Undo one decision: what it changed is put back from the backup; every other decision stays. A rollback undoes an undo.</p>
        {s.undoable === null ? (
          <p className="muted">Loading the decisions…</p>
        ) : (
          <ul aria-label="Decisions of this commit" className="undo-decisions">
            {s.undoable.map((decision) => {
              const undo = s.undos[decision.id];
              return (
                <li key={decision.id} aria-label={decision.id}>
                  <code>{decision.id}</code> <span className="muted">{decision.action}: {decision.reason}</span>{' '}
                  {undo?.status === 'done' ? null : (
                    <button type="button" className="btn small" disabled={undo?.status === 'running'} onClick={() => void actions.undoDecision(decision.id)}>
                      Undo this decision
                    </button>
                  )}
                  {undo ? (
                    <div className={`banner ${undo.status === 'failed' ? 'error' : undo.status === 'done' ? 'success' : 'info'}`} role="status">
                      <div className="banner-body">{undo.message}</div>
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
