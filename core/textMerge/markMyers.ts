/**
 * The Myers diff of git's xdiff (docs/merge-behaviour.md, "The diff algorithm"), ported from
 * xdiff/xprepare.c (`xdl_trim_ends`, `xdl_cleanup_records`, `xdl_clean_mmatch`) and
 * xdiff/xdiffi.c (`xdl_split`, `xdl_recs_cmp`), LGPL-2.1+ (LibXDiff by Davide Libenzi, and the
 * git authors). Its own module so that diffLines, patience and histogram can all use it
 * without an import cycle (a cycle that the renderer's bundler splits across chunks hangs the
 * lazy load of the merge editor).
 */
const MAX_EQ_LIMIT = 1024;
const SIMSCAN_WINDOW = 100;
const KPDIS_RUN = 4;
const MAX_COST_MIN = 256;
const HEUR_MIN_COST = 256;
const SNAKE_CNT = 20;
const K_HEUR = 4;
const LINE_MAX = 0x7fffffff;

/**
 * xdiff's xdl_do_diff with the Myers algorithm: marks the changed lines of `a` and `b` in
 * `changed1` and `changed2` (line i at i + 1), without compaction. `minimal` is
 * XDF_NEED_MINIMAL: no cost heuristics, a shortest edit script however long it takes.
 * The patience and histogram diffs hand it the ranges they find no anchor in.
 */
export function markMyers(a: Int32Array, b: Int32Array, idLimit: number | undefined, changed1: Uint8Array, changed2: Uint8Array, minimal: boolean): void {
  const n1 = a.length;
  const n2 = b.length;
  let recs1: Int32Array = a;
  let recs2: Int32Array = b;
  let ids = idLimit ?? 0;
  if (idLimit === undefined || idLimit > 2 * (n1 + n2) + 1024) {
    // Dense local ids, so that per-id counts fit small typed arrays.
    const local = new Map<number, number>();
    const r1 = new Int32Array(n1);
    const r2 = new Int32Array(n2);
    for (let i = 0; i < n1; i++) r1[i] = localId(local, a[i]);
    for (let i = 0; i < n2; i++) r2[i] = localId(local, b[i]);
    recs1 = r1;
    recs2 = r2;
    ids = local.size;
  }
  const count1 = new Int32Array(ids);
  const count2 = new Int32Array(ids);
  for (let i = 0; i < n1; i++) count1[recs1[i]]++;
  for (let i = 0; i < n2; i++) count2[recs2[i]]++;

  // xdl_trim_ends: common head and tail never enter the diff.
  const lim = Math.min(n1, n2);
  let dstart = 0;
  while (dstart < lim && recs1[dstart] === recs2[dstart]) dstart++;
  let tail = 0;
  while (tail < lim - dstart && recs1[n1 - 1 - tail] === recs2[n2 - 1 - tail]) tail++;
  const dend1 = n1 - tail - 1;
  const dend2 = n2 - tail - 1;

  // xdl_cleanup_records: lines without a match on the other side are changed for sure; lines
  // with very many matches are dropped too when they sit among such lines.
  const reduced1 = cleanupRecords(recs1, dstart, dend1, count2, changed1);
  const reduced2 = cleanupRecords(recs2, dstart, dend2, count1, changed2);

  compareRecords(reduced1, reduced2, changed1, changed2, minimal);
}

function localId(ids: Map<number, number>, id: number): number {
  let local = ids.get(id);
  if (local === undefined) {
    local = ids.size;
    ids.set(id, local);
  }
  return local;
}

/** xdl_bogosqrt: a cheap stand-in for the square root (the next power of two above sqrt(n)), which sizes xdiff's cost limits. */
function bogosqrt(n: number): number {
  let i = 1;
  for (; n > 0; n >>= 2) i <<= 1;
  return i;
}

/** The lines left for the Myers pass: their ids and their indices in the whole sequence. */
interface Reduced {
  ha: Int32Array;
  rindex: Int32Array;
  n: number;
}

function cleanupRecords(recs: ArrayLike<number>, dstart: number, dend: number, otherCount: Int32Array, changed: Uint8Array): Reduced {
  const nrec = recs.length;
  const mlim = Math.min(bogosqrt(nrec), MAX_EQ_LIMIT);
  const dis = new Uint8Array(nrec + 1);
  for (let i = dstart; i <= dend; i++) {
    const nm = otherCount[recs[i]];
    dis[i] = nm === 0 ? 0 : nm >= mlim ? 2 : 1;
  }
  const ha = new Int32Array(Math.max(0, dend - dstart + 1));
  const rindex = new Int32Array(Math.max(0, dend - dstart + 1));
  let n = 0;
  for (let i = dstart; i <= dend; i++) {
    if (dis[i] === 1 || (dis[i] === 2 && !cleanMultimatch(dis, i, dstart, dend))) {
      rindex[n] = i;
      ha[n] = recs[i];
      n++;
    } else {
      changed[i + 1] = 1;
    }
  }
  return { ha, rindex, n };
}

