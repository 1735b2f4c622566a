import { useEffect, useRef, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { useScrollWindow } from './useScrollWindow.js';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Renders row `index`; the row must use `style` (absolute position). */
  renderRow: (index: number, style: CSSProperties) => ReactNode;
  /** Keeps this row in view when it changes (keyboard navigation). */
  scrollToIndex?: number | null;
  overscan?: number;
  className?: string;
  role?: string;
  'aria-label'?: string;
  'aria-activedescendant'?: string;
  'aria-rowcount'?: number;
  tabIndex?: number;
  onKeyDown?: (event: KeyboardEvent<HTMLDivElement>) => void;
}

/**
 * A fixed-row-height windowed list: only the rows in view (plus a few) are in the DOM, so trees
 * and tables of tens of thousands of rows stay fast.
 */
export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, renderRow, scrollToIndex, overscan = 8 } = props;
  const ref = useRef<HTMLDivElement>(null);
  const { first, last, onScroll } = useScrollWindow(ref, count, rowHeight, overscan);

  useEffect(() => {
    const element = ref.current;
    if (!element || scrollToIndex === null || scrollToIndex === undefined || scrollToIndex < 0) return;
    const top = scrollToIndex * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + element.clientHeight) element.scrollTop = top + rowHeight - element.clientHeight;
  }, [scrollToIndex, rowHeight]);

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) rows.push(renderRow(i, { top: i * rowHeight, height: rowHeight }));

  return (
    <div
      ref={ref}
      className={`virtual ${props.className ?? ''}`}
      role={props.role}
      aria-label={props['aria-label']}
      aria-activedescendant={props['aria-activedescendant']}
      aria-rowcount={props['aria-rowcount']}
      tabIndex={props.tabIndex}
      onKeyDown={props.onKeyDown}
      onScroll={onScroll}
    >
      <div className="virtual-inner" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
