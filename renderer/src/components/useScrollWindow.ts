import { useLayoutEffect, useState, type RefObject, type UIEvent } from 'react';

/**
 * The rows of a fixed-row-height list that are in view in the scroll box `ref`, plus `overscan`
 * rows above and below: `first` (included) to `last` (excluded). `offset` is the space above the
 * first row inside the box. Pass `onScroll` to the box.
 */
export function useScrollWindow(
  ref: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
  offset = 0,
): { first: number; last: number; onScroll: (event: UIEvent<HTMLElement>) => void } {
  const [view, setView] = useState({ top: 0, height: 600 });
  const measure = (element: HTMLElement): void => setView({ top: element.scrollTop, height: element.clientHeight || 600 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    measure(element);
    const observer = new ResizeObserver(() => measure(element));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return {
    first: Math.min(count, Math.max(0, Math.floor((view.top - offset) / rowHeight) - overscan)),
    last: Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + overscan),
    onScroll: (event) => measure(event.currentTarget),
  };
}
