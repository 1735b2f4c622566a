import { useMemo, useRef, type ReactNode } from 'react';
import { useScrollWindow } from '../../components/useScrollWindow.js';
import type { Json } from '../../../../core/json.js';
import { sideChanges } from '../scriptMerge/mergeModel.js';
import { splitLines } from '../../../../core/textMerge/index.js';

const CLASS: Record<'Customized' | 'Target base' | 'Source base' | 'Result', string> = {
  Customized: 'customized',
  'Target base': 'target-base',
  'Source base': 'source-base',
  Result: 'result',
};

/** Lines of a value as shown: a string's own lines, anything else as indented JSON. */
function linesOf(value: Json | null): string[] {
  if (value === null) return [];
  const text = typeof value === 'string' ? value.replace(/\r\n/g, '\n') : JSON.stringify(value, null, 2);
  return splitLines(text).map((l) => l.replace(/\n$/, ''));
}

/** `.code`'s line height and vertical padding (styles.css), in pixels. */
const LINE_HEIGHT = 18;
const CODE_PADDING = 6;
/** Lines rendered above and below the ones in view. */
const OVERSCAN = 30;

/**
 * The lines of a value, windowed: only those in view (plus a margin) are in the DOM, so a
 * 20,000-line script costs a hundred nodes, not 20,000 to lay out and, on *Edit*, to remove.
 * The padding of the block stands for the lines left out, so the scrollbar is the full text's,
 * and its minimum width is the longest line's.
 */
function CodeLines({ lines, changed }: { lines: readonly string[]; changed: ReadonlySet<number> }) {
  const ref = useRef<HTMLDivElement>(null);
  const { first, last, onScroll } = useScrollWindow(ref, lines.length, LINE_HEIGHT, OVERSCAN, CODE_PADDING);
  const longest = useMemo(() => lines.reduce((max, line) => Math.max(max, line.length), 0), [lines]);
  const shown: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    shown.push(
      <span key={i} className={`line${changed.has(i) ? ' changed' : ''}`}>
        {lines[i]}
      </span>,
    );
  }
  return (
    <div className="pane-body" ref={ref} onScroll={onScroll}>
      <pre
        className="code"
        style={{
          paddingTop: CODE_PADDING + first * LINE_HEIGHT,
          paddingBottom: CODE_PADDING + (lines.length - last) * LINE_HEIGHT,
          counterReset: `line ${first}`,
          minWidth: `calc(${longest}ch + 58px)`,
        }}
      >
        {shown}
      </pre>
    </div>
  );
}

/**
 * One value of a prompt, in a named pane (region "Customized", "Target base", "Source base"),
 * with the lines that differ from the target base highlighted.
 */
export function ValuePane({
  title,
  value,
  base,
  absentText,
}: {
  title: 'Customized' | 'Target base' | 'Source base' | 'Result';
  value: Json | null;
  /** The target base, to highlight what this side changed; omitted for the base itself. */
  base?: Json | null;
  absentText: string;
}) {
  const lines = useMemo(() => linesOf(value), [value]);
  const changed = useMemo(() => {
    const set = new Set<number>();
    if (base === undefined || value === null) return set;
    for (const c of sideChanges(linesOf(base), lines)) for (let i = 0; i < c.count; i++) set.add(c.start + i);
    return set;
  }, [base, value, lines]);
  return (
    <div className={`pane ${CLASS[title]}`} role="region" aria-label={title}>
      <div className="pane-title">
        {title}
        {base !== undefined && changed.size > 0 ? <span className="muted">· {changed.size} changed line{changed.size === 1 ? '' : 's'}</span> : null}
      </div>
      {value === null ? (
        <div className="pane-body">
          <div className="absent-value">{absentText}</div>
        </div>
      ) : (
        <CodeLines lines={lines} changed={changed} />
      )}
    </div>
  );
}
