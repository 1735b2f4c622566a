import { describe, expect, it } from 'vitest';
import { runRecord } from './runRecord.js';

describe('runRecord', () => {
  it('takes the time from SOURCE_DATE_EPOCH when set, to the second, in UTC', () => {
    expect(runRecord({ SOURCE_DATE_EPOCH: '1764783600' }).createdAt).toBe('2025-12-03T17:40:00Z');
  });

  it('takes the time from the clock otherwise, without milliseconds', () => {
    expect(runRecord({}, () => new Date('2026-01-02T03:04:05.678Z')).createdAt).toBe('2026-01-02T03:04:05Z');
  });

  it("records the operating system's user name", () => {
    expect(runRecord({}).createdBy).toMatch(/.+/);
  });
});
