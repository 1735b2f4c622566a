import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['core/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['node_modules/**', 'build/**', 'e2e/**'],
    reporters: ['default', './tests/summaryReporter.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
