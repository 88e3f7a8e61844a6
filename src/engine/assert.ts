// The engine's checks on itself. Money is exact only within the safe integers (|x| ≤ 2^53 − 1
// cents); beyond, a double silently rounds (two payments of 2^53 − 1 and one of 3 would sum to an
// even number). So every sum the engine keeps is checked where it is formed, and a run whose money
// leaves the range stops with MoneyRangeError naming the quantity, the agent and the tick, instead
// of finishing with wrong figures. InvariantError is what engine/invariants.ts throws.

export const MONEY_MAX = Number.MAX_SAFE_INTEGER;

/** A sum of money left the exact range (or a cost became non-finite): the run cannot go on. */
export class MoneyRangeError extends Error {
  constructor(
    /** What overflowed: `balance`, `Q1 value`, `overdraft cost`, `summary.arrived_value`, … */
    readonly quantity: string,
    /** The agent's id, or null for a system-wide total. */
    readonly agent: string | null,
    readonly tick: number,
    readonly value: number,
  ) {
    super(
      `${quantity}${agent === null ? '' : ` of agent ${agent}`} at tick ${tick} would be ${value}, ` +
        `outside ±(2^53 − 1) cents, where money is no longer exact; the run stops ` +
        `(use smaller amounts or rates, or count money in larger units)`,
    );
    this.name = 'MoneyRangeError';
  }
}

/** An engine invariant does not hold: a bug, or a state restored from a forged checkpoint. */
export class InvariantError extends Error {
  constructor(
    /** Which invariant: `conservation`, `one place`, `aggregates`, `integer money`, `limits`. */
    readonly invariant: string,
    readonly tick: number,
    detail: string,
  ) {
    super(`engine invariant "${invariant}" broken at tick ${tick}: ${detail}`);
    this.name = 'InvariantError';
  }
}

/**
 * Throws InvariantError from one of the engine's hot primitives (settle, transfer, entering and
 * leaving Q2), where the state is about to go wrong: kept out of line so that the checks at the
 * call sites stay one comparison each (costing nothing measurable; engine/invariants.ts checks the
 * whole state, but only between ticks and only when asked).
 */
export function brokenPrimitive(invariant: string, tick: number, detail: string): never {
  throw new InvariantError(invariant, tick, detail);
}

/** True when `value` is not an exact amount of cents (NaN and ±Infinity included). */
export function outsideMoney(value: number): boolean {
  return !(value <= MONEY_MAX && value >= -MONEY_MAX);
}

/** Fields of results that are ratios or means, not sums of money or counts. */
const NOT_SUMS = new Set(['settlement_rate', 'settlement_rate_value', 'delay_mean']);

/**
 * Throws MoneyRangeError for the first number of a results record (a run summary, an agent-day
 * row) outside the exact range: its totals are sums formed after the fact, which no check at
 * settlement sees (two payments of 2^53 − 1 and one of 3 arrive as an exact 2^54 + 1 cents, but
 * sum to 2^54 in doubles).
 */
export function checkResultSums(record: object, where: string, agent: string | null, tick: number): void {
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'number') {
      if (!NOT_SUMS.has(key) && outsideMoney(value)) throw new MoneyRangeError(`${where}.${key}`, agent, tick, value);
    } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      checkResultSums(value, `${where}.${key}`, agent, tick);
    }
  }
}
