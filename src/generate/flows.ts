// One day of payment orders on a network, balanced by construction to a target LB/UB ratio.
//
// Orders come in loops: a → b → a, or a → b → c → a over a triangle of links, every leg the same
// amount, each leg at its own tick drawn from the intraday profile. A closed loop nets to zero for
// every bank in it, so it adds to the upper bound (banks pay before they are paid) and nothing to
// the lower bound. An open loop (its last leg left out) leaves a net position. The share f of open
// loops sets Σ LB / Σ UB: 0 when every loop is closed, rising with f. f is found by bisection on
// the orders themselves (each loop carries a fixed uniform draw u and is open iff u < f), so the
// reported ratio is the realised one, not an expectation.

import { Rng } from '../engine/rng.js';
import { type Bounds, dayBounds } from './bounds.js';
import type { Network } from './network.js';
import { weightedPicker } from './pick.js';

export interface FlowSpec {
  /** Orders wanted (about: open loops lose their last leg). */
  readonly payments: number;
  readonly ticksPerDay: number;
  /** Relative arrival rate per tick (profile.ts). */
  readonly tickRates: Float64Array;
  /** Target Σ LB / Σ UB in [0, 1]. */
  readonly lbUbTarget: number;
  /** Median order amount (cents) on a link of average weight. */
  readonly medianAmount: number;
  /** `end-of-day`: every order is due at the day's last tick (as in CHAPS); default a tenth to half a day after arrival. */
  readonly deadlines?: DeadlineKind;
}

export type DeadlineKind = 'intraday' | 'end-of-day';

export interface Flows {
  readonly count: number;
  /** Columns in arrival order (ties: creation order). */
  readonly arrivalTick: Int32Array;
  readonly sender: Int32Array;
  readonly receiver: Int32Array;
  readonly amount: Float64Array;
  readonly deadlineTick: Int32Array;
  readonly bounds: Bounds;
  /** The realised Σ LB / Σ UB, and the share of open loops that gave it. */
  readonly lbUbRatio: number;
  readonly openShare: number;
}

/** Spread of log amounts (σ of ln amount): payment values span orders of magnitude. */
const AMOUNT_SIGMA = 1.2;
/** How strongly heavier links carry larger payments (amount ∝ weight^this, times noise). */
const AMOUNT_WEIGHT_ELASTICITY = 0.35;
/** Share of loops that try to be triangles (else two-leg loops). */
const TRIANGLE_SHARE = 0.5;

export function generateFlows(network: Network, spec: FlowSpec, rng: Rng): Flows {
  // A first pass tells how many legs open loops drop at the target, so the day ends near `payments`.
  const pilot = buildLoops(network, { ...spec, payments: Math.min(spec.payments, 20_000) }, Rng.fromState(rng.saveState()));
  const pilotOpen = solveOpenShare(network.banks, pilot, spec.lbUbTarget).openShare;
  const start = rng.saveState();
  let loops = buildLoops(network, { ...spec, payments: Math.round(spec.payments / (1 - pilotOpen * pilot.closerShare)) }, rng);
  let solved = solveOpenShare(network.banks, loops, spec.lbUbTarget);
  let count = kept(solved.skip);
  // The share of open loops depends on the day's size, so the pilot can miss; one more pass with
  // the full day's share lands within a few percent of the wanted count.
  if (Math.abs(count - spec.payments) > 0.02 * spec.payments) {
    loops = buildLoops(network, { ...spec, payments: Math.round((spec.payments * loops.order.length) / count) }, Rng.fromState(start));
    solved = solveOpenShare(network.banks, loops, spec.lbUbTarget);
    count = kept(solved.skip);
  }
  const { openShare, skip, bounds, ratio } = solved;
  const out = {
    arrivalTick: new Int32Array(count),
    sender: new Int32Array(count),
    receiver: new Int32Array(count),
    amount: new Float64Array(count),
    deadlineTick: new Int32Array(count),
  };
  let j = 0;
  for (let k = 0; k < loops.order.length; k++) {
    const i = loops.order[k]!;
    if (skip[i] === 1) continue;
    out.arrivalTick[j] = loops.tick[i]!;
    out.sender[j] = loops.sender[i]!;
    out.receiver[j] = loops.receiver[i]!;
    out.amount[j] = loops.amount[i]!;
    out.deadlineTick[j] = loops.deadline[i]!;
    j++;
  }
  return { count, ...out, bounds, lbUbRatio: ratio, openShare };
}

function kept(skip: Uint8Array): number {
  let count = 0;
  for (const s of skip) if (s === 0) count++;
  return count;
}

interface Loops {
  readonly sender: Int32Array;
  readonly receiver: Int32Array;
  readonly amount: Float64Array;
  readonly tick: Int32Array;
  readonly deadline: Int32Array;
  /** 1 on a loop's last leg (left out when the loop is open). */
  readonly closer: Uint8Array;
  /** The loop's uniform draw, on each of its legs. */
  readonly draw: Float64Array;
  /** Leg indices in arrival order. */
  readonly order: Int32Array;
  /** Share of legs that are closers. */
  readonly closerShare: number;
}

