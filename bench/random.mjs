// A seeded pseudo-random source for the benchmark generators: the same seed gives the same
// configurations, byte for byte, on every machine.

/** mulberry32: a small deterministic PRNG; `next()` returns a number in [0, 1). */
export class Random {
  constructor(seed) {
    this.state = seed >>> 0;
  }

  next() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n) {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min, max) {
    return min + this.int(max - min + 1);
  }

  /** True with probability p. */
  chance(p) {
    return this.next() < p;
  }

  pick(items) {
    return items[this.int(items.length)];
  }

  /** Picks by weight: `[[item, weight], ...]`. */
  weighted(pairs) {
    let total = 0;
    for (const [, weight] of pairs) total += weight;
    let r = this.next() * total;
    for (const [item, weight] of pairs) {
      r -= weight;
      if (r < 0) return item;
    }
    return pairs[pairs.length - 1][0];
  }

  /** `count` distinct items of `items`, in random order. */
  sample(items, count) {
    const copy = [...items];
    const n = Math.min(count, copy.length);
    for (let i = 0; i < n; i++) {
      const j = i + this.int(copy.length - i);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  }
}

/** A copy of a JSON value (the generators mutate copies, never the vendor's documents). */
export function clone(value) {
  return structuredClone(value);
}
