import type { UtilityFilter } from '../../../../electron/contract.js';
import { useActions, useAppStoreShallow } from '../../store/useAppStore.js';
import { UtilityResultView } from './UtilityResultView.js';

const FILTER_FIELDS: { field: keyof UtilityFilter; label: string; placeholder: string }[] = [
  { field: 'kind', label: 'Kind', placeholder: 'form, global, explorer' },
  { field: 'type', label: 'Global type', placeholder: 'scripts, validators, …' },
  { field: 'name', label: 'Name', placeholder: 'AP% (% matches anything)' },
  { field: 'scope', label: 'Scope', placeholder: 'site, group, user' },
  { field: 'scopeName', label: 'Scope name', placeholder: 'B_% (group or user)' },
];

/**
 * The Utilities screen (docs/utilities.md): list, check, copy and remove customized versions of
 * the opened pair, chosen by one filter form.
 */
export function UtilitiesScreen() {
  const s = useAppStoreShallow((state) => ({
    pair: state.pair,
    filter: state.utilityFilter,
    side: state.utilitySide,
    allowDestructive: state.utilityAllowDestructive,
    busy: state.utilityBusy,
    error: state.utilityError,
  }));
  const actions = useActions();
  if (!s.pair) {
    return (
      <section className="screen" aria-labelledby="utilities-title">
        <div className="screen-header">
          <div>
            <h1 id="utilities-title">Utilities</h1>
            <p className="lede">Open a Source and a Target on the Configurations screen first.</p>
          </div>
        </div>
      </section>
    );
  }
  return (
    <section className="screen" aria-labelledby="utilities-title">
      <div className="screen-header">
        <div>
          <h1 id="utilities-title">Utilities</h1>
          <p className="lede">
            List, check, copy and remove customized versions (Site, Group and User scope; base versions are never touched). Copy goes from the Source into the
            Target; remove and copy change the Target in place, after a backup.
          </p>
        </div>
      </div>
      <form
        className="card utility-form"
        aria-label="Filter"
        onSubmit={(e) => {
          e.preventDefault();
          void actions.listCustomizations();
        }}
      >
        <div className="card-header">Filter</div>
        <div className="card-body utility-filter">
          <fieldset className="utility-side">
            <legend>Configuration (list and check)</legend>
            <label>
              <input type="radio" name="utility-side" checked={s.side === 'target'} onChange={() => actions.setUtilitySide('target')} /> Target ({s.pair.target.name})
            </label>
            <label>
              <input type="radio" name="utility-side" checked={s.side === 'source'} onChange={() => actions.setUtilitySide('source')} /> Source ({s.pair.source.name})
            </label>
          </fieldset>
          {FILTER_FIELDS.map(({ field, label, placeholder }) => (
            <label key={field} className="field">
              <span>{label}</span>
              <input type="text" className="input" value={s.filter[field]} placeholder={placeholder} onChange={(e) => actions.setUtilityFilter(field, e.target.value)} />
            </label>
          ))}
          <label className="checkbox">
            <input type="checkbox" checked={s.allowDestructive} onChange={(e) => actions.setUtilityAllowDestructive(e.target.checked)} /> Allow destructive changes (a protected
            Target)
          </label>
        </div>
        <div className="card-body utility-actions">
          <button type="submit" className="btn primary" disabled={s.busy}>
            List
          </button>
          <button type="button" className="btn" disabled={s.busy} onClick={() => void actions.checkConfiguration()}>
            Check
          </button>
          <button type="button" className="btn" disabled={s.busy} onClick={() => void actions.copyCustomizations()}>
            Copy into Target
          </button>
          <button type="button" className="btn danger" disabled={s.busy} onClick={() => void actions.removeCustomizations(false)}>
            Remove…
          </button>
        </div>
      </form>
      {s.error ? (
        <div className="banner error" role="alert">
          <div className="banner-body">{s.error.message}</div>
        </div>
      ) : null}
      <UtilityResultView />
    </section>
  );
}
