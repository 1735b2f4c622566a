import type { ReactNode } from 'react';
import { GLOBAL_TYPES } from '../../../../core/model.js';
import type { AttributeRule, Options } from '../../../../core/options.js';
import { chooseTextFile, downloadText } from '../../components/download.js';
import { ProblemList } from '../../components/ProblemList.js';
import type { OptionsTab } from '../../store/optionsSlice.js';
import { useActions, useAppStore, useAppStoreShallow } from '../../store/useAppStore.js';
import { MergeOptionsDialog } from './MergeOptionsDialog.js';

const TABS: { id: OptionsTab; label: string }[] = [
  { id: 'forms', label: 'Forms' },
  { id: 'globals', label: 'Global objects' },
  { id: 'explorer', label: 'Explorer' },
  { id: 'general', label: 'General' },
];

/** The dotted path of a refusal's JSON pointer: `/forms/mode` → `forms.mode`. */
function dotted(pointer: string): string {
  return pointer.split('/').slice(1).join('.');
}

function Refused({ path }: { path: string }) {
  const refused = useAppStore((s) => s.refused.some((p) => dotted(p.pointer) === path));
  return refused ? <span className="badge protected">Refused by the protected Target</span> : null;
}

function Check({ label, help, checked, onChange, path }: { label: string; help?: string; checked: boolean; onChange: (v: boolean) => void; path?: string }) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>
        {label} {path ? <Refused path={path} /> : null}
        {help ? <span className="help">{help}</span> : null}
      </span>
    </label>
  );
}

