import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Decision, OutputPlan } from '../analysis.js';
import { assertNever, type Configuration } from '../model.js';
import { serializeDocument } from '../serialize.js';
import { parseDecisionId, type CommitRecord } from '../utilities/planUndo.js';

/** SHA-256 of some bytes, in hex. */
export function digest(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Prepares the record of an in-place commit (`.carryover/last-commit.json`, docs/utilities.md,
 * "undo"): every decision, and a digest of what the commit wrote into each version file a
 * decision names (`null` where it deleted the file). Files the commit kept from the Target are not
 * listed. Returns the function `commitInPlace` calls with the backup it chose.
 */
export async function prepareCommitRecord(input: {
  decisions: readonly Decision[];
  plan: OutputPlan;
  sourceRoot: string;
  target: Configuration;
  targetRoot: string;
  now: Date;
}): Promise<(backupDir: string) => ReadonlyMap<string, string>> {
  const named = new Set<string>();
  for (const decision of input.decisions) {
    const parsed = parseDecisionId(decision.id);
    if (parsed !== null) named.add(parsed.file);
  }
  const files: Record<string, string | null> = {};
  for (const file of [...named].sort()) {
    const output = input.plan.get(file);
    if (output === undefined) {
      if (input.target.files.has(file)) files[file] = null;
      continue;
    }
    switch (output.kind) {
      case 'target':
        break;
      case 'write':
        files[file] = digest(serializeDocument(output.doc));
        break;
      case 'source':
        files[file] = digest(await readFile(path.join(input.sourceRoot, ...file.split('/'))));
        break;
      default:
        assertNever(output);
    }
  }
  const { decisions, now, targetRoot } = input;
  return (backupDir) => {
    const record: CommitRecord = {
      format: 'carryover-last-commit/1',
      time: now.toISOString(),
      backup: path.resolve(backupDir),
      backupRelative: path.relative(path.resolve(targetRoot), path.resolve(backupDir)).split(path.sep).join('/'),
      decisions: [...decisions],
      files,
      undone: [],
    };
    return new Map([['last-commit.json', JSON.stringify(record, null, 2) + '\n']]);
  };
}
