/**
 * The id among `candidates` nearest to `id` by edit distance (Levenshtein, one per inserted,
 * deleted or replaced character), for a "did you mean" hint; `null` when there is none close
 * enough: at most a third of `id`'s length (at least 2) apart, so that an unrelated id is never
 * suggested. Ties go to the candidate that comes first, so the hint is deterministic.
 */
export function nearestId(id: string, candidates: Iterable<string>): string | null {
  const limit = Math.max(2, Math.floor(id.length / 3));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === id) return candidate;
    if (Math.abs(candidate.length - id.length) >= bestDistance) continue;
    const distance = editDistance(id, candidate, bestDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance of two strings, or any number `>= bound` once it is known to reach `bound`. */
export function editDistance(a: string, b: string, bound = Number.POSITIVE_INFINITY): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (current[j]! < rowMin) rowMin = current[j]!;
    }
    // Every later row is at least this row's minimum: stop once it cannot beat the bound.
    if (rowMin >= bound) return rowMin;
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}
