import { describe, expect, it } from 'vitest';
import { splitLines } from './splitLines.js';

describe('splitLines', () => {
  it('keeps each line ending with its line', () => {
    expect(splitLines('a\nb\r\nc\n')).toEqual(['a\n', 'b\r\n', 'c\n']);
  });

  it('keeps a last line without newline as it is', () => {
    expect(splitLines('a\nb')).toEqual(['a\n', 'b']);
  });

  it('returns no line for the empty text and one empty line for a lone newline', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('\n')).toEqual(['\n']);
  });

  it('treats a lone carriage return as an ordinary character, as git does', () => {
    expect(splitLines('a\rb\n')).toEqual(['a\rb\n']);
  });

  it('round-trips any text', () => {
    for (const text of ['', 'x', '\n\n', 'a\r\n\r\nb', 'é\n\u2028\n']) expect(splitLines(text).join('')).toBe(text);
  });
});