/** xdl_clean_mmatch: is this many-matches line inside a run of mostly unmatched lines? */
function cleanMultimatch(dis: Uint8Array, i: number, s: number, e: number): boolean {
  if (i - s > SIMSCAN_WINDOW) s = i - SIMSCAN_WINDOW;
  if (e - i > SIMSCAN_WINDOW) e = i + SIMSCAN_WINDOW;
  let rdis0 = 0;
  let rpdis0 = 1;
  for (let r = 1; i - r >= s; r++) {
    const d = dis[i - r];
    if (d === 0) rdis0++;
    else if (d === 2) rpdis0++;
    else break;
  }
  if (rdis0 === 0) return false;
  let rdis1 = 0;
  let rpdis1 = 1;
  for (let r = 1; i + r <= e; r++) {
    const d = dis[i + r];
    if (d === 0) rdis1++;
    else if (d === 2) rpdis1++;
    else break;
  }
  if (rdis1 === 0) return false;
  rdis1 += rdis0;
  rpdis1 += rpdis0;
  return rpdis1 * KPDIS_RUN < rpdis1 + rdis1;
}

/** xdl_recs_cmp: divide and conquer over the reduced lines, marking changed ones. */
function compareRecords(r1: Reduced, r2: Reduced, changed1: Uint8Array, changed2: Uint8Array, minimal: boolean): void {
  const ha1 = r1.ha;
  const ha2 = r2.ha;
  const ndiags = r1.n + r2.n + 3;
  const kvdf = new Int32Array(ndiags);
  const kvdb = new Int32Array(ndiags);
  const base = r2.n + 1; // kvdf[d + base] is xdiff's kvdf[d]
  const mxcost = Math.max(bogosqrt(ndiags), MAX_COST_MIN);
  const split = { i1: 0, i2: 0, minLo: false, minHi: false };

  // Boxes still to compare: off1, lim1, off2, lim2, needMin. The order of the boxes does not
  // matter (each only marks its own lines); a stack avoids deep recursion.
  const stack: number[] = [0, r1.n, 0, r2.n, minimal ? 1 : 0];
  while (stack.length > 0) {
    const needMin = stack.pop() === 1;
    let lim2 = stack.pop() as number;
    let off2 = stack.pop() as number;
    let lim1 = stack.pop() as number;
    let off1 = stack.pop() as number;

    while (off1 < lim1 && off2 < lim2 && ha1[off1] === ha2[off2]) {
      off1++;
      off2++;
    }
    while (off1 < lim1 && off2 < lim2 && ha1[lim1 - 1] === ha2[lim2 - 1]) {
      lim1--;
      lim2--;
    }
    if (off1 === lim1) {
      for (; off2 < lim2; off2++) changed2[r2.rindex[off2] + 1] = 1;
    } else if (off2 === lim2) {
      for (; off1 < lim1; off1++) changed1[r1.rindex[off1] + 1] = 1;
    } else {
      findSplit(off1, lim1, off2, lim2, needMin);
      const { i1, i2, minLo, minHi } = split;
      stack.push(i1, lim1, i2, lim2, minHi ? 1 : 0);
      stack.push(off1, i1, off2, i2, minLo ? 1 : 0);
    }
  }

  /** xdl_split: the middle snake of the box, or a heuristic cut when the box is expensive. */
  function findSplit(off1: number, lim1: number, off2: number, lim2: number, needMin: boolean): void {
    const dmin = off1 - lim2;
    const dmax = lim1 - off2;
    const fmid = off1 - off2;
    const bmid = lim1 - lim2;
    const odd = ((fmid - bmid) & 1) === 1;
    let fmin = fmid;
    let fmax = fmid;
    let bmin = bmid;
    let bmax = bmid;
    kvdf[fmid + base] = off1;
    kvdb[bmid + base] = lim1;

    for (let ec = 1; ; ec++) {
      let gotSnake = false;

      if (fmin > dmin) kvdf[--fmin - 1 + base] = -1;
      else ++fmin;
      if (fmax < dmax) kvdf[++fmax + 1 + base] = -1;
      else --fmax;

      for (let d = fmax; d >= fmin; d -= 2) {
        let i1 = kvdf[d - 1 + base] >= kvdf[d + 1 + base] ? kvdf[d - 1 + base] + 1 : kvdf[d + 1 + base];
        const prev1 = i1;
        let i2 = i1 - d;
        while (i1 < lim1 && i2 < lim2 && ha1[i1] === ha2[i2]) {
          i1++;
          i2++;
        }
        if (i1 - prev1 > SNAKE_CNT) gotSnake = true;
        kvdf[d + base] = i1;
        if (odd && bmin <= d && d <= bmax && kvdb[d + base] <= i1) {
          setSplit(i1, i2, true, true);
          return;
        }
      }

      if (bmin > dmin) kvdb[--bmin - 1 + base] = LINE_MAX;
      else ++bmin;
      if (bmax < dmax) kvdb[++bmax + 1 + base] = LINE_MAX;
      else --bmax;

      for (let d = bmax; d >= bmin; d -= 2) {
        let i1 = kvdb[d - 1 + base] < kvdb[d + 1 + base] ? kvdb[d - 1 + base] : kvdb[d + 1 + base] - 1;
        const prev1 = i1;
        let i2 = i1 - d;
        while (i1 > off1 && i2 > off2 && ha1[i1 - 1] === ha2[i2 - 1]) {
          i1--;
          i2--;
        }
        if (prev1 - i1 > SNAKE_CNT) gotSnake = true;
        kvdb[d + base] = i1;
        if (!odd && fmin <= d && d <= fmax && i1 <= kvdf[d + base]) {
          setSplit(i1, i2, true, true);
          return;
        }
      }

      if (needMin) continue;

      // Past a cost threshold, settle for a diagonal that reached far with a good snake.
      if (gotSnake && ec > HEUR_MIN_COST) {
        let best = 0;
        for (let d = fmax; d >= fmin; d -= 2) {
          const dd = d > fmid ? d - fmid : fmid - d;
          const i1 = kvdf[d + base];
          const i2 = i1 - d;
          const v = i1 - off1 + (i2 - off2) - dd;
          if (v > K_HEUR * ec && v > best && off1 + SNAKE_CNT <= i1 && i1 < lim1 && off2 + SNAKE_CNT <= i2 && i2 < lim2) {
            for (let k = 1; ha1[i1 - k] === ha2[i2 - k]; k++) {
              if (k === SNAKE_CNT) {
                best = v;
                split.i1 = i1;
                split.i2 = i2;
                break;
              }
            }
          }
        }
        if (best > 0) {
          split.minLo = true;
          split.minHi = false;
          return;
        }

        for (let d = bmax; d >= bmin; d -= 2) {
          const dd = d > bmid ? d - bmid : bmid - d;
          const i1 = kvdb[d + base];
          const i2 = i1 - d;
          const v = lim1 - i1 + (lim2 - i2) - dd;
          if (v > K_HEUR * ec && v > best && off1 < i1 && i1 <= lim1 - SNAKE_CNT && off2 < i2 && i2 <= lim2 - SNAKE_CNT) {
            for (let k = 0; ha1[i1 + k] === ha2[i2 + k]; k++) {
              if (k === SNAKE_CNT - 1) {
                best = v;
                split.i1 = i1;
                split.i2 = i2;
                break;
              }
            }
          }
        }
        if (best > 0) {
          split.minLo = false;
          split.minHi = true;
          return;
        }
      }

      // Enough is enough: take the furthest reaching path.
      if (ec >= mxcost) {
        let fbest = -1;
        let fbest1 = -1;
        for (let d = fmax; d >= fmin; d -= 2) {
          let i1 = Math.min(kvdf[d + base], lim1);
          let i2 = i1 - d;
          if (lim2 < i2) {
            i1 = lim2 + d;
            i2 = lim2;
          }
          if (fbest < i1 + i2) {
            fbest = i1 + i2;
            fbest1 = i1;
          }
        }
        let bbest = LINE_MAX;
        let bbest1 = LINE_MAX;
        for (let d = bmax; d >= bmin; d -= 2) {
          let i1 = Math.max(off1, kvdb[d + base]);
          let i2 = i1 - d;
          if (i2 < off2) {
            i1 = off2 + d;
            i2 = off2;
          }
          if (i1 + i2 < bbest) {
            bbest = i1 + i2;
            bbest1 = i1;
          }
        }
        if (lim1 + lim2 - bbest < fbest - (off1 + off2)) setSplit(fbest1, fbest - fbest1, true, false);
        else setSplit(bbest1, bbest - bbest1, false, true);
        return;
      }
    }
  }

  function setSplit(i1: number, i2: number, minLo: boolean, minHi: boolean): void {
    split.i1 = i1;
    split.i2 = i2;
    split.minLo = minLo;
    split.minHi = minHi;
  }
}

