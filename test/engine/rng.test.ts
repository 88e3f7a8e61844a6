// engine.md §3: xorshift64*, bit-compatible with the reference. Golden values are the spec's; the
// property tests check the two-32-bit-halves implementation against a plain BigInt one.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modU64, Rng } from '../../src/engine/rng.js';

const U64_MASK = (1n << 64n) - 1n;
const MULTIPLIER = 0x2545f4914f6cdd1dn;

/** The spec's algorithm written as directly as possible, in BigInt: the oracle. */
class BigIntRng {
  state: bigint;
  constructor(seed: bigint) {
    this.state = seed === 0n ? 1n : seed;
  }
  next(): bigint {
    let x = this.state;
    x ^= x >> 12n;
    x = (x ^ (x << 25n)) & U64_MASK;
    x ^= x >> 27n;
    this.state = x;
    return (x * MULTIPLIER) & U64_MASK;
  }
  float(): number {
    return Number(this.next() >> 11n) * 2 ** -53;
  }
  intInRange(lo: number, hi: number): number {
    return Number(BigInt(lo) + (this.next() % BigInt(hi - lo)));
  }
}

const takeU64 = (rng: Rng, n: number): bigint[] => Array.from({ length: n }, () => rng.nextU64());

describe('§3 seed and next', () => {
  it('seed 12345 gives 10977518812293740004, 13893246733018840292, 1412386850724336324', () => {
    expect(takeU64(new Rng(12345), 3)).toEqual([10977518812293740004n, 13893246733018840292n, 1412386850724336324n]);
  });

  it('seed 0 becomes 1: first output 5180492295206395165', () => {
    expect(new Rng(0).nextU64()).toBe(5180492295206395165n);
    expect(new Rng(1).nextU64()).toBe(5180492295206395165n);
  });

  it('accepts the seed as number, bigint or string of digits, all alike', () => {
    const fromNumber = takeU64(new Rng(12345), 5);
    expect(takeU64(new Rng(12345n), 5)).toEqual(fromNumber);
    expect(takeU64(new Rng('12345'), 5)).toEqual(fromNumber);
  });

  it('accepts seeds above 2^53 up to 2^64 − 1 as strings and bigints', () => {
    const max = '18446744073709551615';
    const oracle = new BigIntRng(BigInt(max));
    const rng = new Rng(max);
    for (let i = 0; i < 10; i++) expect(rng.nextU64()).toBe(oracle.next());
    expect(takeU64(new Rng(2n ** 60n + 3n), 3)).toEqual(takeU64(new Rng('1152921504606846979'), 3));
  });

  it('rejects seeds that are negative, >= 2^64, unsafe numbers or not digits', () => {
    expect(() => new Rng(-1)).toThrow(RangeError);
    expect(() => new Rng(-1n)).toThrow(RangeError);
    expect(() => new Rng(2n ** 64n)).toThrow(RangeError);
    expect(() => new Rng('18446744073709551616')).toThrow(RangeError);
    expect(() => new Rng(2 ** 60)).toThrow(RangeError);
    expect(() => new Rng(1.5)).toThrow(RangeError);
    expect(() => new Rng('12a')).toThrow(RangeError);
    expect(() => new Rng('-5')).toThrow(RangeError);
    expect(() => new Rng('')).toThrow(RangeError);
  });
});

describe('§3 float in [0, 1) = (next >> 11) × 2^−53', () => {
  it('seed 42 gives 0.33908526400192196, 0.78225584791992431, 0.79013704526877859', () => {
    const rng = new Rng(42);
    expect([rng.nextFloat(), rng.nextFloat(), rng.nextFloat()]).toEqual([
      0.33908526400192196, 0.78225584791992431, 0.79013704526877859,
    ]);
  });
});

