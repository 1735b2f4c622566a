import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../../electron/backend/handlers.js';
import { cleanUp, testSession } from '../../../../electron/backend/testing.js';
import { createHttpApi } from '../../api.js';
import { createAppStore } from '../../store/appStore.js';
import { changesSomething } from './utilitiesSlice.js';

afterEach(cleanUp);

/** A store on the real handlers (web-mode client, in process) with the sample opened. */
async function openedStore() {
  const session = testSession();
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const result = await dispatch(session, url.slice('/api/'.length), JSON.parse(String(init.body)));
    return new Response(JSON.stringify(result), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const store = createAppStore(createHttpApi('t', fetchImpl));
  await store.getState().init();
  expect(await store.getState().openSample()).toBe(true);
  return store;
}

describe('the utilities slice', () => {
  it('lists with the filter form, shows a bad filter as an error, and keeps the last result', async () => {
    const store = await openedStore();
    store.getState().setUtilityFilter('scope', 'group');
    await store.getState().listCustomizations();
    const listed = store.getState().utilityResult;
    expect(listed?.kind === 'list' && listed.rows.map((r) => r.file)).toEqual([
      'groups/Purchasing/forms/PurchaseOrders.json',
      'groups/Purchasing/forms/Vendors.json',
      'groups/Purchasing/globals/validators/VendNumValid.json',
      'groups/Sales/forms/Customers.json',
    ]);
    store.getState().setUtilityFilter('scope', 'vendor');
    await store.getState().listCustomizations();
    expect(store.getState().utilityError?.message).toContain('--scope must be one of site, group, user');
    expect(store.getState().utilityResult).toBe(listed);
  });

  it('previews a remove without writing, then removes on confirmation', async () => {
    const store = await openedStore();
    store.getState().setUtilityFilter('name', 'ue_%');
    await store.getState().removeCustomizations(false);
    expect(store.getState().utilityResult).toEqual({ kind: 'remove', files: ['users/B_Smith/forms/ue_SalesDashboard.json'], backupDir: null });
    await store.getState().removeCustomizations(true);
    const removed = store.getState().utilityResult;
    expect(removed?.kind === 'remove' && removed.backupDir).toMatch(/backup-/);
  });
});

describe('changesSomething', () => {
  it('offers undo only for decisions that changed the Target', () => {
    expect(changesSomething('took-source')).toBe(true);
    expect(changesSomething('removed')).toBe(true);
    expect(changesSomething('kept-customization')).toBe(false);
    expect(changesSomething('left-untouched')).toBe(false);
  });
});
