import { assertNever } from '../../../../core/model.js';
import { useActions, useAppStoreShallow } from '../../store/useAppStore.js';

const COPY_LABELS = {
  copied: 'copied',
  replaced: 'replaced',
  'kept-destination': "kept the Target's",
  identical: 'identical, not copied',
  unanswered: 'the Target has a different version',
} as const;

/** The answer of the last utility run on the Utilities screen. */
export function UtilityResultView() {
  const s = useAppStoreShallow((state) => ({ result: state.utilityResult, answers: state.copyAnswers, busy: state.utilityBusy }));
  const actions = useActions();
  const result = s.result;
  if (result === null) return null;
  switch (result.kind) {
    case 'list':
      return (
        <div className="card">
          <div className="card-header">
            {result.rows.length === 0 ? 'Nothing matched' : `${result.rows.length} customized ${result.rows.length === 1 ? 'version' : 'versions'}`} in <code>{result.root}</code>
          </div>
          {result.rows.length > 0 ? (
            <table className="summary-table utility-table" aria-label="Customized versions">
              <thead>
                <tr>
                  <th>Version</th>
                  <th>File</th>
                  <th>Attributes</th>
                  <th>Components</th>
                  <th>Events</th>
                  <th>Variables</th>
                  <th>Script lines</th>
                </tr>
              </thead>
              <tbody>
                {result.rows.map((row) => (
                  <tr key={row.id}>
                    <td>
                      {row.id}
                      {row.base === null && row.kind !== 'explorer' ? <span className="muted"> (no base)</span> : null}
                    </td>
                    <td>
                      <code>{row.file}</code>
                    </td>
                    <td>{row.changes.attributes}</td>
                    <td>{row.changes.components}</td>
                    <td>{row.changes.eventHandlers}</td>
                    <td>{row.changes.variables}</td>
                    <td>{row.changes.scriptLines}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      );
    case 'check':
      return (
        <div className="card">
          <div className="card-header">
            {result.findings.length === 0 ? 'No findings' : `${result.findings.length} ${result.findings.length === 1 ? 'finding' : 'findings'}`} in <code>{result.root}</code>
          </div>
          <ul className="card-body utility-findings" aria-label="Findings">
            {result.findings.map((f, i) => (
              <li key={i}>
                <strong>{f.code}</strong> <code>{f.file}</code>: {f.message}
              </li>
            ))}
          </ul>
        </div>
      );
    case 'copy': {
      const { outcome } = result;
      const open = outcome.open;
      return (
        <div className="card">
          <div className="card-header">
            {outcome.items.length === 0 ? 'Nothing matched' : outcome.backupDir ? 'Copied into the Target' : open.length > 0 ? 'Choose for each version the Target already has' : 'Nothing to copy'}
          </div>
          <ul className="card-body" aria-label="Copy">
            {outcome.items.map((item) => (
              <li key={item.id}>
                <code>{item.id}</code>: {COPY_LABELS[item.action]}
                {item.action === 'unanswered' ? (
                  <span className="copy-choice" role="radiogroup" aria-label={`Answer for ${item.id}`}>
                    {(['keep', 'replace'] as const).map((answer) => (
                      <label key={answer}>
                        <input type="radio" name={`copy-${item.id}`} checked={s.answers[item.id] === answer} onChange={() => actions.setCopyAnswer(item.id, answer)} />{' '}
                        {answer === 'keep' ? "Keep the Target's" : 'Replace with the copy'}
                      </label>
                    ))}
                  </span>
                ) : null}
              </li>
            ))}
            {outcome.warnings.map((w, i) => (
              <li key={`w${i}`} className="muted">
                Warning: {w.message}
              </li>
            ))}
          </ul>
          {outcome.backupDir ? (
            <p className="card-body muted">
              Backup: <code>{outcome.backupDir}</code>
            </p>
          ) : open.length > 0 ? (
            <div className="card-body">
              <button type="button" className="btn primary" disabled={s.busy || open.some((id) => s.answers[id] === undefined)} onClick={() => void actions.copyCustomizations()}>
                Copy with these answers
              </button>
            </div>
          ) : null}
        </div>
      );
    }
    case 'remove':
      return (
        <div className="card">
          <div className="card-header">
            {result.files.length === 0 ? 'Nothing matched' : result.backupDir ? `Removed ${result.files.length} customized ${result.files.length === 1 ? 'version' : 'versions'}` : `Remove ${result.files.length} customized ${result.files.length === 1 ? 'version' : 'versions'}?`}
          </div>
          <ul className="card-body" aria-label="Versions to remove">
            {result.files.map((file) => (
              <li key={file}>
                <code>{file}</code>
              </li>
            ))}
          </ul>
          {result.backupDir ? (
            <p className="card-body muted">
              Backup: <code>{result.backupDir}</code>
            </p>
          ) : result.files.length > 0 ? (
            <div className="card-body">
              <button type="button" className="btn danger" disabled={s.busy} onClick={() => void actions.removeCustomizations(true)}>
                Remove {result.files.length} {result.files.length === 1 ? 'version' : 'versions'}
              </button>
            </div>
          ) : null}
        </div>
      );
    default:
      return assertNever(result);
  }
}
