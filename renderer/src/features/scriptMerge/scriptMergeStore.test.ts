import { describe, expect, it } from 'vitest';
import { buildMergeModel, conflictBlock } from './mergeModel.js';
import { createScriptMergeStore, MARKERS_LEFT } from './scriptMergeStore.js';

// Two conflicts (lines a and c), CRLF texts: the Result is edited as LF and answered as CRLF.
const between = 'b1\r\nb2\r\nb3\r\nb4\r\nb5\r\n';
const base = `a = 1\r\n${between}c = 3\r\n`;
const customized = `a = 10\r\n${between}c = 30\r\n`;
const source = `a = 100\r\n${between}c = 300\r\n`;

function setUp() {
  const model = buildMergeModel(base, customized, source);
  return { model, store: createScriptMergeStore(model) };
}

describe('the script merge store', () => {
  it('starts with every conflict unresolved, the first current, the base hidden', () => {
    const { model, store } = setUp();
    expect(model.conflicts).toHaveLength(2);
    expect(store.getState()).toMatchObject({ states: ['unresolved', 'unresolved'], current: 0, showBase: false, error: null });
  });

  it('steps through the conflicts both ways, wrapping around', () => {
    const { store } = setUp();
    expect(store.getState().step(1)).toBe(1);
    expect(store.getState().step(1)).toBe(0);
    expect(store.getState().step(-1)).toBe(1);
    expect(store.getState().current).toBe(1);
    expect(store.getState().select(5)).toBe(false);
    expect(store.getState().select(0)).toBe(true);
    expect(store.getState().current).toBe(0);
  });

  it('says what each choice puts in the Result, ending the line when text follows', () => {
    const { model, store } = setUp();
    const s = store.getState();
    expect(s.replacement(0, 'customized', false)).toBe('a = 10\n');
    expect(s.replacement(0, 'both-source-first', false)).toBe('a = 100\na = 10\n');
    expect(s.replacement(1, 'base', false)).toBe('c = 3\n');
    expect(s.replacement(1, 'unresolved', false)).toBe(conflictBlock(model.conflicts[1]!).join(''));
    expect(s.replacement(2, 'customized', false)).toBeNull();
    expect(buildMergeModel('x\n', 'y', 'z').conflicts).toHaveLength(1);
    const noFinalBreak = createScriptMergeStore(buildMergeModel('x\n', 'y', 'z')).getState();
    expect(noFinalBreak.replacement(0, 'customized', true)).toBe('y');
    expect(noFinalBreak.replacement(0, 'customized', false)).toBe('y\n');
  });

  it("reads each conflict's state from its block's text", () => {
    const { model, store } = setUp();
    store.getState().update(['a = 100\n', conflictBlock(model.conflicts[1]!).join('')]);
    expect(store.getState().states).toEqual(['source', 'unresolved']);
    store.getState().update(['a = 42\n', null]);
    expect(store.getState().states).toEqual(['manual', 'manual']);
  });

  it('refuses to apply while markers remain, then answers with the Result in its line ending', () => {
    const { model, store } = setUp();
    expect(store.getState().apply(model.initialText)).toBeNull();
    expect(store.getState().error).toBe(MARKERS_LEFT);
    expect(store.getState().apply('a = 10\nb1\nc = 300\n')).toBe('a = 10\r\nb1\r\nc = 300\r\n');
    expect(store.getState().error).toBeNull();
  });

  it('toggles the Target base pane', () => {
    const { store } = setUp();
    store.getState().toggleBase();
    expect(store.getState().showBase).toBe(true);
    store.getState().toggleBase();
    expect(store.getState().showBase).toBe(false);
  });
});
