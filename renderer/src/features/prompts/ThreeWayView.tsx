import { useMemo, useRef, type ReactNode } from 'react';
import type { Json } from '../../../../core/json.js';
import { useScrollWindow } from '../../components/useScrollWindow.js';
import { alignThreeWay, type AlignedCell, type AlignedRow } from '../../../../core/report/alignThreeWay.js';

type Side = 'customized' | 'targetBase' | 'sourceBase';

const SIDES: readonly { side: Side; title: 'Customized' | 'Target base' | 'Source base'; className: string }[] = [
  { side: 'customized', title: 'Customized', className: 'customized' },
  { side: 'targetBase', title: 'Target base', className: 'target-base' },
  { side: 'sourceBase', title: 'Source base', className: 'source-base' },
];

/** Up to this many rows, every row is laid out and long lines wrap; beyond, rows are windowed (one line high, no wrap). */
const WRAP_LIMIT = 1500;
/** `.tw-row` height in the windowed layout, in pixels (styles.css). */
const ROW_HEIGHT = 18;
const OVERSCAN = 40;
/** The sticky pane titles' height, in pixels (styles.css `.tw-head`). */
const HEAD_HEIGHT = 30;

function LineText({ cell }: { cell: AlignedCell }): ReactNode {
  if (cell.words.length === 0) return cell.text === '' ? '\u200b' : cell.text;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of cell.words) {
    if (start > at) parts.push(cell.text.slice(at, start));
    parts.push(
      <mark key={start} className="word">
        {cell.text.slice(start, end)}
      </mark>,
    );
    at = end;
  }
  if (at < cell.text.length) parts.push(cell.text.slice(at));
  return parts;
}

function Cells({ rows, side, first }: { rows: readonly AlignedRow[]; side: Side; first: number }) {
  const out: ReactNode[] = [];
  rows.forEach((row, i) => {
    const cell = row[side];
    const gridRow = first + i + 2;
    if (!cell) {
      out.push(<span key={`g${i}`} className="tw-gap" style={{ gridRow, gridColumn: '1 / span 2' }} aria-hidden="true" />);
      return;
    }
    out.push(
      <span key={`n${i}`} className={`tw-ln${cell.changed ? ' changed' : ''}`} style={{ gridRow }} aria-hidden="true">
        {cell.line + 1}
      </span>,
      <span key={`t${i}`} className={`tw-text${cell.changed ? ' changed' : ''}`} style={{ gridRow }}>
        <LineText cell={cell} />
      </span>,
    );
  });
  return out;
}

/**
 * The three values of a prompt side by side and aligned line by line: gap lines where a side has
 * none, the lines each side changed against the target base marked, and inside them the words
 * that differ. Each side is a region named after it ("Customized", "Target base", "Source base").
 * Long lines wrap; a very long value (a 20,000-line script) is windowed instead, one line a row.
 */
export function ThreeWayView({
  customized,
  targetBase,
  sourceBase,
  absentText,
}: {
  customized: Json | null;
  targetBase: Json | null;
  sourceBase: Json | null;
  absentText: Record<Side, string>;
}) {
  const alignment = useMemo(() => alignThreeWay(customized, targetBase, sourceBase), [customized, targetBase, sourceBase]);
  const { rows } = alignment;
  const windowed = rows.length > WRAP_LIMIT;
  const ref = useRef<HTMLDivElement>(null);
  const { first, last, onScroll } = useScrollWindow(ref, rows.length, ROW_HEIGHT, OVERSCAN, HEAD_HEIGHT);
  const from = windowed ? first : 0;
  const to = windowed ? last : rows.length;
  const shown = rows.slice(from, to);
  const values: Record<Side, Json | null> = { customized, targetBase, sourceBase };
  const changedCount: Record<Side, number | null> = { customized: alignment.changedCustomized, targetBase: null, sourceBase: alignment.changedSourceBase };
  return (
    <div className={`threeway${windowed ? ' windowed' : ''}`} ref={ref} onScroll={windowed ? onScroll : undefined}>
      <div
        className="tw-grid"
        style={{
          gridTemplateRows: `${HEAD_HEIGHT}px repeat(${rows.length}, ${windowed ? `${ROW_HEIGHT}px` : 'auto'})`,
        }}
      >
        {SIDES.map(({ side, title, className }, k) => {
          const changed = changedCount[side];
          return (
            <div key={side} className={`tw-side ${className}`} role="region" aria-label={title} style={{ gridColumn: `${2 * k + 1} / span 2`, gridRow: `1 / span ${rows.length + 1}` }}>
              <div className="tw-head" style={{ gridRow: 1, gridColumn: '1 / span 2' }}>
                <span className="tw-title">{title}</span>
                {values[side] === null ? <span className="muted">{absentText[side]}</span> : changed ? <span className="muted">· {changed} changed line{changed === 1 ? '' : 's'}</span> : null}
              </div>
              <Cells rows={shown} side={side} first={from} />
            </div>
          );
        })}
      </div>
    </div>
  );
}
