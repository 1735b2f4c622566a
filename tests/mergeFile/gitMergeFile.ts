import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What `git merge-file -p` printed and its exit status (the number of conflicts, capped at 127). */
export interface GitMergeOutcome {
  status: number;
  stdout: Buffer;
}

/**
 * A scratch folder outside any repository, and a runner of the real `git merge-file` in it.
 * git's configuration is ignored (merge.conflictStyle would change the output), so the runs
 * see git's defaults.
 */
export class GitMergeFile {
  private readonly dir = mkdtempSync(join(tmpdir(), 'carryover-merge-file-'));
  private readonly env = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CEILING_DIRECTORIES: tmpdir(),
    HOME: this.dir,
    LC_ALL: 'C',
  };

  /** Runs `git merge-file -p [--diff3] -L current -L base -L other current base other` on raw bytes (labels replaceable). */
  run(base: Buffer | string, current: Buffer | string, other: Buffer | string, diff3 = false, labels: readonly [string, string, string] = ['current', 'base', 'other']): GitMergeOutcome {
    writeFileSync(join(this.dir, 'current'), current);
    writeFileSync(join(this.dir, 'base'), base);
    writeFileSync(join(this.dir, 'other'), other);
    const args = ['merge-file', '-p', ...(diff3 ? ['--diff3'] : []), '-L', labels[0], '-L', labels[1], '-L', labels[2], 'current', 'base', 'other'];
    const result = spawnSync('git', args, { cwd: this.dir, env: this.env, maxBuffer: 1 << 28 });
    if (result.error) throw result.error;
    if (result.status === null || result.status === 255) throw new Error(`git merge-file failed: ${result.stderr.toString()}`);
    return { status: result.status, stdout: result.stdout };
  }

  /** Removes the scratch folder. */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
