import { useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent } from 'react';
import { VirtualList } from '../../components/VirtualList.js';
import { answerLabel } from '../../store/selectors.js';
import { changedRows, formatCell, formatTitle, type Cell, type VersionRow } from './versionRows.js';

const ROW_HEIGHT = 28;

function ValueCell({ c, changed, side }: { c: Cell; changed: boolean; side: 'customized' | 'source' | 'result' | 'base' }) {
  const cls = !c.present ? ' absent' : changed ? ` changed-${side}` : '';
  return (
    <div role="cell" className={`value${cls}`} title={formatTitle(c)}>
      {formatCell(c)}
    </div>
  );
}

export function ActionTag({ action }: { action: string }) {
  return <span className={`action ${action}`}>{action}</span>;
}

/**
 * The version's table: Customized, Target base, Source base and Result per attribute, with the
 * decision and its reason (or the prompt and its answer) on each row; differences highlighted.
 */
function FullValue({ title, c }: { title: string; c: Cell }) {
  return (
    <div className="full-value">
      <div className="full-value-title">{title}</div>
      <pre className={c.present ? '' : 'absent'}>{formatTitle(c)}</pre>
    </div>
  );
}

/** The selected row in full: multi-line values and the whole reason. */
function RowDetail({ row }: { row: VersionRow }) {
  return (
    <div className="row-detail" aria-label={`Details of ${row.path}`}>
      <div className="row-detail-head">
        <code>{row.path}</code>
        {row.decision ? <ActionTag action={row.decision.action} /> : null}
        {row.decision ? <span>{row.decision.reason}</span> : null}
        {row.prompt ? (
          <span>
            <span className="action prompt">prompt</span> {answerLabel(row.prompt.answer)}
          </span>
        ) : null}
      </div>
      <div className="row-detail-values">
        <FullValue title="Customized" c={row.customized} />
        <FullValue title="Target base" c={row.targetBase} />
        <FullValue title="Source base" c={row.sourceBase} />
        <FullValue title="Result" c={row.result} />
      </div>
    </div>
  );
}

const COLUMNS = ['Attribute', 'Customized', 'Target base', 'Source base', 'Result'] as const;
/** Narrowest a resized column gets, in pixels. */
const MIN_COLUMN = 60;

/**
 * Column widths the user dragged (or set with the arrow keys on a column's separator), as a
 * grid template; null until a column is resized (the stylesheet's proportions apply).
 */
function useColumnWidths() {
  const head = useRef<HTMLDivElement>(null);
  const [widths, setWidths] = useState<number[] | null>(null);
  const current = (): number[] => widths ?? [...(head.current?.children ?? [])].slice(0, COLUMNS.length).map((c) => c.getBoundingClientRect().width);
  const resize = (index: number, width: number, from: number[]): void => {
    const next = [...from];
    next[index] = Math.max(MIN_COLUMN, Math.round(width));
    setWidths(next);
  };
  const handle = (index: number) => ({
    onPointerDown: (e: PointerEvent<HTMLElement>) => {
      const from = current();
      const startX = e.clientX;
      const startWidth = from[index] ?? 100;
      const target = e.currentTarget;
      target.setPointerCapture(e.pointerId);
      const move = (m: globalThis.PointerEvent): void => resize(index, startWidth + m.clientX - startX, from);
      const up = (): void => {
        target.removeEventListener('pointermove', move);
        target.removeEventListener('pointerup', up);
      };
      target.addEventListener('pointermove', move);
      target.addEventListener('pointerup', up);
      e.preventDefault();
    },
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const from = current();
      resize(index, (from[index] ?? 100) + (e.key === 'ArrowRight' ? 24 : -24), from);
      e.preventDefault();
    },
  });
  const template = widths ? `${widths.map((w) => `${w}px`).join(' ')} minmax(160px, 1fr)` : undefined;
  return { head, handle, template };
}

/**
 * The version's table: Customized, Target base, Source base and Result per attribute, with the
 * decision and its reason (or the prompt and its answer) on each row; differences highlighted.
 * "Changes only" (the default) hides rows where all four values are equal; next / previous
 * change move the selection. Arrow keys move the selection; the selected row is shown in full
 * below. Columns resize by dragging their edge.
 */
