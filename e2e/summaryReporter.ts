import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/**
 * Prints one plain closing line, `N passed, N failed[, N skipped]`, which CI reads (stack.md §6).
 * A test counts by its final outcome: flaky (passed on retry) counts as passed.
 */
export default class SummaryReporter implements Reporter {
  private readonly tests = new Map<string, TestCase>();

  onTestEnd(test: TestCase, _result: TestResult): void {
    this.tests.set(test.id, test);
  }

  onEnd(result: FullResult): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const test of this.tests.values()) {
      const outcome = test.outcome();
      if (outcome === 'expected' || outcome === 'flaky') passed += 1;
      else if (outcome === 'skipped') skipped += 1;
      else failed += 1;
    }
    // A run that failed outside any test (global setup, a file that does not load) is a failure too.
    if (result.status === 'failed' && failed === 0) failed = 1;
    process.stdout.write(`\nplaywright: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
