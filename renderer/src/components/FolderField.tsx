import { useEffect, useId, useRef, useState } from 'react';

export interface FolderFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Desktop: a native dialog picks the folder; the field shows it read-only. */
  nativeDialogs: boolean;
  onBrowse: () => void;
  /** Web mode: folder names under the typed path. */
  complete: (partial: string) => Promise<{ dir: string; names: string[] }>;
  placeholder?: string;
  help?: string;
  onEnter?: () => void;
}

/** The folder above `dir` (with a trailing separator), or `dir` itself at a root. */
function parentOf(dir: string): string {
  const separator = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  const trimmed = dir.replace(/[\\/]+$/, '');
  const cut = trimmed.lastIndexOf(separator);
  return cut <= 0 ? separator : trimmed.slice(0, cut + 1);
}

/**
 * Web mode's Browse: the sub-folders of a folder (names only, through the same completion the
 * field uses, so nothing outside what it may list is shown), to open one, go up, or choose it.
 */
function BrowseList({ start, label, complete, onChoose, onClose }: { start: string; label: string; complete: FolderFieldProps['complete']; onChoose: (dir: string) => void; onClose: () => void }) {
  const [dir, setDir] = useState(() => (/[\\/]$/.test(start) ? start : parentOf(start)));
  const [listing, setListing] = useState<{ dir: string; names: string[] } | null>(null);
  useEffect(() => {
    let live = true;
    void complete(dir).then((result) => {
      if (live) setListing(result);
    });
    return () => {
      live = false;
    };
  }, [dir, complete]);
  return (
    <div className="browse-list" role="group" aria-label="Sub-folders to choose from" title={label}>
      <div className="browse-head">
        <button type="button" className="btn small" onClick={() => setDir(parentOf(dir))} aria-label="Up one folder">
          ↑ Up
        </button>
        <code className="browse-dir">{dir}</code>
        <span className="spacer" />
        <button type="button" className="btn small primary" onClick={() => onChoose(dir)}>
          Choose this folder
        </button>
        <button type="button" className="btn small" onClick={onClose}>
          Close
        </button>
      </div>
      {listing === null ? (
        <p className="muted browse-empty">Listing…</p>
      ) : listing.names.length === 0 ? (
        <p className="muted browse-empty">No sub-folders here.</p>
      ) : (
        <ul className="browse-items" aria-label="Sub-folders">
          {listing.names.map((name) => (
            <li key={name}>
              <button type="button" className="browse-item" onClick={() => setDir(join(listing.dir, name))}>
                <span className="folder-icon" aria-hidden="true">
                  ▸
                </span>
                {name}/
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function join(dir: string, name: string): string {
  const separator = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return (dir.endsWith(separator) ? dir : dir + separator) + name + separator;
}

/**
 * A folder field. In the desktop app a Browse… button opens the native dialog; in web mode the
 * field completes folder names as you type (a combobox with a listbox of folder names).
 */
export function FolderField(props: FolderFieldProps) {
  const id = useId();
  const listId = `${id}-list`;
  const [suggestions, setSuggestions] = useState<{ dir: string; names: string[] }>({ dir: '', names: [] });
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [browsing, setBrowsing] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const { complete } = props;

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const refresh = (value: string): void => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      void complete(value).then((result) => {
        setSuggestions(result);
        setActive(-1);
        setOpen(result.names.length > 0);
      });
    }, 120);
  };

  const accept = (name: string): void => {
    const value = join(suggestions.dir, name);
    props.onChange(value);
    refresh(value);
  };

  if (props.nativeDialogs) {
    return (
      <div className="field">
        <label htmlFor={id}>{props.label}</label>
        <div className="folder-row">
          <input id={id} className="input mono" value={props.value} readOnly placeholder={props.placeholder ?? 'No folder chosen'} />
          <button type="button" className="btn" aria-label="Browse…" onClick={props.onBrowse}>
            Browse…
          </button>
        </div>
        {props.help ? <span className="help">{props.help}</span> : null}
      </div>
    );
  }

  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <div className="folder-row">
      <div className="combo">
        <input
          id={id}
          className="input mono"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
          autoComplete="off"
          spellCheck={false}
          value={props.value}
          placeholder={props.placeholder ?? '/path/to/folder'}
          onChange={(e) => {
            props.onChange(e.target.value);
            refresh(e.target.value);
          }}
          onFocus={() => props.value && refresh(props.value)}
          onBlur={() => window.setTimeout(() => setOpen(false), 150)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && suggestions.names.length > 0) {
              e.preventDefault();
              setOpen(true);
              setActive((a) => Math.min(suggestions.names.length - 1, a + 1));
            } else if (e.key === 'ArrowUp' && open) {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if ((e.key === 'Enter' || e.key === 'Tab') && open && active >= 0) {
              e.preventDefault();
              const name = suggestions.names[active];
              if (name !== undefined) accept(name);
            } else if (e.key === 'Escape' && open) {
              e.preventDefault();
              setOpen(false);
            } else if (e.key === 'Enter') {
              setOpen(false);
              props.onEnter?.();
            }
          }}
        />
        {open ? (
          <ul className="completions" id={listId} role="listbox" aria-label="Folder suggestions">
            {suggestions.names.map((name, i) => (
              <li
                key={name}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(name);
                }}
              >
                <span className="folder-icon" aria-hidden="true">
                  ▸
                </span>
                {name}/
              </li>
            ))}
          </ul>
        ) : null}
      </div>
        <button type="button" className="btn" aria-expanded={browsing} onClick={() => setBrowsing((b) => !b)}>
          Browse…
        </button>
      </div>
      {browsing ? (
        <BrowseList
          start={props.value.trim() === '' ? '~/' : props.value}
          label={props.label}
          complete={complete}
          onChoose={(dir) => {
            props.onChange(dir);
            setBrowsing(false);
          }}
          onClose={() => setBrowsing(false)}
        />
      ) : null}
      {props.help ? <span className="help">{props.help}</span> : null}
    </div>
  );
}
