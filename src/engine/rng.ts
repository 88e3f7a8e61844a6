// The run's random number generator: xorshift64* exactly as engine.md §3, so that a seed produces
// the same arrival stream as the reference simulator bit for bit.
//
// The 64-bit state lives in two unsigned 32-bit halves inside a typed array. BigInt would be the
// obvious representation, but every draw would allocate and a big run makes ~500 000 draws plus a
// Poisson draw per agent per tick; typed-array halves keep the hot path allocation-free and let V8
// keep everything in registers as int32. BigInt appears only at the edges (seeding, saveState,
// nextU64 for tests), which never run per draw.

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
/** 2^−53: a 53-bit integer times this is a float in [0, 1) without rounding. */
const TWO_POW_MINUS_53 = 1 / TWO_POW_53;
const U64_MAX = (1n << 64n) - 1n;

// The xorshift64* multiplier 0x2545F4914F6CDD1D, split into 32-bit halves, and the low half split
// again into 16-bit halves for an exact 32×32→64-bit product in doubles.
const MUL_HI = 0x2545f491;
const MUL_LO = 0x4f6cdd1d;
const MUL_LO_16_HI = MUL_LO >>> 16; // 0x4F6C
const MUL_LO_16_LO = MUL_LO & 0xffff; // 0xDD1D

// Moduli up to these bounds can use the one-, two- or four-step double reductions in modU64, because
// every intermediate stays below 2^53 (see there).
const MOD_ONE_STEP_MAX = 2097152; // 2^21
const MOD_TWO_STEP_MAX = 137438953472; // 2^37
const MOD_FOUR_STEP_MAX = 35184372088832; // 2^45

// Indices into the state array.
const S_HI = 0;
const S_LO = 1;
const OUT_HI = 2;
const OUT_LO = 3;

/** Parses a u64 seed or state given as a decimal string, bigint or safe non-negative integer. */
function toU64(value: string | bigint | number, what: string): bigint {
  let v: bigint;
  if (typeof value === 'bigint') {
    v = value;
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      // A number above 2^53 has already lost bits: the caller must pass a string or bigint.
      throw new RangeError(`${what} must be a safe integer (use a string of digits above 2^53): ${value}`);
    }
    v = BigInt(value);
  } else {
    if (!/^[0-9]+$/.test(value)) {
      throw new RangeError(`${what} must be a string of decimal digits: ${JSON.stringify(value)}`);
    }
    v = BigInt(value);
  }
  if (v < 0n || v > U64_MAX) {
    throw new RangeError(`${what} must be in [0, 2^64): ${v}`);
  }
  return v;
}

export class Rng {
  /**
   * [state hi, state lo, last output hi, last output lo], all unsigned 32-bit. Public only so that
   * the engine's hot loops and tests can read the halves; never write it from outside.
   */
  readonly words = new Uint32Array(4);

  /** seed < 2^64; a string of digits is accepted for seeds above 2^53. Seed 0 becomes 1 (§3). */
  constructor(seed: string | bigint | number) {
    let s = toU64(seed, 'rng seed');
    if (s === 0n) s = 1n; // xorshift's only fixed point; the reference maps it to 1
    this.setState(s);
  }

  /** Resumes a generator from `saveState()`; the state is used as is (no 0 → 1 mapping). */
  static fromState(state: string): Rng {
    const s = toU64(state, 'rng state');
    if (s === 0n) {
      // 0 is unreachable from any seed and would make the generator output 0 forever.
      throw new RangeError('rng state 0 is not a reachable xorshift64* state');
    }
    const rng = new Rng(1);
    rng.setState(s);
    return rng;
  }

  /** The state as a decimal u64 string (checkpoints). */
  saveState(): string {
    return ((BigInt(this.words[S_HI]!) << 32n) | BigInt(this.words[S_LO]!)).toString();
  }

  private setState(s: bigint): void {
    this.words[S_HI] = Number(s >> 32n);
    this.words[S_LO] = Number(s & 0xffffffffn);
  }

  /**
   * Advances the state by one xorshift64* step and leaves the 64-bit output in
   * words[OUT_HI], words[OUT_LO]. The hot-path primitive every draw is built on.
   */
  next(): void {
    const w = this.words;
    let hi = w[S_HI]!;
    let lo = w[S_LO]!;
    // x ^= x >> 12
    lo ^= (lo >>> 12) | (hi << 20);
    hi ^= hi >>> 12;
    // x ^= x << 25
    hi ^= (hi << 25) | (lo >>> 7);
    lo ^= lo << 25;
    // x ^= x >> 27
    lo ^= (lo >>> 27) | (hi << 5);
    hi ^= hi >>> 27;
    w[S_HI] = hi;
    w[S_LO] = lo;

    // Output x × 0x2545F4914F6CDD1D mod 2^64. With x = hi·2^32 + lo and M = MUL_HI·2^32 + MUL_LO:
    // low word = low 32 bits of lo·MUL_LO; high word = high 32 bits of lo·MUL_LO plus the low
    // 32 bits of hi·MUL_LO + lo·MUL_HI (Math.imul gives those exactly). lo·MUL_LO needs all 64
    // bits, so it is done as four 16×16-bit products, each exact in a double.
    const ulo = lo >>> 0;
    const a0 = ulo & 0xffff;
    const a1 = ulo >>> 16;
    const p00 = a0 * MUL_LO_16_LO;
    const p01 = a0 * MUL_LO_16_HI;
    const p10 = a1 * MUL_LO_16_LO;
    const p11 = a1 * MUL_LO_16_HI;
    const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
    w[OUT_LO] = ((mid << 16) | (p00 & 0xffff)) >>> 0;
    w[OUT_HI] = p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(hi, MUL_LO) + Math.imul(lo, MUL_HI);
    // The Uint32Array store reduces the sum mod 2^32 (the sum is an exact integer below 2^35).
  }

