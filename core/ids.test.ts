import { describe, expect, it } from 'vitest';
import { isScopeId, objectId, parseObjectId, parseScopeId, parseVersionId, scopeId, splitId, versionId } from './ids.js';
import { baseScopeOf, versionPath } from './layout.js';
import type { ObjectRef, ScopeId } from './model.js';

const objects: ObjectRef[] = [
  { kind: 'form', name: 'Customers' },
  { kind: 'global', type: 'scripts', name: 'CustUtils' },
  { kind: 'explorer' },
  { kind: 'runtime', name: 'Items' },
];
const scopes: ScopeId[] = ['vendor', 'site', 'group:Sales', 'user:B_Smith'];

describe('ids', () => {
  it('parses back every id it formats', () => {
    for (const object of objects) {
      expect(parseObjectId(objectId(object))).toEqual(object);
      for (const scope of scopes) {
        expect(parseScopeId(scope)).toEqual(parseScopeId(scopeId(parseScopeId(scope))));
        expect(parseVersionId(versionId(object, scope))).toEqual({ object, scope });
        const part = splitId(versionId(object, scope, 'components/Btn/caption'));
        expect(part).toMatchObject({ object: objectId(object), scope, path: 'components/Btn/caption', version: versionId(object, scope) });
      }
    }
  });

  it('parses the version ids the README shows', () => {
    expect(parseVersionId('global:scripts/CustUtils@site')).toEqual({ object: { kind: 'global', type: 'scripts', name: 'CustUtils' }, scope: 'site' });
    expect(parseVersionId('form:Customers@user:B_Smith')).toEqual({ object: { kind: 'form', name: 'Customers' }, scope: 'user:B_Smith' });
    expect(parseVersionId('explorer@vendor')).toEqual({ object: { kind: 'explorer' }, scope: 'vendor' });
  });

  it('refuses, strictly, what is not a version id (a request could name a path with one)', () => {
    expect(parseVersionId('global:../x@site')).toBeNull();
    expect(parseVersionId('form:Customers@user:../../x')).toBeNull();
    expect(parseVersionId('form:Customers')).toBeNull();
    expect(parseVersionId('form:Customers@site/caption')).toBeNull();
    expect(parseVersionId('thing:X@site')).toBeNull();
    expect(parseVersionId('global:nonsense/X@site')).toBeNull();
    expect(isScopeId('group:')).toBe(false);
    expect(isScopeId('vendors')).toBe(false);
  });

  it('splits, leniently, what follows no grammar, as kind other', () => {
    expect(splitId('something odd')).toMatchObject({ kind: 'other', object: 'something odd', version: 'something odd', path: '' });
    expect(splitId('thing:X@site/a')).toMatchObject({ kind: 'other', version: 'thing:X@site', path: 'a' });
  });
});

describe('layout', () => {
  it('places versions in their scope folder', () => {
    expect(versionPath('user:B_Smith', { kind: 'form', name: 'Customers' })).toBe('users/B_Smith/forms/Customers.json');
    expect(versionPath('group:Sales', { kind: 'global', type: 'scripts', name: 'CustUtils' })).toBe('groups/Sales/globals/scripts/CustUtils.json');
    expect(versionPath('site', { kind: 'explorer' })).toBe('site/explorer.json');
    expect(versionPath('vendor', { kind: 'runtime', name: 'Items' })).toBe('vendor/runtime/Items.json');
  });

  it('names the scope of a version base at each base level', () => {
    const groups = { Sales: ['B_Smith'], Purchasing: ['C_Jones'] };
    expect(baseScopeOf('user:B_Smith', 'vendor', groups)).toBe('vendor');
    expect(baseScopeOf('user:B_Smith', 'site', groups)).toBe('site');
    expect(baseScopeOf('vendor', 'site', groups)).toBeNull();
    expect(baseScopeOf('user:C_Jones', 'group', groups)).toBe('group:Purchasing');
    expect(baseScopeOf('group:Sales', 'group', groups)).toBe('group:Sales');
    expect(baseScopeOf('user:Nobody', 'group', groups)).toBeNull();
    expect(baseScopeOf('site', 'group', groups)).toBeNull();
  });
});
