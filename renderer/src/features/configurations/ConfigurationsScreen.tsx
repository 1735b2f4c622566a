import type { ConfigurationSummary } from '../../../../electron/contract.js';
import { FolderField } from '../../components/FolderField.js';
import { ProblemList } from '../../components/ProblemList.js';
import { useActions, useAppStoreShallow } from '../../store/useAppStore.js';
import { TargetsPanel } from '../targets/TargetsPanel.js';

function ConfigCard({ title, config }: { title: string; config: ConfigurationSummary }) {
  return (
    <div className="config">
      <h3>{title}</h3>
      <div className="name">
        {config.name}
        {config.protected ? <span className="badge protected">Protected</span> : null}
      </div>
      <div className="path">{config.root}</div>
      <div className="stats">
        <div className="stat">
          <span className="value">{config.forms}</span>
          <span className="label">forms</span>
        </div>
        <div className="stat">
          <span className="value">{config.globals}</span>
          <span className="label">global objects</span>
        </div>
        <div className="stat">
          <span className="value">{config.customizedVersions}</span>
          <span className="label">customized versions</span>
        </div>
        <div className="stat">
          <span className="value">{config.files}</span>
          <span className="label">files</span>
        </div>
      </div>
    </div>
  );
}

function timeAgo(iso: string): string {
  const seconds = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}

export function ConfigurationsScreen() {
  const { info, pair, recent, fields, openProblems, opening } = useAppStoreShallow((s) => ({
    info: s.info,
    pair: s.pair,
    recent: s.recent,
    fields: s.fields,
    openProblems: s.openProblems,
    opening: s.opening,
  }));
  const actions = useActions();
  const native = info?.nativeDialogs ?? false;

  return (
    <section className="screen" aria-labelledby="configurations-title">
      <div className="screen-header">
        <div>
          <h1 id="configurations-title">Configurations</h1>
          <p className="lede">Pick the vendor's new release (Source) and the customer's configuration (Target).</p>
        </div>
        <div className="actions">
          <button type="button" className="btn" onClick={() => void actions.openSample()} disabled={opening}>
            Open sample
          </button>
        </div>
      </div>

      <div className="card">
        <div className="card-body">
          <form
            className="config-grid"
            onSubmit={(e) => {
              e.preventDefault();
              void actions.openFolders();
            }}
          >
            <FolderField
              label="Source"
              value={fields.source}
              onChange={(v) => actions.setField('source', v)}
              nativeDialogs={native}
              onBrowse={() => void actions.browse('source')}
              complete={actions.completeFolder}
              help="The vendor's new release: only its base level is read."
            />
            <FolderField
              label="Target"
              value={fields.target}
              onChange={(v) => actions.setField('target', v)}
              nativeDialogs={native}
              onBrowse={() => void actions.browse('target')}
              complete={actions.completeFolder}
              help="The configuration with the customizations to carry over."
              onEnter={() => void actions.openFolders()}
            />
            <div className="options-footer" style={{ gridColumn: '1 / -1' }}>
              <button type="submit" className="btn primary" disabled={opening}>
                {opening ? <span className="spinner" aria-hidden="true" /> : null}
                Open configurations
              </button>
              <span className="muted">Nothing is written until you commit.</span>
            </div>
          </form>
        </div>
      </div>

      {openProblems.length > 0 ? (
        <div className="card" role="alert">
          <div className="banner error" style={{ borderRadius: '8px 8px 0 0', border: 0 }}>
            <div className="banner-body">
              <strong>
                {openProblems.length === 1 ? '1 problem' : `${openProblems.length} problems`} — fix them and open the configurations again.
              </strong>
            </div>
          </div>
          <ProblemList problems={openProblems} label="Configuration problems" />
        </div>
      ) : null}

      {pair ? (
        <div className="pair-card" aria-label="Opened configurations">
          <ConfigCard title={openProblems.length > 0 ? 'Source (still open)' : 'Source'} config={pair.source} />
          <div className="arrow" aria-hidden="true">
            →
          </div>
          <ConfigCard title={openProblems.length > 0 ? 'Target (still open)' : 'Target'} config={pair.target} />
        </div>
      ) : null}

      <TargetsPanel />

      {recent.length > 0 ? (
        <div className="card">
          <div className="card-header">Recent</div>
          <ul className="recent-list">
            {recent.map((r) => (
              <li key={`${r.source}\n${r.target}`}>
                <button type="button" onClick={() => void actions.openRecent(r)} title={`${r.source} → ${r.target}`}>
                  <span className="path">{r.source}</span>
                  <span aria-hidden="true">→</span>
                  <span className="path">{r.target}</span>
                  <span className="when">{timeAgo(r.openedAt)}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : !pair ? (
        <div className="card empty-hero">
          <h2>No configurations yet</h2>
          <p>
            Type or pick the two folders above, or open the bundled sample to try a merge: a vendor release, and a customized Target
            with prompts to answer.
          </p>
        </div>
      ) : null}
    </section>
  );
}