function Radios<T extends string>({
  legend,
  value,
  options,
  onChange,
  name,
  path,
}: {
  legend: string;
  value: T;
  options: { value: T; label: string; help?: string }[];
  onChange: (v: T) => void;
  name: string;
  path?: string;
}) {
  return (
    <fieldset className="radio-group">
      <legend>
        {legend} {path ? <Refused path={path} /> : null}
      </legend>
      {options.map((o) => (
        <label key={o.value} className="check">
          <input type="radio" name={name} checked={value === o.value} onChange={() => onChange(o.value)} />
          <span>
            {o.label}
            {o.help ? <span className="help">{o.help}</span> : null}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function RuleSelect({ label, value, onChange, path }: { label: string; value: AttributeRule; onChange: (v: AttributeRule) => void; path: string }) {
  const id = `rule-${path}`;
  return (
    <div className="field rule-select" style={{ flexDirection: 'row', alignItems: 'center', gap: 10 }}>
      <label htmlFor={id}>{label}</label>
      <select id={id} className="input" value={value} onChange={(e) => onChange(e.target.value as AttributeRule)}>
        <option value="keep">Keep the customization</option>
        <option value="prompt">Prompt</option>
        <option value="replace">Replace with the source base</option>
      </select>
      <Refused path={path} />
    </div>
  );
}

function FormsTab({ o, update }: { o: Options; update: (f: (d: Options) => void) => void }) {
  const actions = useActions();
  return (
    <div className="tab-panel two-col">
      <div className="col">
      <Radios
        legend="Customized forms"
        name="forms-mode"
        path="forms.mode"
        value={o.forms.mode}
        onChange={(v) => update((d) => void (d.forms.mode = v))}
        options={[
          { value: 'merge', label: 'Merge', help: 'Carry each customization over, attribute by attribute; ask where both sides changed.' },
          { value: 'leave', label: 'Leave as they are', help: 'Customized versions stay exactly as they are; base versions are still replaced.' },
          { value: 'remove', label: 'Remove customizations', help: 'Delete customized versions of processed forms.' },
          { value: 'skip', label: 'Skip forms', help: 'Forms are not processed at all.' },
        ]}
      />
      <Check
        label="Prompt before removal"
        help="Ask about each customized version before removing it."
        checked={o.forms.promptBeforeRemoval}
        onChange={(v) => update((d) => void (d.forms.promptBeforeRemoval = v))}
      />
      <div className="field">
        <label htmlFor="form-names">Only these forms</label>
        <input
          id="form-names"
          className="input mono"
          placeholder="All forms (e.g. Cust%, Orders)"
          value={o.forms.names.join(', ')}
          onChange={(e) =>
            update(
              (d) =>
                void (d.forms.names = e.target.value
                  .split(/[\s,]+/)
                  .map((n) => n.trim())
                  .filter((n) => n !== '')),
            )
          }
        />
        <span className="help">Names separated by commas; % is the only wildcard, case-insensitive. Empty means every form.</span>
      </div>
      </div>
      <div className="card">
        <div className="card-header">
          Merging <span className="muted">where both the customizer and the vendor changed something</span>
          <button type="button" className="btn small" style={{ marginLeft: 'auto' }} onClick={() => actions.setMergeOptionsOpen(true)}>
            Merge options
          </button>
        </div>
        <div className="card-body" style={{ display: 'grid', gap: 10 }}>
          <RuleSelect label="Form script" path="merge.script" value={o.merge.script} onChange={(v) => update((d) => void (d.merge.script = v))} />
          <RuleSelect
            label="Event handlers"
            path="merge.eventHandlers"
            value={o.merge.eventHandlers}
            onChange={(v) => update((d) => void (d.merge.eventHandlers = v))}
          />
          <RuleSelect label="Variables" path="merge.variables" value={o.merge.variables} onChange={(v) => update((d) => void (d.merge.variables = v))} />
          <Radios
            legend="Components the customizer added"
            name="non-matching"
            path="merge.nonMatchingComponents"
            value={o.merge.nonMatchingComponents}
            onChange={(v) => update((d) => void (d.merge.nonMatchingComponents = v))}
            options={[
              { value: 'keep', label: 'Keep them' },
              { value: 'remove', label: 'Remove them' },
            ]}
          />
          <Check
            label="Merge scripts line by line"
            help="Offer the three-way text merge of scripts and other text values."
            checked={o.merge.textMerge}
            onChange={(v) => update((d) => void (d.merge.textMerge = v))}
          />
          <Check
            label="Ignore whitespace"
            help="Trailing spaces and a missing final line break are not customizations."
            checked={o.merge.ignoreWhitespace}
            onChange={(v) => update((d) => void (d.merge.ignoreWhitespace = v))}
          />
          <Check
            label="Drop redundant customizations"
            help="Delete customized versions that change nothing."
            checked={o.merge.dropRedundantCustomizations}
            onChange={(v) => update((d) => void (d.merge.dropRedundantCustomizations = v))}
          />
        </div>
      </div>
    </div>
  );
}

function GlobalsTab({ o, update }: { o: Options; update: (f: (d: Options) => void) => void }) {
  const allTypes = Object.keys(o.globals.types).length === 0;
  return (
    <div className="tab-panel">
      <Radios
        legend="Customized global objects"
        name="globals-mode"
        path="globals.mode"
        value={o.globals.mode}
        onChange={(v) => update((d) => void (d.globals.mode = v))}
        options={[
          { value: 'merge', label: 'Merge', help: 'Keep them silently when the vendor did not change the object; ask when it did.' },
          { value: 'keep', label: 'Keep customizations', help: 'Always keep the customized versions.' },
          { value: 'remove', label: 'Remove customizations', help: 'Delete customized versions, so users get the new base.' },
          { value: 'skip', label: 'Skip global objects', help: 'Global objects are not processed at all.' },
        ]}
      />
      <Check
        label="Prompt before removal"
        checked={o.globals.promptBeforeRemoval}
        onChange={(v) => update((d) => void (d.globals.promptBeforeRemoval = v))}
      />
      <Check
        label="Process every type"
        help="Otherwise only the types listed below, filtered by name."
        checked={allTypes}
        onChange={(v) => update((d) => void (d.globals.types = v ? {} : { scripts: '%' }))}
      />
      {!allTypes ? (
        <table className="rules" aria-label="Global object types">
          <thead>
            <tr>
              <th>Type</th>
              <th>Names (% wildcard)</th>
            </tr>
          </thead>
          <tbody>
            {GLOBAL_TYPES.map((type) => {
              const included = Object.hasOwn(o.globals.types, type);
              return (
                <tr key={type}>
                  <td>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={included}
                        onChange={(e) =>
                          update((d) => {
                            const types = { ...d.globals.types };
                            if (e.target.checked) types[type] = '%';
                            else delete types[type];
                            d.globals.types = types;
                          })
                        }
                      />
                      <span className="mono">{type}</span>
                    </label>
                  </td>
                  <td>
                    <input
                      className="input mono"
                      aria-label={`Names of ${type}`}
                      disabled={!included}
                      value={o.globals.types[type] ?? ''}
                      onChange={(e) => update((d) => void (d.globals.types = { ...d.globals.types, [type]: e.target.value }))}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function ExplorerTab({ o, update }: { o: Options; update: (f: (d: Options) => void) => void }) {
  return (
    <div className="tab-panel">
      <Check
        label="Update the Master Explorer"
        help="Replace the Target's Master Explorer with the Source's (base level vendor only)."
        checked={o.explorer.update}
        onChange={(v) => update((d) => void (d.explorer.update = v))}
      />
      <Check
        label="Keep Public folders and My Folders"
        help="Otherwise the Public folders and every user's My Folders are deleted."
        path="explorer.keepCustomizations"
        checked={o.explorer.keepCustomizations}
        onChange={(v) => update((d) => void (d.explorer.keepCustomizations = v))}
      />
      <Check
        label="Verify links"
        help="Warn about links to forms that no longer exist, and forms linked twice in one folder."
        checked={o.explorer.verifyLinks}
        onChange={(v) => update((d) => void (d.explorer.verifyLinks = v))}
      />
    </div>
  );
}

function GeneralTab({ o, update }: { o: Options; update: (f: (d: Options) => void) => void }) {
  return (
    <div className="tab-panel">
      <Radios
        legend="Base level"
        name="base-level"
        value={o.baseLevel}
        onChange={(v) => update((d) => void (d.baseLevel = v))}
        options={[
          { value: 'vendor', label: 'Vendor', help: 'The vendor scope holds the base versions (the usual case).' },
          { value: 'site', label: 'Site', help: 'Site versions are the base; the vendor scope is not touched.' },
          { value: 'group', label: 'Group', help: "Each group's versions are the base for its members' versions." },
        ]}
      />
      <Check
        label="Only process objects changed at the base level"
        checked={o.onlyProcessChangedBase}
        onChange={(v) => update((d) => void (d.onlyProcessChangedBase = v))}
      />
      <Check
        label="Delete only matching base versions"
        help="Keep base versions the Source does not have (made by the customer or a partner)."
        path="deleteOnlyMatchingBase"
        checked={o.deleteOnlyMatchingBase}
        onChange={(v) => update((d) => void (d.deleteOnlyMatchingBase = v))}
      />
      <Check
        label="Remove runtime changes"
        help="Delete users' saved layout changes of forms whose base changed."
        checked={o.removeRuntimeChanges}
        onChange={(v) => update((d) => void (d.removeRuntimeChanges = v))}
      />
    </div>
  );
}

export function OptionsScreen() {
  const { options, tab, refused, problems, allowDestructive, pair, job } = useAppStoreShallow((s) => ({
    options: s.options,
    tab: s.optionsTab,
    refused: s.refused,
    problems: s.optionsProblems,
    allowDestructive: s.allowDestructive,
    pair: s.pair,
    job: s.job,
  }));
  const actions = useActions();
  const update = actions.updateOptions;
  let panel: ReactNode;
  switch (tab) {
    case 'forms':
      panel = <FormsTab o={options} update={update} />;
      break;
    case 'globals':
      panel = <GlobalsTab o={options} update={update} />;
      break;
    case 'explorer':
      panel = <ExplorerTab o={options} update={update} />;
      break;
    case 'general':
      panel = <GeneralTab o={options} update={update} />;
      break;
  }
  const blocked = refused.length > 0 && !allowDestructive;

  return (
    <section className="screen" aria-labelledby="options-title">
      <div className="screen-header">
        <div>
          <h1 id="options-title">Options</h1>
          <p className="lede">How customizations are carried over. The defaults follow FormSync's.</p>
        </div>
        <div className="actions">
          <button
            type="button"
            className="btn"
            onClick={() =>
              void chooseTextFile('.json,application/json').then((file) => file && actions.loadOptionsFile(file.text, file.name))
            }
          >
            Load options…
          </button>
          <button type="button" className="btn" onClick={() => downloadText('options.json', actions.optionsFileText(), 'application/json')}>
            Save options…
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={!pair || job !== null}
            onClick={() => {
              actions.go('analyze');
              void actions.startAnalysis();
            }}
          >
            Analyze
          </button>
        </div>
      </div>

      {pair?.pending ? (
        <div className="banner info" role="status" aria-label="Pending upgrade">
          <div className="banner-body">
            <strong>
              This Target has {pair.pending.prompts === 1 ? '1 pending prompt' : `${pair.pending.prompts} pending prompts`} from an upgrade on{' '}
              {pair.pending.time}.
            </strong>
            <span>
              The upgrade left {pair.pending.versions === 1 ? 'one version' : `${pair.pending.versions} versions`} as they were until a person answers them.
              Complete it before synchronizing this Target again.
            </span>
          </div>
          <button type="button" className="btn primary" disabled={job !== null} onClick={() => void actions.openUpgrade()}>
            Complete an upgrade
          </button>
        </div>
      ) : null}

      {problems.length > 0 ? (
        <div className="card" role="alert">
          <div className="card-header">The options file has problems</div>
          <ProblemList problems={problems} label="Options problems" />
        </div>
      ) : null}

      {pair?.target.protected ? (
        <div className={`banner ${refused.length > 0 && !allowDestructive ? 'warning' : 'info'}`} role="status">
          <div className="banner-body">
            <strong>The Target is protected.</strong>
            {refused.length === 0 ? (
              <span>These options delete or overwrite no customization without asking.</span>
            ) : (
              <>
                <span>It refuses {refused.length === 1 ? 'this option' : `these ${refused.length} options`}:</span>
                <ul className="refused-list">
                  {refused.map((p) => (
                    <li key={p.pointer}>
                      <code>{dotted(p.pointer)}</code> — {p.message.split(';')[0]?.replace(/^[^:]*:\s*/, '')}
                    </li>
                  ))}
                </ul>
              </>
            )}
            <label className="check" style={{ marginTop: 8 }}>
              <input type="checkbox" checked={allowDestructive} onChange={(e) => actions.setAllowDestructive(e.target.checked)} />
              <span>
                Allow destructive options
                <span className="help">Lift the protection for this merge.</span>
              </span>
            </label>
          </div>
        </div>
      ) : null}

      <div className="card">
        <div className="tabs" role="tablist" aria-label="Option groups">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={tab === t.id}
              aria-controls="options-panel"
              tabIndex={tab === t.id ? 0 : -1}
              onClick={() => actions.setOptionsTab(t.id)}
              onKeyDown={(e) => {
                const i = TABS.findIndex((x) => x.id === tab);
                const next = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : null;
                if (next) {
                  e.preventDefault();
                  actions.setOptionsTab(next.id);
                  document.getElementById(`tab-${next.id}`)?.focus();
                }
              }}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div id="options-panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
          {panel}
        </div>
      </div>

      <p className="muted" style={{ margin: 0 }}>
        {blocked
          ? 'You can analyze, but the commit will be refused until you allow destructive options or change the refused ones.'
          : 'Analysis computes every decision and prompt; nothing is written.'}
      </p>
      <MergeOptionsDialog />
    </section>
  );
}
