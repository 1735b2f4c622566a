import type { ParseJsonResult } from '../parseJson.js';

/** What the first of two readers left for the second: its bytes and its (successful) parse. */
interface Offered {
  bytes: Uint8Array;
  parsed: ParseJsonResult;
}

/**
 * Lets the two configurations of a synchronization, read at the same time, share the parse of a
 * file that both hold at the same relative path with the same bytes: a Source and a Target share
 * most of their base versions (every form the vendor did not change). The second reader compares
 * bytes, far cheaper than parsing, and takes the first reader's parsed document; the engine then
 * finds the two versions identical at once (`a === b`), and validation skips a document it has
 * already found valid at that path.
 *
 * Sharing is safe because nothing mutates a parsed document. Only successful parses are shared:
 * a parse's problems name its own file. Each path is expected from at most two readers; the
 * bytes of a file are kept only until the other reader reaches it (files only one configuration
 * has are kept until the load ends, then dropped with this object).
 */
export class SharedParses {
  /** Offered by the first reader of a path; `null` once the second has come. */
  private readonly byPath = new Map<string, Offered | null>();
  /** Files whose parse was shared (for measurements and tests). */
  shared = 0;
  /**
   * Kept for every reader after the first (several Targets paired with one Source, docs/cli.md,
   * "Many Targets"): once the first reader is done (`seal`), its parses stay for each later
   * reader, and later readers offer nothing.
   */
  private sealed = false;

  /**
   * Makes the parses offered so far permanent: each later reader may take them, and a path no
   * one offered is parsed by its reader alone. For one Source read once and many Targets.
   */
  seal(): void {
    this.sealed = true;
  }

  /**
   * For a reader that has just read `bytes` at `path`: the other reader's parse when it read the
   * very same bytes, `'first'` when this reader is the first (it should `offer` its parse), or
   * `'parse'` when it must parse on its own and keep the result to itself.
   */
  claim(path: string, bytes: Uint8Array): ParseJsonResult | 'first' | 'parse' {
    const offered = this.byPath.get(path);
    if (offered === undefined) return this.sealed ? 'parse' : 'first';
    if (offered === null) return 'parse';
    if (!this.sealed) this.byPath.set(path, null); // the bytes are no longer needed
    if (!offered.parsed.ok || !sameBytes(offered.bytes, bytes)) return 'parse';
    this.shared++;
    return offered.parsed;
  }

  /** Leaves the first reader's bytes and parse of `path` for the second reader. */
  offer(path: string, bytes: Uint8Array, parsed: ParseJsonResult): void {
    this.byPath.set(path, parsed.ok ? { bytes, parsed } : { bytes: new Uint8Array(0), parsed });
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}