export function VersionTable({ rows: allRows, onOpenPrompt }: { rows: readonly VersionRow[]; onOpenPrompt?: (promptId: string) => void }) {
  const [selectedPath, setSelectedPath] = useState<string | null>(null);
  const [changesOnly, setChangesOnly] = useState(true);
  const { head, handle, template } = useColumnWidths();
  const rows = changesOnly ? changedRows(allRows) : allRows;
  const selectedIndex = rows.findIndex((r) => r.path === selectedPath);
  const selected = selectedIndex >= 0 ? rows[selectedIndex] : undefined;
  const isChange = (r: VersionRow | undefined): boolean => r !== undefined && !r.section && (!r.same || (r.prompt !== null && !r.prompt.inherited));
  const changeCount = allRows.filter(isChange).length;
  const stepChange = (delta: 1 | -1): void => {
    for (let i = selectedIndex < 0 ? (delta === 1 ? 0 : rows.length - 1) : selectedIndex + delta; i >= 0 && i < rows.length; i += delta) {
      if (isChange(rows[i])) {
        setSelectedPath(rows[i]?.path ?? null);
        return;
      }
    }
  };
  return (
    <>
      <div className="table-tools" role="toolbar" aria-label="Table">
        <label className="check">
          <input type="checkbox" checked={changesOnly} onChange={(e) => setChangesOnly(e.target.checked)} /> Changes only
        </label>
        <span className="muted" aria-live="polite">
          {changeCount === 1 ? '1 change' : `${changeCount} changes`} of {allRows.filter((r) => !r.section).length} values
          {changesOnly && allRows.length > rows.length ? ` · ${allRows.length - rows.length} equal rows hidden` : ''}
        </span>
        <span className="spacer" />
        <button type="button" className="btn small" onClick={() => stepChange(-1)} disabled={changeCount === 0}>
          Previous change
        </button>
        <button type="button" className="btn small" onClick={() => stepChange(1)} disabled={changeCount === 0}>
          Next change
        </button>
      </div>
      <div className="grid" role="table" aria-label="Version details" aria-rowcount={rows.length + 1} style={template ? ({ '--grid-cols': template } as CSSProperties) : undefined}>
        <div role="rowgroup">
          <div className="grid-head" role="row" aria-rowindex={1} ref={head}>
            {COLUMNS.map((name, i) => (
              <div role="columnheader" key={name} aria-label={name}>
                {name}
                <span className="col-resize" role="separator" aria-orientation="vertical" aria-label={`Resize ${name}`} tabIndex={0} {...handle(i)} />
              </div>
            ))}
            <div role="columnheader">Decision</div>
          </div>
        </div>
        <VirtualList
          count={rows.length}
          rowHeight={ROW_HEIGHT}
          role="rowgroup"
          tabIndex={0}
          aria-label="Values"
          aria-activedescendant={selectedIndex >= 0 ? `value-row-${selectedIndex}` : undefined}
          scrollToIndex={selectedIndex}
          onKeyDown={(e) => {
            if (rows.length === 0) return;
            const move = (i: number) => setSelectedPath(rows[Math.max(0, Math.min(rows.length - 1, i))]?.path ?? null);
            if (e.key === 'ArrowDown') move(selectedIndex + 1);
            else if (e.key === 'ArrowUp') move(selectedIndex - 1);
            else if (e.key === 'Home') move(0);
            else if (e.key === 'End') move(rows.length - 1);
            else if (e.key === 'Enter' && selected?.prompt && !selected.prompt.inherited && onOpenPrompt) onOpenPrompt(selected.prompt.id);
            else return;
            e.preventDefault();
          }}
          renderRow={(i, style) => {
            const row = rows[i];
            if (!row) return null;
            const promptId = row.prompt && !row.prompt.inherited ? row.prompt.id : null;
            const open = promptId && onOpenPrompt ? () => onOpenPrompt(promptId) : undefined;
            return (
              <div
                key={row.path}
                id={`value-row-${i}`}
                role="row"
                aria-rowindex={i + 2}
                aria-selected={row.path === selectedPath}
                className={`grid-row${row.section ? ' section' : ''}${promptId ? ' has-prompt' : ''}`}
                style={style}
                onClick={() => setSelectedPath(row.path)}
              >              <div role="rowheader" className="path" style={{ paddingLeft: 8 + row.depth * 14 }} title={row.path}>
                  {row.label}
                </div>
                {row.section && row.depth === 0 ? (
                  <>
                    <div role="cell" />
                    <div role="cell" />
                    <div role="cell" />
                    <div role="cell" />
                  </>
                ) : (
                  <>
                    <ValueCell c={row.customized} changed={row.changed.customized} side="customized" />
                    <ValueCell c={row.targetBase} changed={false} side="base" />
                    <ValueCell c={row.sourceBase} changed={row.changed.sourceBase} side="source" />
                    <ValueCell c={row.result} changed={row.changed.result} side="result" />
                  </>
                )}
                <div role="cell" className="decision">
                  {row.prompt && !row.prompt.inherited ? (
                    <>
                      <span className="action prompt">prompt</span>
                      <span className="reason">{answerLabel(row.prompt.answer)}</span>
                      {open ? (
                        <button
                          type="button"
                          className="btn small"
                          onClick={(e) => {
                            e.stopPropagation();
                            open();
                          }}
                          aria-label={`Go to the prompt ${row.prompt.id}`}
                        >
                          Go to prompt
                        </button>
                      ) : null}
                    </>
                  ) : row.decision ? (
                    <>
                      <ActionTag action={row.decision.action} />
                      <span className="reason" title={row.decision.reason}>
                        {row.decision.inherited ? `(component) ${row.decision.reason}` : row.decision.reason}
                      </span>
                    </>
                  ) : row.section ? null : (
                    <span className="reason muted" title="No decision recorded for this value">—</span>
                  )}
                </div>
              </div>
            );
          }}
        />
      </div>
      {selected ? <RowDetail row={selected} /> : null}
    </>
  );
}
