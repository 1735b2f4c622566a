import { describe, expect, it } from 'vitest';
import type { Decision } from '../analysis.js';
import { configurationOf } from '../testing/configurationOf.js';
import { parseDecisionId, planUndo, type CommitRecord } from './planUndo.js';

const decision = (id: string, action: Decision['action'], result: Decision['result']): Decision => ({ id, action, reason: 'test', customized: null, targetBase: null, sourceBase: null, result });

const record: CommitRecord = {
  format: 'carryover-last-commit/1',
  time: '2026-01-01T00:00:00.000Z',
  backup: '/b',
  backupRelative: '../b',
  decisions: [
    decision('form:Items@site/components/UM/width', 'took-source', 8),
    decision('form:Items@site/components/New', 'added', { type: 'Label' }),
    decision('form:Items@site', 'kept-customization', null),
    decision('form:Items@site/attributes/caption', 'kept-customization', 'Acme'),
  ],
  files: { 'site/forms/Items.json': 'abc' },
  undone: [],
};
const before = configurationOf({ 'site/forms/Items.json': { name: 'Items', attributes: { caption: 'Acme' }, components: { UM: { type: 'ComboBox', width: 5 }, Old: { type: 'Label' } } } });
const after = configurationOf({ 'site/forms/Items.json': { name: 'Items', attributes: { caption: 'Acme' }, components: { UM: { type: 'ComboBox', width: 8 }, Old: { type: 'Label' }, New: { type: 'Label' } } } });

function undo(id: string, current = after, fileUnchanged = true) {
  return planUndo({
    decisionId: id,
    record,
    meta: current.meta,
    current: current.files.get('site/forms/Items.json'),
    before: before.files.get('site/forms/Items.json'),
    fileUnchanged,
  });
}

describe('planUndo', () => {
  it('puts back one value from the backup and leaves the rest of the version as it is', () => {
    const plan = undo('form:Items@site/components/UM/width');
    expect(plan.ok && plan.change).toEqual({
      kind: 'write',
      path: 'site/forms/Items.json',
      doc: { name: 'Items', attributes: { caption: 'Acme' }, components: { UM: { type: 'ComboBox', width: 5 }, Old: { type: 'Label' }, New: { type: 'Label' } } },
    });
  });

  it('removes a thing the decision added', () => {
    const plan = undo('form:Items@site/components/New');
    expect(plan.ok && plan.change.kind === 'write' && Object.keys(plan.change.doc['components'] as object)).toEqual(['UM', 'Old']);
  });

  it('refuses a decision whose thing was changed again since the commit, with the reason', () => {
    const edited = configurationOf({ 'site/forms/Items.json': { name: 'Items', components: { UM: { type: 'ComboBox', width: 9 } } } });
    expect(undo('form:Items@site/components/UM/width', edited)).toEqual({ ok: false, reason: expect.stringContaining('was changed again since the commit') });
    expect(undo('form:Items@site', after, false)).toEqual({ ok: false, reason: expect.stringContaining('was changed again since the commit') });
  });

  it('restores a whole version file from the backup when it is still as the commit wrote it', () => {
    expect(undo('form:Items@site')).toEqual({ ok: true, change: { kind: 'restore-file', path: 'site/forms/Items.json' }, summary: expect.any(String) });
  });

  it('refuses unknown decisions, decisions that changed nothing and decisions already undone', () => {
    expect(undo('form:Nope@site').ok).toBe(false);
    expect(undo('form:Items@site/attributes/caption')).toEqual({ ok: false, reason: expect.stringContaining('nothing to undo') });
    const again = planUndo({ decisionId: 'form:Items@site', record: { ...record, undone: [{ id: 'form:Items@site', time: 't', backup: 'b' }] }, meta: after.meta, current: undefined, before: undefined, fileUnchanged: true });
    expect(again).toEqual({ ok: false, reason: expect.stringContaining('already undone') });
  });
});

describe('parseDecisionId', () => {
  it('names the version file and the path inside it', () => {
    expect(parseDecisionId('global:scripts/CustUtils@user:B_Smith')).toEqual({ object: { kind: 'global', type: 'scripts', name: 'CustUtils' }, scope: 'user:B_Smith', file: 'users/B_Smith/globals/scripts/CustUtils.json', path: [] });
    expect(parseDecisionId('form:Items@site/components/UM/width')?.path).toEqual(['components', 'UM', 'width']);
    expect(parseDecisionId('form:../x@site')).toBeNull();
    expect(parseDecisionId('nonsense')).toBeNull();
  });
});
