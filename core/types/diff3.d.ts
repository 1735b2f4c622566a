declare module 'diff3' {
  /** One region of a three-way merge: lines all sides agree on, or a conflict. */
  export type Diff3Region<T> =
    | { ok: T[] }
    | { conflict: { a: T[]; aIndex: number; o: T[]; oIndex: number; b: T[]; bIndex: number } };
  /** Merges `a` and `b`, both derived from `o`, into regions. */
  function diff3Merge<T>(a: T[], o: T[], b: T[]): Diff3Region<T>[];
  export default diff3Merge;
}
