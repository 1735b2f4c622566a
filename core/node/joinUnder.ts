import * as path from 'node:path';

/**
 * A function that gives `path.join(root, relative)` for the relative paths of one folder's
 * configuration, tree or output plan: names joined by `/`, none of them empty, `.` or `..` (a
 * listing skips dot-entries, `walkTree` never lists `.` or `..`, `assertPlanPath` checks a
 * plan's), and never the empty path. For these, `path.join` only puts `root`, normalized, and a
 * separator before `relative` (on Windows, with its slashes turned into backslashes), so the
 * prefix is worked out once here: a sync at 2,000 forms called `path.join` some 18,000 times, one
 * per file read, copied and fingerprinted, and those calls, each normalizing the whole path
 * again, cost about 50 ms of its CPU (docs/performance.md, "The smaller pair, again").
 *
 * `api` is `path` (the platform's) unless a test asks for `path.posix` or `path.win32`.
 */
export function joinUnder(root: string, api: path.PlatformPath = path): (relative: string) => string {
  // `path.join(root, 'x')` is the normalized root, a separator where one is needed, and `x`.
  const prefix = api.join(root, 'x').slice(0, -1);
  if (api.sep === '/') return (relative) => prefix + relative;
  return (relative) => prefix + relative.replaceAll('/', api.sep);
}
