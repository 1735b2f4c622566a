import { useState, type KeyboardEvent } from 'react';
import { VirtualList } from '../../components/VirtualList.js';
import type { TreeRow, VersionStatus } from '../../store/selectors.js';

const ROW_HEIGHT = 28;

export function StatusBadges({ status }: { status: VersionStatus }) {
  return (
    <span className="badges">
      {status.prompts > 0 ? (
        status.unanswered > 0 ? (
          <span className="badge prompt" title={`${status.unanswered} of ${status.prompts} prompts unanswered`}>
            {status.unanswered} prompt{status.unanswered === 1 ? '' : 's'}
          </span>
        ) : (
          <span className="badge answered" title="Every prompt answered">
            answered
          </span>
        )
      ) : null}
      {status.phantom ? <span className="badge phantom">phantom/redundant</span> : null}
      {status.warnings > 0 ? <span className="badge warning">{status.warnings} warning{status.warnings === 1 ? '' : 's'}</span> : null}
      {status.automatic && !status.phantom ? <span className="badge automatic">automatic</span> : null}
    </span>
  );
}

export interface VersionTreeProps {
  rows: readonly TreeRow[];
  selected: string | null;
  onSelect: (versionId: string) => void;
  onToggle: (nodeId: string) => void;
  label: string;
}

/** The tree of Forms, Global objects and Explorer → objects → versions, windowed, keyboard-driven. */
export function VersionTree({ rows, selected, onSelect, onToggle, label }: VersionTreeProps) {
  const [active, setActive] = useState<string | null>(null);
  const activeIndex = Math.max(
    0,
    rows.findIndex((r) => r.id === (active ?? selected)),
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (rows.length === 0) return;
    const row = rows[activeIndex];
    const move = (index: number): void => {
      const target = rows[Math.max(0, Math.min(rows.length - 1, index))];
      if (!target) return;
      setActive(target.id);
      if (target.kind === 'version') onSelect(target.id);
    };
    switch (e.key) {
      case 'ArrowDown':
        move(activeIndex + 1);
        break;
      case 'ArrowUp':
        move(activeIndex - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(rows.length - 1);
        break;
      case 'PageDown':
        move(activeIndex + 15);
        break;
      case 'PageUp':
        move(activeIndex - 15);
        break;
      case 'ArrowRight':
        if (row && row.kind !== 'version' && row.collapsed) onToggle(row.id);
        else move(activeIndex + 1);
        break;
      case 'ArrowLeft':
        if (row && row.kind !== 'version' && !row.collapsed) onToggle(row.id);
        break;
      case 'Enter':
      case ' ':
        if (row?.kind === 'version') onSelect(row.id);
        else if (row) onToggle(row.id);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const domId = (i: number): string => `tree-row-${i}`;

  return (
    <VirtualList
      count={rows.length}
      rowHeight={ROW_HEIGHT}
      role="tree"
      aria-label={label}
      aria-activedescendant={rows.length > 0 ? domId(activeIndex) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      scrollToIndex={activeIndex}
      renderRow={(i, style) => {
        const row = rows[i];
        if (!row) return null;
        const isActive = i === activeIndex;
        if (row.kind === 'version') {
          return (
            <div
              key={row.id}
              id={domId(i)}
              role="treeitem"
              aria-level={3}
              aria-selected={row.id === selected}
              className={`tree-row${isActive ? ' active' : ''}`}
              style={{ ...style, paddingLeft: 40 }}
              onClick={() => {
                setActive(row.id);
                onSelect(row.id);
              }}
              title={row.id}
            >
              <span className="name">{row.label}</span>
              <StatusBadges status={row.status} />
            </div>
          );
        }
        const level = row.kind === 'group' ? 1 : 2;
        return (
          <div
            key={row.id}
            id={domId(i)}
            role="treeitem"
            aria-level={level}
            aria-expanded={!row.collapsed}
            aria-selected={false}
            className={`tree-row ${row.kind}${isActive ? ' active' : ''}`}
            style={{ ...style, paddingLeft: level === 1 ? 6 : 20 }}
            onClick={() => {
              setActive(row.id);
              onToggle(row.id);
            }}
          >
            <span className="twisty" aria-hidden="true">
              {row.collapsed ? '▶' : '▼'}
            </span>
            <span className="name">{row.kind === 'group' ? row.title : row.name}</span>
            <span className="count">{row.count}</span>
          </div>
        );
      }}
    />
  );
}
