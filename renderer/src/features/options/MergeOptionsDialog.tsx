import { useEffect, useRef, useState } from 'react';
import type { AttributeRule } from '../../../../core/options.js';
import type { RuleTable } from '../../store/optionsSlice.js';
import { useActions, useAppStore } from '../../store/useAppStore.js';

const RULES: { rule: AttributeRule; label: string }[] = [
  { rule: 'keep', label: 'Keep' },
  { rule: 'prompt', label: 'Prompt' },
  { rule: 'replace', label: 'Replace' },
];

function RuleRow({ table, attribute, rule, refused }: { table: RuleTable; attribute: string; rule: AttributeRule; refused: boolean }) {
  const actions = useActions();
  const name = `${table}-${attribute}`;
  return (
    <tr>
      <td className="attr">{attribute === '*' ? '* (any other)' : attribute}</td>
      <td>
        <div className="segmented" role="radiogroup" aria-label={`Rule for ${attribute === '*' ? 'any other attribute' : attribute}`}>
          {RULES.map(({ rule: r, label }) => (
            <label key={r} className={`rule-${r}`}>
              <input type="radio" name={name} checked={rule === r} onChange={() => actions.setRule(table, attribute, r)} />
              {label}
            </label>
          ))}
        </div>
        {refused ? <span className="badge protected" style={{ marginLeft: 6 }}>Refused</span> : null}
      </td>
      <td style={{ width: 32 }}>
        {attribute === '*' ? null : (
          <button type="button" className="btn small" aria-label={`Remove the rule for ${attribute}`} onClick={() => actions.removeRule(table, attribute)}>
            ×
          </button>
        )}
      </td>
    </tr>
  );
}

function RuleTableView({ table, title }: { table: RuleTable; title: string }) {
  const rules = useAppStore((s) => s.options.merge[table]);
  const refused = useAppStore((s) => s.refused);
  const actions = useActions();
  const [adding, setAdding] = useState('');
  const names = Object.keys(rules).sort((a, b) => (a === '*' ? -1 : b === '*' ? 1 : a.localeCompare(b)));
  const valid = /^[A-Za-z0-9_][A-Za-z0-9_.$-]{0,127}$/.test(adding) && !Object.hasOwn(rules, adding);
  return (
    <section aria-label={title}>
      <h3 style={{ margin: '0 0 6px', fontSize: 13 }}>{title}</h3>
      <table className="rules">
        <thead>
          <tr>
            <th>Attribute</th>
            <th>When both sides changed it</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {names.map((attribute) => (
            <RuleRow
              key={attribute}
              table={table}
              attribute={attribute}
              rule={rules[attribute] ?? 'prompt'}
              refused={refused.some((p) => p.pointer === `/merge/${table}/${attribute}`)}
            />
          ))}
        </tbody>
      </table>
      <form
        className="add-rule"
        onSubmit={(e) => {
          e.preventDefault();
          if (!valid) return;
          actions.setRule(table, adding, 'keep');
          setAdding('');
        }}
      >
        <input
          className="input mono"
          aria-label={`New ${title.toLowerCase()} rule`}
          placeholder="attribute name"
          value={adding}
          onChange={(e) => setAdding(e.target.value)}
        />
        <button type="submit" className="btn" disabled={!valid}>
          Add rule
        </button>
      </form>
    </section>
  );
}

/** The per-attribute table of docs/app.md ("The flow"): Keep / Prompt / Replace per attribute. */
export function MergeOptionsDialog() {
  const open = useAppStore((s) => s.mergeOptionsOpen);
  const actions = useActions();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} className="modal" aria-labelledby="merge-options-title" onClose={() => actions.setMergeOptionsOpen(false)}>
      {open ? (
        <>
          <div className="modal-header">
            <h2 id="merge-options-title">Merge options</h2>
            <span className="muted">What to do with an attribute both the customizer and the vendor changed.</span>
          </div>
          <div className="modal-body">
            <div className="rules-grid">
              <RuleTableView table="componentAttributes" title="Component attributes" />
              <RuleTableView table="formAttributes" title="Form attributes" />
            </div>
          </div>
          <div className="modal-footer">
            <button type="button" className="btn" onClick={() => actions.restoreDefaultRules()} style={{ marginRight: 'auto' }}>
              Restore defaults
            </button>
            <button type="button" className="btn primary" onClick={() => actions.setMergeOptionsOpen(false)}>
              Done
            </button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}
