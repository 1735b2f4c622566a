import { useState } from 'react';
import { FolderField } from '../../components/FolderField.js';
import { useActions, useAppStoreShallow } from '../../store/useAppStore.js';
import type { TargetStatus } from './targetsSlice.js';

const STATUS_LABELS: Record<TargetStatus, string> = {
  waiting: 'Waiting',
  open: 'Open',
  committed: 'Committed',
  'not-committed': 'Not committed',
};

/**
 * Several Targets for the opened Source (docs/app.md, "Several Targets"): the list with each
 * Target's status, a button to open the next, and a field to add one.
 */
export function TargetsPanel() {
  const { pair, targets, info, job } = useAppStoreShallow((s) => ({ pair: s.pair, targets: s.targets, info: s.info, job: s.job }));
  const actions = useActions();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  if (!pair) return null;
  const native = info?.nativeDialogs ?? false;
  const current = pair.target.root;
  const list = targets.length > 0 ? targets : [{ root: current, status: 'open' as const, detail: '' }];

  const add = async (folder: string): Promise<void> => {
    setBusy(true);
    if (await actions.addTarget(folder)) setTyped('');
    setBusy(false);
  };

  return (
    <div className="card targets-card">
      <div className="card-header">Targets for this Source</div>
      <div className="card-body">
        <p className="muted">
          Carry the same Source into several Targets (a test copy, then production, then each site): each is analyzed, answered and committed in
          turn, and an answer given for one answers the same prompt of the next when its three values are the same.
        </p>
        <ul className="targets-list" aria-label="Targets">
          {list.map((entry, index) => {
            const open = entry.root === current;
            return (
              <li key={entry.root} aria-current={open ? 'true' : undefined}>
                <span className="n">{index + 1}</span>
                <span className="path" title={entry.root}>
                  {entry.root}
                </span>
                <span className={`status ${open ? 'open' : entry.status}`}>{open ? 'Open' : STATUS_LABELS[entry.status]}</span>
                <span className="muted detail">{entry.detail}</span>
                {open ? null : (
                  <button
                    type="button"
                    className="btn small"
                    disabled={job !== null}
                    aria-label={`Open Target ${entry.root}`}
                    onClick={() => void actions.openTarget(entry.root)}
                  >
                    Open
                  </button>
                )}
              </li>
            );
          })}
        </ul>
        <form
          className="add-target"
          onSubmit={(e) => {
            e.preventDefault();
            void add(typed);
          }}
        >
          {native ? null : (
            <FolderField
              label="Folder to add"
              value={typed}
              onChange={setTyped}
              nativeDialogs={false}
              onBrowse={() => undefined}
              complete={actions.completeFolder}
              help="A configuration with the same customizations to carry over, such as the production copy of the Target above."
            />
          )}
          <button type="submit" className="btn" disabled={busy || (!native && typed.trim() === '')}>
            Add Target
          </button>
        </form>
      </div>
    </div>
  );
}
