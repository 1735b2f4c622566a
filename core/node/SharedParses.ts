import type { JsonObject } from '../json.js';
import type { ParseJsonResult } from '../parseJson.js';
import { documentsEquivalent, documentsStrictlyEqual } from '../equivalence.js';
import { objectId } from '../ids.js';
import { pairStandIns } from '../standIns.js';
import { isValidLoneBase, nameCollisions, standIn, versionObject } from '../validateConfiguration.js';

/** What the first of two readers left for the second: its bytes and its (successful) parse. */
interface Offered {
  bytes: Uint8Array;
  parsed: ParseJsonResult;
  /** The configuration of the reader that offered it, when it said. */
  side?: Side;
}

/** Which configuration of a pair a reader reads. */
export type Side = 'source' | 'target';

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
  /** Shared parses replaced by a stand-in (`standIns`; for measurements and tests). */
  standIns = 0;
  /** With `standIns`: the files each reader will read (`listed`), until both have listed theirs. */
  private readonly listings: (readonly string[])[] = [];
  /** With `standIns`, once both readers have listed their files: the paths of lone bases. */
  private lone: ReadonlySet<string> | null = null;

  /** The first reader's parse of a lone base whose bytes the second reader found different, until it has parsed its own. */
  private readonly changed = new Map<string, Offered>();
  /** Lone bases the reader thread validated, by path, until the second reader takes the stand-in. */
  private readonly validLone = new Map<string, ParseJsonResult>();

  /**
   * With `standIns` (a pair read for one merge, not kept for another: docs/performance.md, "Lone
   * bases held as stand-ins"), a lone base, a vendor version that no other version of its object
   * accompanies in either reader's list, is validated as the second reader comes to it and then
   * held as a stand-in without content (core/standIns.ts): one for both readers when they read
   * the same bytes (`claim`, or the reader thread's check: `validLoneBase`), one each, paired with
   * what the merge asks of the two, when the vendor changed it (`parsedChanged`). The documents
   * die young instead of being kept, and copied by the collector, until the merge, which never
   * looks into them.
   */
  constructor(private readonly options: { standIns?: boolean } = {}) {}

  /** With `standIns`, once both readers have listed their files: the paths of the lone bases. */
  loneBases(): ReadonlySet<string> | null {
    return this.lone;
  }

  /**
   * A lone base the reader thread validated (readFiles.ts, `loneBase`): both readers get the same
   * result, holding one stand-in.
   */
  validLoneBase(path: string, bom: boolean): ParseJsonResult {
    const first = this.validLone.get(path);
    if (first !== undefined) {
      this.validLone.delete(path);
      return first;
    }
    const result: ParseJsonResult = { ok: true, value: standIn(path), bom };
    this.validLone.set(path, result);
    this.standIns++;
    this.shared++;
    return result;
  }

  /**
   * With `standIns`: the relative paths of every file one reader will read, given before it reads
   * any. Once both readers have given theirs, the lone bases are known.
   */
  listed(paths: readonly string[]): void {
    if (this.options.standIns !== true || this.sealed) return;
    this.listings.push(paths);
    if (this.listings.length === 2) this.lone = loneBases(this.listings[0], this.listings[1]);
  }
  /**
   * Once the first reader is done (`seal`: one Source read once for several Targets, docs/cli.md,
   * "Many Targets"), its parses stay for every later reader.
   */
  private sealed = false;
  /**
   * After `seal`: the first later reader's parse of each path whose bytes differ from the first
   * reader's (or that it did not have), kept for the readers after it. Targets copied from one
   * another (test, production, each site) hold the same customized versions and the same old
   * base versions: each is then parsed once for all of them.
   */
  private readonly later = new Map<string, Offered>();

  /** Makes the parses offered so far permanent, for any number of later readers (see `later`). */
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
    if (this.sealed) {
      for (const candidate of [offered, this.later.get(path)]) {
        if (candidate?.parsed.ok === true && sameBytes(candidate.bytes, bytes)) {
          this.shared++;
          return candidate.parsed;
        }
      }
      return this.later.has(path) ? 'parse' : 'first';
    }
    if (offered === undefined) return 'first';
    if (offered === null) return 'parse';
    this.byPath.set(path, null); // the bytes are no longer needed
    if (!offered.parsed.ok || !sameBytes(offered.bytes, bytes)) {
      // A lone base the vendor changed: its pair may become stand-ins once this reader parsed its own (`parsedChanged`).
      if (offered.parsed.ok && offered.side !== undefined && this.lone?.has(path) === true) this.changed.set(path, offered);
      return 'parse';
    }
    this.shared++;
    if (this.lone?.has(path) === true && offered.parsed.keyOrder === undefined && isValidLoneBase(path, offered.parsed.value)) {
      // The first reader's entry holds this very result: both now hold the stand-in.
      offered.parsed.value = standIn(path);
      this.standIns++;
    }
    return offered.parsed;
  }

  /**
   * After `seal`: the size in bytes of the parse a later reader of `path` is most likely to share
   * (the parse of an earlier Target, else the first reader's), or `NaN` when there is none. A
   * reader that finds a file of that size need not count its key tokens for a parse that will
   * probably not happen (readFiles.ts, `knownSizes`).
   */
  knownSize(path: string): number {
    if (!this.sealed) return NaN;
    const candidate = this.later.get(path) ?? this.byPath.get(path);
    return candidate?.parsed.ok === true ? candidate.bytes.length : NaN;
  }

  /** Leaves the first reader's bytes and parse of `path` for the second reader (after `seal`: for the later readers). */
  offer(path: string, bytes: Uint8Array, parsed: ParseJsonResult, side?: Side): void {
    if (this.sealed) {
      if (parsed.ok && !this.later.has(path)) this.later.set(path, { bytes, parsed });
      return;
    }
    const offered: Offered = parsed.ok ? { bytes, parsed } : { bytes: new Uint8Array(0), parsed };
    if (side !== undefined) offered.side = side;
    this.byPath.set(path, offered);
  }

  /**
   * The second reader's own parse of `path`, after `claim` told it to parse (the bytes differ).
   * With `standIns`, when `path` is a lone base the vendor changed (the Source's and the Target's
   * bytes differ, no other version of its object in either) and both documents are valid lone
   * bases, what the merge and the validation ask of the two is found now (equal? equivalent, with
   * and without `ignoreWhitespace`? names that differ only in case?), and both readers then hold a
   * stand-in each, paired with those answers (core/standIns.ts): neither document is kept.
   */
  parsedChanged(path: string, parsed: ParseJsonResult, side?: Side): void {
    const first = this.changed.get(path);
    if (first === undefined) return;
    this.changed.delete(path);
    if (side === undefined || first.side === side) return;
    const [source, target] = side === 'target' ? [first.parsed, parsed] : [parsed, first.parsed];
    const object = versionObject(path);
    if (!source.ok || !target.ok || source.keyOrder !== undefined || target.keyOrder !== undefined || object === null) return;
    if (!isValidLoneBase(path, source.value) || !isValidLoneBase(path, target.value)) return;
    const s = source.value as JsonObject;
    const t = target.value as JsonObject;
    // In the order synchronize.ts asks (the Target's base first).
    const facts = {
      strictlyEqual: documentsStrictlyEqual(t, s),
      equivalent: [documentsEquivalent(t, s, false, object), documentsEquivalent(t, s, true, object)] as const,
      nameCollisions: nameCollisions(s, t, object),
    };
    const sourceStandIn = standIn(path);
    const targetStandIn = standIn(path);
    pairStandIns(sourceStandIn, targetStandIn, facts);
    source.value = sourceStandIn;
    target.value = targetStandIn;
    this.standIns += 2;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  // Read together (readFiles.ts, `SharedReads`), the same bytes come as the same object.
  return a === b || (a.length === b.length && Buffer.compare(a, b) === 0);
}

/**
 * The object of a form or global object version at `path` (its layout, as validateConfiguration.ts
 * places it), or null for any other file: the Explorer and runtime files are never lone bases.
 */
function objectKey(path: string): string | null {
  const object = versionObject(path);
  return object !== null && (object.kind === 'form' || object.kind === 'global') ? objectId(object) : null;
}

/**
 * The vendor versions that both lists hold at the same path and whose object has no other version
 * in either list (by exact name: a name that differs only in case is refused before any merge).
 */
function loneBases(a: readonly string[], b: readonly string[]): Set<string> {
  const count = (paths: readonly string[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const path of paths) {
      const key = objectKey(path);
      if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  };
  const inA = count(a);
  const inB = count(b);
  const inBoth = new Set(b);
  const lone = new Set<string>();
  for (const path of a) {
    if (!path.startsWith('vendor/') || !inBoth.has(path)) continue;
    const key = objectKey(path);
    if (key !== null && inA.get(key) === 1 && inB.get(key) === 1) lone.add(path);
  }
  return lone;
}
