import { useMemo } from 'react';
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
      <div className="pane-body">
        {value === null ? (
          <div className="absent-value">{absentText}</div>
        ) : (
          <pre className="code">
            {lines.map((line, i) => (
              <span key={i} className={`line${changed.has(i) ? ' changed' : ''}`}>
                {line}
              </span>
            ))}
          </pre>
        )}
      </div>
    </div>
  );
}
