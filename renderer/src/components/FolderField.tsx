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
      {props.help ? <span className="help">{props.help}</span> : null}
    </div>
  );
}
