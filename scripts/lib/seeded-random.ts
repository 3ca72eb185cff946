// The one seeded PRNG of the tests and scripts (the product's own is src/samples/prng.ts, whose
// stream is part of the output contract): a failure or a data set can be replayed from its seed.

export type Rng = () => number;

/** mulberry32: a small, fast, seedable PRNG (deterministic across platforms), floats in [0, 1). */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
