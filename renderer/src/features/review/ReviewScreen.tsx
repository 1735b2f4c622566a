import { useEffect, useMemo } from 'react';
import type { ReportKindGroup } from '../../../../core/report/groupReport.js';
import { answerLabel, groupFindings, reviewCounts, treeRows, versionOf, versionStatuses, type VersionStatus } from '../../store/selectors.js';
import type { StatusFilter } from '../../store/reviewSlice.js';
import { useActions, useAppStore, useAppStoreShallow } from '../../store/useAppStore.js';
import { selectWarnings } from '../../store/warningsSlice.js';
import { ActionTag, VersionTable } from './VersionTable.js';
import { StatusBadges, VersionTree } from './VersionTree.js';
import { versionRows, type VersionDocs } from './versionRows.js';
import type { Answer, Warning } from '../../../../core/analysis.js';

const FILTERS: { id: StatusFilter; label: string }[] = [
  { id: 'all', label: 'All versions' },
  { id: 'prompt', label: 'With prompts' },
  { id: 'automatic', label: 'Automatic' },
  { id: 'phantom', label: 'Phantom / redundant' },
  { id: 'warning', label: 'With warnings' },
];

export function CountsBar({
  counts,
  filter,
  onFilter,
}: {
  counts: ReturnType<typeof reviewCounts>;
  filter: StatusFilter;
  onFilter: (f: StatusFilter) => void;
}) {
  const chips: { id: StatusFilter; label: string; value: number }[] = [
    { id: 'all', label: 'versions', value: counts.versions },
    { id: 'automatic', label: 'automatic', value: counts.automatic },
    { id: 'prompt', label: 'with prompts', value: counts.prompts },
    { id: 'phantom', label: 'phantom / redundant', value: counts.phantom },
    { id: 'warning', label: 'warnings', value: counts.warnings },
  ];
  return (
    <div className="counts-bar" aria-label="Counts">
      {chips.map((c) => (
        <button key={c.id} type="button" className="count-chip" aria-pressed={filter === c.id} onClick={() => onFilter(c.id)}>
          <strong>{c.value}</strong> {c.label}
        </button>
      ))}
    </div>
  );
}

