import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One three-way merge to run through git's merge-ort. */
export interface MergeTreeCase {
  base: string;
  current: string;
  other: string;
}

/** What merge-ort made of a case: clean or not, and the merged bytes (latin1) when clean. */
export interface MergeTreeOutcome {
  clean: boolean;
  text: string | undefined;
}

const FILE = 'script.bas';

/**
 * Runs cases through `git merge-tree --write-tree` (git's merge-ort, whose text merges use the
 * histogram diff) in a throw-away repository: per case a base commit and one branch per side,
 * all written by one `git fast-import`; one merge-tree per case; the clean results read back
 * by one `git cat-file --batch`. git's configuration is ignored, so its defaults apply.
 */
export function runMergeTree(cases: readonly MergeTreeCase[]): MergeTreeOutcome[] {
  const dir = mkdtempSync(join(tmpdir(), 'carryover-merge-tree-'));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CEILING_DIRECTORIES: tmpdir(), HOME: dir, LC_ALL: 'C' };
  const git = (args: string[], input?: Buffer) => {
    const result = spawnSync('git', args, { cwd: dir, env, input, maxBuffer: 1 << 30 });
    if (result.error) throw result.error;
    return result;
  };
  try {
    const init = git(['init', '-q', '--bare', '.']);
    if (init.status !== 0) throw new Error(`git init failed: ${init.stderr.toString()}`);
    const chunks: Buffer[] = [];
    const text = (s: string) => chunks.push(Buffer.from(s, 'latin1'));
    let mark = 0;
    const commit = (ref: string, content: string, parent: number | undefined) => {
      const blob = Buffer.from(content, 'latin1');
      const id = ++mark;
      text(`commit ${ref}\nmark :${id}\ncommitter T <t@example.com> 0 +0000\ndata 1\nx\n`);
      if (parent !== undefined) text(`from :${parent}\n`);
      text(`M 100644 inline ${FILE}\ndata ${blob.length}\n`);
      chunks.push(blob);
      text('\n\n');
      return id;
    };
    cases.forEach((c, i) => {
      const base = commit(`refs/heads/base${i}`, c.base, undefined);
      commit(`refs/heads/current${i}`, c.current, base);
      commit(`refs/heads/other${i}`, c.other, base);
    });
    const imported = git(['fast-import', '--quiet'], Buffer.concat(chunks));
    if (imported.status !== 0) throw new Error(`git fast-import failed: ${imported.stderr.toString()}`);

    const trees: (string | undefined)[] = cases.map((_, i) => {
      const merged = git(['merge-tree', '--write-tree', `current${i}`, `other${i}`]);
      if (merged.status !== 0 && merged.status !== 1) throw new Error(`git merge-tree failed: ${merged.stderr.toString()}`);
      return merged.status === 0 ? merged.stdout.toString('latin1').split('\n')[0] : undefined;
    });
    const wanted = trees.filter((t): t is string => t !== undefined);
    const blobs = new Map<string, string>();
    if (wanted.length > 0) {
      const batch = git(['cat-file', '--batch'], Buffer.from(wanted.map((t) => `${t}:${FILE}\n`).join(''), 'latin1'));
      if (batch.status !== 0) throw new Error(`git cat-file failed: ${batch.stderr.toString()}`);
      const out = batch.stdout;
      let at = 0;
      for (const tree of wanted) {
        const headerEnd = out.indexOf(10, at);
        const header = out.subarray(at, headerEnd).toString('latin1').split(' ');
        if (header[1] !== 'blob') throw new Error(`git cat-file: no ${FILE} in ${tree}`);
        const size = Number(header[2]);
        blobs.set(tree, out.subarray(headerEnd + 1, headerEnd + 1 + size).toString('latin1'));
        at = headerEnd + 1 + size + 1;
      }
    }
    return trees.map((t) => (t === undefined ? { clean: false, text: undefined } : { clean: true, text: blobs.get(t) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