function buildLoops(network: Network, spec: FlowSpec, rng: Rng): Loops {
  const links = weightedPicker(network.weight, rng);
  const ticks = weightedPicker(spec.tickRates, rng);
  let meanWeight = 0;
  for (const w of network.weight) meanWeight += w / network.weight.length;
  const legs = { sender: [] as number[], receiver: [] as number[], amount: [] as number[], tick: [] as number[], deadline: [] as number[], closer: [] as number[], draw: [] as number[] };
  const tpd = spec.ticksPerDay;
  const addLeg = (from: number, to: number, amount: number, closer: boolean, draw: number): void => {
    const tick = ticks();
    // Deadlines a tenth to half a day after arrival, within the day (but always after arrival).
    // The draw is made for end-of-day deadlines too, so the two kinds give the same orders otherwise.
    const offset = Math.max(1, Math.round(tpd * (0.1 + 0.4 * rng.nextFloat())));
    // A deadline is after arrival: an order of the last tick is due at the next (it can still settle at its own).
    const deadline = Math.max(tick + 1, spec.deadlines === 'end-of-day' ? tpd - 1 : Math.min(tpd - 1, tick + offset));
    legs.sender.push(from);
    legs.receiver.push(to);
    legs.amount.push(amount);
    legs.tick.push(tick);
    legs.deadline.push(deadline);
    legs.closer.push(closer ? 1 : 0);
    legs.draw.push(draw);
  };
  while (legs.sender.length < spec.payments) {
    const k = links();
    const [u, v] = rng.nextFloat() < 0.5 ? [network.a[k]!, network.b[k]!] : [network.b[k]!, network.a[k]!];
    const scale = Math.pow(network.weight[k]! / meanWeight, AMOUNT_WEIGHT_ELASTICITY);
    const amount = Math.max(1, Math.round(spec.medianAmount * scale * Math.exp(AMOUNT_SIGMA * rng.standardNormal())));
    const draw = rng.nextFloat();
    const w = rng.nextFloat() < TRIANGLE_SHARE ? thirdCorner(network, u, v, rng) : -1;
    addLeg(u, v, amount, false, draw);
    if (w < 0) addLeg(v, u, amount, true, draw);
    else {
      addLeg(v, w, amount, false, draw);
      addLeg(w, u, amount, true, draw);
    }
  }
  const tick = Int32Array.from(legs.tick);
  const closer = Uint8Array.from(legs.closer);
  let closers = 0;
  for (const c of closer) closers += c;
  return {
    sender: Int32Array.from(legs.sender),
    receiver: Int32Array.from(legs.receiver),
    amount: Float64Array.from(legs.amount),
    tick,
    deadline: Int32Array.from(legs.deadline),
    closer,
    draw: Float64Array.from(legs.draw),
    order: byTick(tick, tpd),
    closerShare: closers / closer.length,
  };
}

/** A neighbour w of v (≠ u) also linked to u, from a few tries; −1 if none found. */
function thirdCorner(network: Network, u: number, v: number, rng: Rng): number {
  const around = network.neighbours[v]!;
  for (let attempt = 0; attempt < 3 && around.length > 1; attempt++) {
    const w = around[rng.nextBelow(around.length)]!;
    if (w !== u && linked(network.neighbours[u]!, w)) return w;
  }
  return -1;
}

function linked(sorted: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === x;
}

/** Stable order by tick (counting sort). */
function byTick(tick: Int32Array, ticksPerDay: number): Int32Array {
  const starts = new Int32Array(ticksPerDay + 1);
  for (const t of tick) starts[t + 1]! += 1;
  for (let t = 1; t <= ticksPerDay; t++) starts[t]! += starts[t - 1]!;
  const order = new Int32Array(tick.length);
  for (let i = 0; i < tick.length; i++) order[starts[tick[i]!]!++] = i;
  return order;
}

interface Solved {
  readonly openShare: number;
  readonly skip: Uint8Array;
  readonly bounds: Bounds;
  readonly ratio: number;
}

/**
 * The share f of open loops whose realised ratio is nearest the target (bisection; the ratio
 * rises with f). A target above what all-open loops reach gives f = 1 and that ratio.
 */
function solveOpenShare(banks: number, loops: Loops, target: number): Solved {
  const at = (f: number): Solved => {
    const skip = new Uint8Array(loops.closer.length);
    for (let i = 0; i < skip.length; i++) skip[i] = loops.closer[i] === 1 && loops.draw[i]! < f ? 1 : 0;
    const bounds = dayBounds(banks, loops.order, loops.sender, loops.receiver, loops.amount, skip);
    return { openShare: f, skip, bounds, ratio: bounds.upperTotal === 0 ? 0 : bounds.lowerTotal / bounds.upperTotal };
  };
  let lo = 0;
  let hi = 1;
  let best = at(1);
  if (best.ratio <= target) return best;
  for (let step = 0; step < 24; step++) {
    const mid = (lo + hi) / 2;
    const s = at(mid);
    if (Math.abs(s.ratio - target) < Math.abs(best.ratio - target)) best = s;
    if (s.ratio < target) lo = mid;
    else hi = mid;
  }
  return best;
}
