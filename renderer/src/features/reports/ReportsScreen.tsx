import { useMemo, useState } from 'react';
import { MODE_LABELS, type Report } from '../../../../core/report/report.js';
import { chooseTextFile, downloadText } from '../../components/download.js';
import { ProblemList } from '../../components/ProblemList.js';
import type { StatusFilter } from '../../store/reviewSlice.js';
import { groupFindings, reviewCounts, treeRows, versionStatuses } from '../../store/selectors.js';
import { useActions, useAppStoreShallow } from '../../store/useAppStore.js';
import { CountsBar, findingsOf, NoMatch, TreeTools, VersionHeader } from '../review/ReviewScreen.js';
import { VersionTable } from '../review/VersionTable.js';
import { VersionTree } from '../review/VersionTree.js';
import { versionRows } from '../review/versionRows.js';

/** What kind of run a report is of: its mode when recorded, else what its command says. */
export function reportKind(report: Pick<Report, 'command' | 'mode' | 'output'>): string {
  if (report.mode !== undefined) return MODE_LABELS[report.mode];
  if (report.command === 'analyze') return MODE_LABELS.analysis;
  return report.output !== undefined ? 'Synchronization' : 'Synchronization (nothing written)';
}

/** A saved report, read-only: the same tree and table as Review, from the report alone. */
function ReportViewer({ title, report, onClose }: { title: string; report: Report; onClose: () => void }) {
  const [filter, setFilter] = useState<StatusFilter>('all');
  const [search, setSearch] = useState('');
  const [collapsed, setCollapsed] = useState<Record<string, true>>({});
  const [selected, setSelected] = useState<string | null>(null);
  const groups = useMemo(() => groupFindings(report), [report]);
  const statuses = useMemo(() => versionStatuses(report, null), [report]);
  const rows = useMemo(() => treeRows(groups, statuses, filter, search, collapsed), [groups, statuses, filter, search, collapsed]);
  const counts = useMemo(() => reviewCounts(statuses, report.warnings.length), [statuses, report]);
  const found = useMemo(() => findingsOf(groups, selected), [groups, selected]);
  const tableRows = useMemo(
    () => (found ? versionRows({ customized: null, targetBase: null, sourceBase: null, result: undefined }, found.version.decisions, found.version.prompts, null) : []),
    [found],
  );
  const general = report.warnings.filter((w) => w.id === undefined);

  return (
    <section className="card" style={{ display: 'flex', flexDirection: 'column', minHeight: 520, flex: 1 }} aria-label="Report viewer">
      <div className="detail-header">
        <div className="detail-title">
          <h2>{title}</h2>
          <span className="readonly-tag">Read-only</span>
          <span className="report-kind" aria-label="Report kind">
            {reportKind(report)}
          </span>
          <span className="muted">{report.generatedBy ?? 'carryover'}</span>
          <button type="button" className="btn small" style={{ marginLeft: 'auto' }} onClick={onClose}>
            Close report
          </button>
        </div>
        <dl className="report-facts">
          <div>
            <dt>Source</dt>
            <dd className="mono">{report.source}</dd>
          </div>
          <div>
            <dt>Target</dt>
            <dd className="mono">{report.target}</dd>
          </div>
          {report.output !== undefined ? (
            <div>
              <dt>Output</dt>
              <dd className="mono">{report.output}</dd>
            </div>
          ) : null}
          {report.backup !== undefined ? (
            <div>
              <dt>Backup</dt>
              <dd className="mono">{report.backup}</dd>
            </div>
          ) : null}
          {report.createdAt !== undefined ? (
            <div>
              <dt>When</dt>
              <dd>{report.createdAt}</dd>
            </div>
          ) : null}
          {report.createdBy !== undefined ? (
            <div>
              <dt>User</dt>
              <dd>{report.createdBy}</dd>
            </div>
          ) : null}
        </dl>
        <CountsBar counts={counts} filter={filter} onFilter={setFilter} />
        <div className="muted">
          {report.summary.decisions} decisions · {report.summary.answered} of {report.summary.prompts} prompts answered · {report.summary.warnings} warnings
        </div>
      </div>
      {general.length > 0 || report.refused.length > 0 ? (
        <ul className="warnings-list" aria-label="General warnings">
          {report.refused.map((p, i) => (
            <li key={`r${i}`}>
              <span className="badge protected">refused</span> {p.message}
            </li>
          ))}
          {general.map((w, i) => (
            <li key={i}>
              <span className="badge warning">{w.code}</span> {w.message} {w.file ? <code className="muted">{w.file}</code> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="review-layout" style={{ padding: 12, borderTop: '1px solid var(--border-muted)' }}>
        <div className="card tree-panel">
          <TreeTools filter={filter} search={search} onFilter={setFilter} onSearch={setSearch} />
          <VersionTree
            rows={rows}
            selected={selected}
            onSelect={setSelected}
            onToggle={(id) =>
              setCollapsed((c) => {
                const next = { ...c };
                if (next[id]) delete next[id];
                else next[id] = true;
                return next;
              })
            }
            label="Report versions"
          />
          {rows.length === 0 ? <NoMatch search={search} filter={filter} /> : null}
        </div>
        <div className="card detail-panel">
          {found && selected ? (
            <>
              <VersionHeader
                versionId={selected}
                path={null}
                status={statuses.get(selected)}
                versionDecisions={found.version.decisions.filter((d) => d.path === '').map((d) => d.decision)}
                versionPrompts={found.version.prompts.filter((p) => p.path === '').map((p) => p.prompt)}
                answers={null}
              />
              {found.version.warnings.length > 0 ? (
                <ul className="warnings-list" aria-label="Warnings of this version">
                  {found.version.warnings.map((w, i) => (
                    <li key={i}>
                      <span className="badge warning">{w.code}</span> {w.message}
                    </li>
                  ))}
                </ul>
              ) : null}
              <VersionTable rows={tableRows} />
            </>
          ) : (
            <div className="empty-hero" style={{ flex: 1 }}>
              <h2>Select a version</h2>
              <p>The report holds each decision with its values and reason, and each prompt with its answer.</p>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

export function ReportsScreen() {
  const s = useAppStoreShallow((st) => ({ analysis: st.analysis, format: st.exportFormat, viewed: st.viewedReport, error: st.reportError, job: st.job }));
  const actions = useActions();
  const [busy, setBusy] = useState(false);

  return (
    <section className="screen" aria-labelledby="reports-title">
      <div className="screen-header">
        <div>
          <h1 id="reports-title">Reports</h1>
          <p className="lede">Export this merge's report, or open a saved JSON report to review a merge someone else did.</p>
        </div>
      </div>
      <div className="card">
        <div className="card-body report-tools">
          <div className="field">
            <label htmlFor="report-format">Format</label>
            <select id="report-format" className="input" value={s.format} onChange={(e) => actions.setExportFormat(e.target.value as 'html' | 'json')}>
              <option value="html">HTML (one self-contained file)</option>
              <option value="json">JSON (carryover-report/1)</option>
            </select>
          </div>
          <button
            type="button"
            className="btn primary"
            disabled={!s.analysis || busy || s.job !== null}
            onClick={() => {
              setBusy(true);
              void actions.exportReport().then((file) => {
                setBusy(false);
                if (file) downloadText(file.fileName, file.text, s.format === 'html' ? 'text/html' : 'application/json');
              });
            }}
          >
            {busy ? <span className="spinner" aria-hidden="true" /> : null}
            Export report
          </button>
          <span className="muted" style={{ alignSelf: 'center' }}>
            {s.analysis ? 'With the answers given so far.' : 'Analyze first to export a report.'}
          </span>
          <span style={{ flex: 1 }} />
          <button
            type="button"
            className="btn"
            onClick={() => void chooseTextFile('.json,application/json').then((file) => file && actions.openReportText(file.text, file.name))}
          >
            Open saved report…
          </button>
        </div>
      </div>
      {s.error ? (
        <div className="card" role="alert">
          <div className="banner error" style={{ border: 0 }}>
            <div className="banner-body">{s.error.message}</div>
          </div>
          {s.error.problems?.length ? <ProblemList problems={s.error.problems} label="Report problems" /> : null}
        </div>
      ) : null}
      {s.viewed ? (
        <ReportViewer title={s.viewed.title} report={s.viewed.report} onClose={actions.closeReport} />
      ) : (
        <div className="card empty-hero">
          <h2>No report open</h2>
          <p>Open a saved JSON report (read-only), or commit a merge and choose Open report.</p>
        </div>
      )}
    </section>
  );
}
