/**
 * A text cut into lines that keep their line endings, as {@link splitLines} cuts it (only `\n`
 * ends a line), with one id per line: equal ids ⇔ equal lines. Line `i` is
 * `text.slice(starts[i], starts[i + 1])`; `starts` has `count + 1` entries, the last one being
 * the text's length.
 */
export interface LineIndex {
  text: string;
  count: number;
  starts: Int32Array;
  ids: Int32Array;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/**
 * Gives every distinct line an id, dense from 0, across all the texts split with one interner.
 * No string is made per line: lines are hashed in place (FNV-1a over the UTF-16 code units,
 * open addressing) and compared with the first line of their kind, which keeps a merge of
 * 100,000-line scripts fast and light on garbage.
 */
export class LineInterner {
  private table = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 11);
  /** Where the first line of each id is: its text, start and length. */
  private readonly firstText: string[] = [];
  private firstStart = new Int32Array(1 << 11);
  private firstLength = new Int32Array(1 << 11);

  /** Number of distinct lines seen so far; every id is below it. */
  get size(): number {
    return this.firstText.length;
  }

  /** Cuts a text into lines and gives each its id. */
  split(text: string): LineIndex {
    const n = text.length;
    let starts = new Int32Array(Math.max(16, (n >> 4) + 2));
    let ids = new Int32Array(starts.length);
    let count = 0;
    for (let start = 0; start < n; ) {
      const newline = text.indexOf('\n', start);
      const end = newline === -1 ? n : newline + 1;
      let hash = FNV_OFFSET;
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
      if (count + 1 >= starts.length) {
        starts = grow(starts);
        ids = grow(ids);
      }
      starts[count] = start;
      ids[count] = this.idOf(text, start, end - start, hash);
      count++;
      start = end;
    }
    starts[count] = n;
    return { text, count, starts: starts.subarray(0, count + 1), ids: ids.subarray(0, count) };
  }

  private idOf(text: string, start: number, length: number, hash: number): number {
    const mask = this.table.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.table[slot];
      if (entry === 0) break;
      const id = entry - 1;
      if (this.hashes[id] === hash && this.firstLength[id] === length && sameChars(text, start, this.firstText[id], this.firstStart[id], length)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.firstText.length;
    if (id >= this.hashes.length) {
      this.hashes = grow(this.hashes);
      this.firstStart = grow(this.firstStart);
      this.firstLength = grow(this.firstLength);
    }
    this.firstText.push(text);
    this.hashes[id] = hash;
    this.firstStart[id] = start;
    this.firstLength[id] = length;
    this.table[slot] = id + 1;
    if (this.firstText.length * 2 > this.table.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let id = 0; id < this.firstText.length; id++) {
      let slot = this.hashes[id] & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = id + 1;
    }
    this.table = table;
  }
}

/** The lines `start .. start + count` of an indexed text, as strings. */
export function linesOf(index: LineIndex, start: number, count: number): string[] {
  const lines = new Array<string>(count);
  for (let k = 0; k < count; k++) lines[k] = index.text.slice(index.starts[start + k], index.starts[start + k + 1]);
  return lines;
}

/** The lines `start .. start + count` of an indexed text, as one string. */
export function textOf(index: LineIndex, start: number, count: number): string {
  return index.text.slice(index.starts[start], index.starts[start + count]);
}

function sameChars(a: string, aStart: number, b: string, bStart: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a.charCodeAt(aStart + k) !== b.charCodeAt(bStart + k)) return false;
  return true;
}

function grow(array: Int32Array): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}
