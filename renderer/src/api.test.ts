import { describe, expect, it } from 'vitest';
import { takePageToken, type PageLocation } from './api.js';

/** A page at `href` with its own session storage and history, recording what was done. */
function page(href: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored));
  const replaced: string[] = [];
  const location = { href };
  const fake: PageLocation = {
    location,
    history: { replaceState: (_data, _unused, url) => void replaced.push(url) },
    sessionStorage: { getItem: (key) => storage.get(key) ?? null, setItem: (key, value) => void storage.set(key, value) },
  };
  return { fake, storage, replaced };
}

describe('takePageToken', () => {
  it('reads the token from the address, keeps it in session storage and removes it from the address', () => {
    const { fake, storage, replaced } = page('http://127.0.0.1:5000/?token=abc&x=1#review');
    expect(takePageToken(fake)).toBe('abc');
    expect(storage.get('carryover-token')).toBe('abc');
    expect(replaced).toEqual(['/?x=1#review']);
  });

  it('takes the kept token after a reload, when the address no longer has one', () => {
    const { fake, replaced } = page('http://127.0.0.1:5000/', { 'carryover-token': 'abc' });
    expect(takePageToken(fake)).toBe('abc');
    expect(replaced).toEqual([]);
  });
});
