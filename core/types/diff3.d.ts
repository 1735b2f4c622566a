declare module 'diff3' {
  namespace diff3Merge {
    /** One region of a three-way merge: lines all sides agree on, or a conflict. */
    type Diff3Region<T> =
      | { ok: T[] }
      | { conflict: { a: T[]; aIndex: number; o: T[]; oIndex: number; b: T[]; bIndex: number } };
  }
  /**
   * Merges `a` and `b`, both derived from `o`, into regions (the package is CommonJS:
   * `module.exports = diff3Merge`, which an ES module imports as its default export).
   */
  function diff3Merge<T>(a: T[], o: T[], b: T[]): diff3Merge.Diff3Region<T>[];
  export = diff3Merge;
}