export function TreeTools({ filter, search, onFilter, onSearch }: { filter: StatusFilter; search: string; onFilter: (f: StatusFilter) => void; onSearch: (s: string) => void }) {
  return (
    <div className="tree-tools">
      <input className="input" type="search" aria-label="Search by name" placeholder="Search by name…" value={search} onChange={(e) => onSearch(e.target.value)} />
      <select className="input" aria-label="Filter by status" value={filter} onChange={(e) => onFilter(e.target.value as StatusFilter)}>
        {FILTERS.map((f) => (
          <option key={f.id} value={f.id}>
            {f.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Legend() {
  return (
    <div className="legend" aria-hidden="true">
      <span>
        <span className="swatch" style={{ background: 'var(--side-customized-soft)', outline: '1px solid var(--side-customized)' }} />
        customized (≠ target base)
      </span>
      <span>
        <span className="swatch" style={{ background: 'var(--side-source-soft)', outline: '1px solid var(--side-source)' }} />
        vendor change (≠ target base)
      </span>
      <span>
        <span className="swatch" style={{ background: '#fff8c5', outline: '1px solid #bf8700' }} />
        result ≠ customized
      </span>
    </div>
  );
}

/** What the tree says when the search and the filter leave no version. */
export function NoMatch({ search, filter }: { search: string; filter: StatusFilter }) {
  const needle = search.trim();
  return (
    <p className="tree-empty" role="status">
      {needle !== '' ? `No version matches “${needle}”` : 'No version'}
      {filter !== 'all' ? ` with the filter “${FILTERS.find((f) => f.id === filter)?.label ?? filter}”` : ''}.
    </p>
  );
}

/** The warnings of one version (their ids name the version or a path inside it). */
export function warningsOf(warnings: readonly Warning[], versionId: string): Warning[] {
  return warnings.filter((w) => w.id !== undefined && versionOf(w.id) === versionId);
}

/** The findings of one version (decisions and prompts with their paths), from the grouping. */
export function findingsOf(groups: readonly ReportKindGroup[], versionId: string | null) {
  if (!versionId) return null;
  for (const g of groups) for (const o of g.objects) for (const v of o.versions) if (v.id === versionId) return { object: o, version: v };
  return null;
}

export function VersionHeader({
  versionId,
  path,
  status,
  versionDecisions,
  versionPrompts,
  answers,
  onOpenPrompt,
  warnings = [],
}: {
  versionId: string;
  path: string | null;
  status: VersionStatus | undefined;
  versionDecisions: { action: string; reason: string }[];
  versionPrompts: { id: string; question: string; answer: Answer | null }[];
  answers: Record<string, Answer> | null;
  onOpenPrompt?: (id: string) => void;
  /** The version's warnings, shown in full beside its badge. */
  warnings?: readonly Pick<Warning, 'code' | 'message' | 'file'>[];
}) {
  return (
    <div className="detail-header">
      <div className="detail-title">
        <h2>{versionId}</h2>
        {status ? <StatusBadges status={status} /> : null}
        {path ? <span className="path">{path}</span> : null}
      </div>
      {versionDecisions.length > 0 || versionPrompts.length > 0 ? (
        <div className="version-decisions">
          {versionDecisions.map((d, i) => (
            <div className="version-decision" key={i}>
              <ActionTag action={d.action} />
              <span>{d.reason}</span>
            </div>
          ))}
          {versionPrompts.map((p) => (
            <div className="version-decision" key={p.id}>
              <span className="action prompt">prompt</span>
              <span>{p.question}</span>
              <span className="muted">— {answerLabel(answers ? answers[p.id] : p.answer)}</span>
              {onOpenPrompt ? (
                <button type="button" className="btn small" onClick={() => onOpenPrompt(p.id)}>
                  Go to prompt
                </button>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <div className="version-warnings" role="list" aria-label="Warnings">
          {warnings.map((w, i) => (
            <div className="version-warning" role="listitem" key={i}>
              <span className="badge warning">warning</span>
              <code>{w.code}</code>
              <span>{w.message}</span>
            </div>
          ))}
        </div>
      ) : null}
      <Legend />
    </div>
  );
}

export function ReviewScreen() {
  const { analysis, answers, filter, search, collapsed, selected, detail } = useAppStoreShallow((s) => ({
    analysis: s.analysis,
    answers: s.answers,
    filter: s.filter,
    search: s.search,
    collapsed: s.collapsed,
    selected: s.selectedVersion,
    detail: s.detail,
  }));
  const actions = useActions();
  // Warnings follow the answers: core's analysis with the answers so far (store/warningsSlice).
  const warnings = useAppStore(selectWarnings);
  useEffect(() => {
    void actions.refreshWarnings();
  }, [analysis, answers, actions]);
  const groups = useMemo(() => (analysis ? groupFindings({ ...analysis, warnings: [...warnings] }) : []), [analysis, warnings]);
  const statuses = useMemo(
    () => (analysis ? versionStatuses({ decisions: analysis.decisions, prompts: analysis.prompts, warnings }, answers) : new Map<string, VersionStatus>()),
    [analysis, answers, warnings],
  );
  const rows = useMemo(() => treeRows(groups, statuses, filter, search, collapsed), [groups, statuses, filter, search, collapsed]);
  const counts = useMemo(() => reviewCounts(statuses, warnings.length), [statuses, warnings]);
  const found = useMemo(() => findingsOf(groups, selected), [groups, selected]);
  const tableRows = useMemo(() => {
    if (!found) return [];
    const docs: VersionDocs =
      detail?.versionId === selected && detail.data
        ? {
            customized: detail.data.customized,
            targetBase: detail.data.targetBase,
            sourceBase: detail.data.sourceBase,
            // While the result is computed, the Result column shows what the decisions say.
            result: detail.result.status === 'ready' ? detail.result.value : undefined,
          }
        : { customized: null, targetBase: null, sourceBase: null, result: undefined };
    return versionRows(docs, found.version.decisions, found.version.prompts, answers);
  }, [found, detail, selected, answers]);
  const usedWarnings = warnings.filter((w) => w.id === undefined).length;

  if (!analysis) {
    return (
      <section className="screen" aria-labelledby="review-title">
        <div className="screen-header">
          <h1 id="review-title">Review</h1>
        </div>
        <div className="card empty-hero">
          <h2>Nothing to review yet</h2>
          <p>Analyze the configurations first.</p>
        </div>
      </section>
    );
  }

  return (
    <section className="screen fill" aria-labelledby="review-title">
      <div className="screen-header">
        <div>
          <h1 id="review-title">Review</h1>
          <p className="lede">Every version the merge touches, with its decisions. Select a version to see its values side by side.</p>
        </div>
        <div className="actions">
          <CountsBar counts={counts} filter={filter} onFilter={actions.setFilter} />
        </div>
      </div>
      {usedWarnings > 0 ? (
        <div className="banner warning">
          <div className="banner-body">
            {usedWarnings} warning{usedWarnings === 1 ? '' : 's'} about the configurations as a whole: see the report for details.
          </div>
        </div>
      ) : null}
      <div className="review-layout">
        <div className="card tree-panel">
          <TreeTools filter={filter} search={search} onFilter={actions.setFilter} onSearch={actions.setSearch} />
          <VersionTree rows={rows} selected={selected} onSelect={actions.selectVersion} onToggle={actions.toggleCollapsed} label="Versions" />
          {rows.length === 0 ? <NoMatch search={search} filter={filter} /> : null}
        </div>
        <div className="card detail-panel">
          {found && selected ? (
            <>
              <VersionHeader
                versionId={selected}
                path={detail?.versionId === selected ? (detail.data?.path ?? null) : null}
                status={statuses.get(selected)}
                versionDecisions={found.version.decisions.filter((d) => d.path === '').map((d) => d.decision)}
                versionPrompts={found.version.prompts.filter((p) => p.path === '').map((p) => p.prompt)}
                answers={answers}
                onOpenPrompt={actions.goToPrompt}
                warnings={warningsOf(warnings, selected)}
              />
              {detail?.versionId === selected && detail.status === 'ready' && detail.result.status === 'loading' ? (
                <div className="computing" role="status">
                  <span className="spinner" aria-hidden="true" /> Computing the result with your answers…
                </div>
              ) : null}
              {detail?.status === 'error' ? (
                <div className="banner error" style={{ margin: 12 }}>
                  <div className="banner-body">{detail.error?.message}</div>
                </div>
              ) : null}
              <VersionTable rows={tableRows} onOpenPrompt={actions.goToPrompt} />
            </>
          ) : (
            <div className="empty-hero" style={{ flex: 1 }}>
              <h2>Select a version</h2>
              <p>Use the tree on the left (arrow keys work too). Badges say what happened: automatic, prompts, phantom or redundant, warnings.</p>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
