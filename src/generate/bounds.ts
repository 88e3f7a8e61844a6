// Liquidity bounds of a day's payment orders, as the engine reports them per agent-day
// (docs/liquidity.md): upper bound UB = the largest cumulative net outflow of the bank's orders in
// arrival order, from 0; lower bound LB = max(0, net outflow over the day). Σ LB / Σ UB says how
// much an LSM could save: near 1, flows are one-way and nothing nets; near 0, almost everything
// could offset.

export interface Bounds {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly lowerTotal: number;
  readonly upperTotal: number;
}

/**
 * Bounds over the orders `order[0..]` (indices into the columns, in arrival order), skipping those
 * with `skip[i] === 1`.
 */
export function dayBounds(
  banks: number,
  order: Int32Array,
  sender: Int32Array,
  receiver: Int32Array,
  amount: Float64Array,
  skip: Uint8Array | null,
): Bounds {
  const net = new Float64Array(banks);
  const upper = new Float64Array(banks);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (skip !== null && skip[i] === 1) continue;
    const s = sender[i]!;
    const out = net[s]! + amount[i]!;
    net[s] = out;
    if (out > upper[s]!) upper[s] = out;
    net[receiver[i]!]! -= amount[i]!;
  }
  const lower = new Float64Array(banks);
  let lowerTotal = 0;
  let upperTotal = 0;
  for (let b = 0; b < banks; b++) {
    lower[b] = Math.max(0, net[b]!);
    lowerTotal += lower[b]!;
    upperTotal += upper[b]!;
  }
  return { lower, upper, lowerTotal, upperTotal };
}
