import { describe, expect, it } from 'vitest';
import { parseWebArgs } from './main.js';

describe('parseWebArgs', () => {
  it('takes a port, a data folder and --sample', () => {
    expect(parseWebArgs(['--port', '8123', '--sample'])).toMatchObject({ port: 8123, sample: true });
    expect(parseWebArgs([])).toMatchObject({ port: 0, sample: false });
  });

  it('explains what is wrong with the command line', () => {
    expect(parseWebArgs(['--port', 'eighty'])).toMatch(/--port/);
    expect(parseWebArgs(['--host', '0.0.0.0'])).toMatch(/unknown argument --host/);
  });
});