  /** The next raw u64 output. For tests and tools; allocates a BigInt. */
  nextU64(): bigint {
    this.next();
    return (BigInt(this.words[OUT_HI]!) << 32n) | BigInt(this.words[OUT_LO]!);
  }

  /** Float in [0, 1): (next >> 11) × 2^−53. */
  nextFloat(): number {
    this.next();
    const w = this.words;
    // (next >> 11) = OUT_HI·2^21 + (OUT_LO >>> 11), an integer below 2^53, so exact.
    return (w[OUT_HI]! * 2097152 + (w[OUT_LO]! >>> 11)) * TWO_POW_MINUS_53;
  }

  /**
   * Integer in [lo, hi): lo + (next mod (hi − lo)) in unsigned 64-bit, as the reference does
   * (plain modulo, so the slight bias of the reference is kept on purpose).
   */
  nextIntInRange(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) {
      throw new RangeError(`nextIntInRange bounds must be safe integers: [${lo}, ${hi})`);
    }
    const m = hi - lo;
    // hi − lo may round when it exceeds 2^53; lo + m === hi rejects that case too.
    if (!(m >= 1 && m <= TWO_POW_53) || lo + m !== hi) {
      throw new RangeError(`nextIntInRange needs 1 <= hi − lo <= 2^53: [${lo}, ${hi})`);
    }
    return lo + this.nextBelow(m);
  }

  /**
   * next mod m for an integer 1 <= m <= 2^53, unchecked: the arrival generator validates its
   * ranges once at construction and calls this directly.
   */
  nextBelow(m: number): number {
    this.next();
    return modU64(this.words[OUT_HI]!, this.words[OUT_LO]!, m);
  }

  /** Poisson(λ) by Knuth's method; λ <= 0 returns 0 without drawing (§3). */
  poisson(lambda: number): number {
    if (!(lambda > 0)) return 0;
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= this.nextFloat();
    } while (p > limit);
    return k - 1;
  }

  /** Standard normal by Box–Muller, cosine branch only, two fresh floats per call (no caching). */
  standardNormal(): number {
    const u1 = this.nextFloat();
    const u2 = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}

/**
 * (hi·2^32 + lo) mod m, exactly, for unsigned 32-bit hi, lo and integer 1 <= m <= 2^53, in doubles.
 * The pitfall: (hi mod m)·2^32 can exceed 2^53 and lose bits. So the low word is folded in by
 * chunks small enough that r·2^k + chunk < m·2^k <= 2^53 always holds.
 */
export function modU64(hi: number, lo: number, m: number): number {
  if (m <= MOD_ONE_STEP_MAX) {
    // (m−1)·2^32 + (2^32 − 1) < m·2^32 <= 2^53.
    return ((hi % m) * TWO_POW_32 + lo) % m;
  }
  if (m <= MOD_TWO_STEP_MAX) {
    // Two 16-bit chunks: (m−1)·2^16 + (2^16 − 1) < m·2^16 <= 2^53.
    let r = hi % m;
    r = (r * 65536 + (lo >>> 16)) % m;
    return (r * 65536 + (lo & 0xffff)) % m;
  }
  if (m <= MOD_FOUR_STEP_MAX) {
    // Four 8-bit chunks: (m−1)·2^8 + (2^8 − 1) < m·2^8 <= 2^53.
    let r = hi % m;
    r = (r * 256 + (lo >>> 24)) % m;
    r = (r * 256 + ((lo >>> 16) & 0xff)) % m;
    r = (r * 256 + ((lo >>> 8) & 0xff)) % m;
    return (r * 256 + (lo & 0xff)) % m;
  }
  // m > 2^45 (rare: a range wider than 3.5 × 10^11 dollars): one bit at a time by doubling with a
  // conditional subtraction. r + r < 2^54 is even, hence exact; r + r − m and r + 1 are < 2^53.
  let r = hi; // hi < 2^32 < m
  for (let bit = 31; bit >= 0; bit--) {
    r += r;
    if (r >= m) r -= m;
    r += (lo >>> bit) & 1;
    if (r >= m) r -= m;
  }
  return r;
}
