import { describe, expect, it } from 'vitest';
import { hasConflictMarkers } from './hasConflictMarkers.js';

describe('hasConflictMarkers', () => {
  it('finds each kind of marker line', () => {
    expect(hasConflictMarkers('a\n<<<<<<< customized\nb\n')).toBe(true);
    expect(hasConflictMarkers('a\n||||||| target base\n')).toBe(true);
    expect(hasConflictMarkers('a\n=======\nb\n')).toBe(true);
    expect(hasConflictMarkers('a\n>>>>>>> source base\r\n')).toBe(true);
  });

  it('finds a bare marker at the very end of the text', () => {
    expect(hasConflictMarkers('a\n>>>>>>>')).toBe(true);
  });

  it('ignores longer runs, markers that do not start a line and marker characters followed by text', () => {
    expect(hasConflictMarkers('========\n')).toBe(false);
    expect(hasConflictMarkers("' <<<<<<< not a marker\n")).toBe(false);
    expect(hasConflictMarkers('<<<<<<<x\n')).toBe(false);
    expect(hasConflictMarkers('If a <<< b Then\n')).toBe(false);
  });

  it('only lets a newline start a line, as git does', () => {
    expect(hasConflictMarkers('a\r=======\n')).toBe(false);
  });

  it('uses the given marker size', () => {
    expect(hasConflictMarkers('<<<<<<<<<< x\n', 10)).toBe(true);
    expect(hasConflictMarkers('<<<<<<< x\n', 10)).toBe(false);
  });
});