describe('§3 integer in [lo, hi) = lo + (next mod (hi − lo))', () => {
  it('seed 12345, ten ints in [0, 100): 4, 92, 24, 41, 75, 67, 50, 29, 61, 64', () => {
    const rng = new Rng(12345);
    const ints = Array.from({ length: 10 }, () => rng.nextIntInRange(0, 100));
    expect(ints).toEqual([4, 92, 24, 41, 75, 67, 50, 29, 61, 64]);
  });

  it('offsets by lo, negative lo included (the wrapping u64 sum is the signed sum)', () => {
    const a = new Rng(12345);
    const b = new Rng(12345);
    for (let i = 0; i < 20; i++) expect(a.nextIntInRange(-50, 50)).toBe(b.nextIntInRange(0, 100) - 50);
  });

  it('a range of one value draws once and returns lo', () => {
    const rng = new Rng(5);
    const twin = new Rng(5);
    expect(rng.nextIntInRange(7, 8)).toBe(7);
    twin.nextU64();
    expect(rng.saveState()).toBe(twin.saveState());
  });

  it('rejects empty, reversed, non-integer and wider-than-2^53 ranges', () => {
    const rng = new Rng(1);
    expect(() => rng.nextIntInRange(5, 5)).toThrow(RangeError);
    expect(() => rng.nextIntInRange(5, 4)).toThrow(RangeError);
    expect(() => rng.nextIntInRange(0, 1.5)).toThrow(RangeError);
    expect(() => rng.nextIntInRange(-(2 ** 52), 2 ** 52 + 2)).toThrow(RangeError);
    expect(() => rng.nextIntInRange(0, 2 ** 53)).toThrow(RangeError); // 2^53 is not a safe integer
    expect(() => rng.nextIntInRange(-(2 ** 53 - 1), 2 ** 53 - 1)).toThrow(RangeError);
  });

  it('accepts a range of exactly 2^53 values', () => {
    const rng = new Rng(77);
    const oracle = new BigIntRng(77n);
    for (let i = 0; i < 100; i++) {
      expect(rng.nextIntInRange(-(2 ** 52), 2 ** 52)).toBe(Number(-(2n ** 52n) + (oracle.next() % 2n ** 53n)));
    }
  });
});

describe('§3 Poisson by Knuth', () => {
  it('seed 42, ten Poisson(2.0): 5, 1, 2, 2, 0, 2, 3, 1, 1, 4', () => {
    const rng = new Rng(42);
    expect(Array.from({ length: 10 }, () => rng.poisson(2.0))).toEqual([5, 1, 2, 2, 0, 2, 3, 1, 1, 4]);
  });

  it('λ <= 0 returns 0 without drawing (the state is unchanged)', () => {
    const rng = new Rng(42);
    const before = rng.saveState();
    expect(rng.poisson(0)).toBe(0);
    expect(rng.poisson(-3)).toBe(0);
    expect(rng.saveState()).toBe(before);
  });

  it('draws k + 1 floats for a result of k', () => {
    const rng = new Rng(42);
    const oracle = new Rng(42);
    for (let i = 0; i < 50; i++) {
      const k = rng.poisson(1.5);
      for (let j = 0; j <= k; j++) oracle.nextFloat();
      expect(rng.saveState()).toBe(oracle.saveState());
    }
  });
});

describe('§3 standard normal: Box–Muller cosine branch, two floats each time', () => {
  it('seed 7, three normals: 0.5666978346953067, 1.7141420245067802, −1.1702706619638308', () => {
    const rng = new Rng(7);
    expect([rng.standardNormal(), rng.standardNormal(), rng.standardNormal()]).toEqual([
      0.5666978346953067, 1.7141420245067802, -1.1702706619638308,
    ]);
  });

  it('uses exactly two floats per call (no caching of the sine branch)', () => {
    const rng = new Rng(7);
    const oracle = new Rng(7);
    rng.standardNormal();
    rng.standardNormal();
    for (let i = 0; i < 4; i++) oracle.nextFloat();
    expect(rng.saveState()).toBe(oracle.saveState());
  });
});

