import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinUnder } from './joinUnder.js';

const relatives = ['a.json', 'vendor/forms/Items.json', 'site/My Folders/x y/z.json', 'groups/ü/ß.json', 'a$/b-c/d_e.f.json'];

describe('joinUnder', () => {
  it('gives what path.join gives, on POSIX', () => {
    const roots = ['', '.', './', '/', '//', 'a', 'a/', 'a//b/', './a/./b', 'a/../b', 'a/..', '../up', '/abs/dir', '/abs/dir/', '/abs/./dir/..', 'C:\\not\\posix'];
    for (const root of roots) {
      const at = joinUnder(root, path.posix);
      for (const relative of relatives) expect(at(relative), `${root} + ${relative}`).toBe(path.posix.join(root, relative));
    }
  });

  it('gives what path.join gives, on Windows, slashes turned into backslashes', () => {
    const roots = ['', '.', 'C:', 'C:\\', 'C:/', 'C:\\dir', 'C:\\dir\\', 'c:/dir/sub/', '\\\\server\\share', '\\\\server\\share\\', 'rel\\dir', 'rel/dir/..', '..\\up', '\\abs'];
    for (const root of roots) {
      const at = joinUnder(root, path.win32);
      for (const relative of relatives) expect(at(relative), `${root} + ${relative}`).toBe(path.win32.join(root, relative));
    }
  });

  it('uses the platform path module by default', () => {
    expect(joinUnder('/work/x/')('vendor/a.json')).toBe(path.join('/work/x/', 'vendor/a.json'));
  });
});