describe('saveState / fromState (checkpoints)', () => {
  it('a restored generator continues identically', () => {
    const rng = new Rng(12345);
    takeU64(rng, 17);
    rng.poisson(3);
    const saved = rng.saveState();
    expect(saved).toMatch(/^[0-9]+$/);
    const resumed = Rng.fromState(saved);
    for (let i = 0; i < 100; i++) {
      expect(resumed.nextU64()).toBe(rng.nextU64());
      expect(resumed.nextFloat()).toBe(rng.nextFloat());
      expect(resumed.nextIntInRange(3, 1_000_003)).toBe(rng.nextIntInRange(3, 1_000_003));
      expect(resumed.standardNormal()).toBe(rng.standardNormal());
    }
  });

  it('saveState of a fresh generator is its seed (0 → 1)', () => {
    expect(new Rng('18446744073709551615').saveState()).toBe('18446744073709551615');
    expect(new Rng(0).saveState()).toBe('1');
  });

  it('fromState rejects state 0 and malformed states', () => {
    expect(() => Rng.fromState('0')).toThrow(RangeError);
    expect(() => Rng.fromState('x')).toThrow(RangeError);
    expect(() => Rng.fromState('18446744073709551616')).toThrow(RangeError);
  });
});

describe('two 32-bit halves = the BigInt reference', () => {
  const seedArb = fc.bigInt({ min: 0n, max: U64_MASK });

  it('u64 outputs and states agree for random seeds over many steps', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rng = new Rng(seed);
        const oracle = new BigIntRng(seed);
        for (let i = 0; i < 500; i++) {
          if (rng.nextU64() !== oracle.next()) return false;
        }
        return rng.saveState() === oracle.state.toString();
      }),
      { numRuns: 300 },
    );
  });

  it('floats agree', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const rng = new Rng(seed);
        const oracle = new BigIntRng(seed);
        for (let i = 0; i < 200; i++) if (rng.nextFloat() !== oracle.float()) return false;
        return true;
      }),
      { numRuns: 200 },
    );
  });

  // Ranges cover every reduction path of modU64: <= 2^21, <= 2^37, <= 2^45 and up to 2^53 values.
  const rangeArb = fc.oneof(
    fc.integer({ min: 1, max: 2 ** 21 }),
    fc.integer({ min: 2 ** 21 - 3, max: 2 ** 21 + 3 }),
    fc.integer({ min: 2 ** 21 + 1, max: 2 ** 37 }),
    fc.integer({ min: 2 ** 37 - 3, max: 2 ** 37 + 3 }),
    fc.integer({ min: 2 ** 37 + 1, max: 2 ** 45 }),
    fc.integer({ min: 2 ** 45 - 3, max: 2 ** 45 + 3 }),
    fc.integer({ min: 2 ** 45 + 1, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER, 2 ** 53),
  );

  it('nextIntInRange agrees, large ranges included', () => {
    fc.assert(
      fc.property(seedArb, rangeArb, fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), (seed, span, offset) => {
        // Keep both bounds safe integers: a span of 2^53 needs lo = −2^52.
        const lo = span === 2 ** 53 ? -(2 ** 52) : Math.min(offset, Number.MAX_SAFE_INTEGER - span);
        const hi = lo + span;
        const rng = new Rng(seed);
        const oracle = new BigIntRng(seed);
        for (let i = 0; i < 50; i++) {
          if (rng.nextIntInRange(lo, hi) !== oracle.intInRange(lo, hi)) return false;
        }
        return true;
      }),
      { numRuns: 1000 },
    );
  });

  it('modU64 is exact for any u64 and any modulus 1..2^53', () => {
    const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
    const edgeU32 = fc.oneof(u32, fc.constantFrom(0, 1, 2 ** 31, 2 ** 32 - 1));
    fc.assert(
      fc.property(edgeU32, edgeU32, rangeArb, (hi, lo, m) => {
        const expected = Number(((BigInt(hi) << 32n) | BigInt(lo)) % BigInt(m));
        return modU64(hi, lo, m) === expected;
      }),
      { numRuns: 20_000 },
    );
  });
});
