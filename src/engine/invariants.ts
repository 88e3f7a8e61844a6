// The engine's invariants, checked over the whole state between ticks: after every checkpoint
// restore, after every tick in the tests, and after every tick with `paysim run
// --check-invariants`. O(agents + transactions) per call, so never on the default path.
//
// - conservation: Σ balances = Σ opening balances + money booked from outside (scenario events,
//   liquidity brought in), summed exactly (BigInt: a float sum of many balances can round);
// - one place: every queued payment is in exactly one queue, its sender's Q1 or Q2, and nothing
//   is pending between ticks;
// - aggregates: the incremental queue sums equal the queues they summarise;
// - integer money: balances, queue values and amounts are safe integers; costs finite and ≥ 0;
// - limits: credit limits ≥ 0, posted collateral within 0..capacity, 0 ≤ remaining ≤ amount, a
//   settled payment has nothing remaining, a split parent's remainder is its children's; and
//   unless liquidity shocks, a pool's return or the backstop's lending can push it there, no
//   balance below min(opening, −(credit + collateral)). Credits deferred within a tick are paid
//   in by its end.

import { InvariantError, outsideMoney } from './assert.js';
import { COST_KINDS } from './metrics.js';
import type { SimState } from './state.js';

/**
 * Whether something other than settlement can push a balance below its floor: liquidity shocks,
 * pools given back, the daily reset, or the end-of-day backstop lending beyond the limits.
 */
function outsideMoneyMayMove(state: SimState): boolean {
  return (
    state.designs.backstopRate !== null ||
    state.designs.anyPool ||
    state.config.scenario_events.some((e) => e.type === 'liquidity_shock')
  );
}

/** Throws InvariantError for the first invariant that does not hold. */
export function checkInvariants(state: SimState): void {
  const fail = (invariant: string, detail: string): never => {
    throw new InvariantError(invariant, state.tick, detail);
  };
  const n = state.numAgents;
  const id = (agent: number): string => state.ids[agent] ?? `#${agent}`;

  // Integer money and limits, agent by agent.
  for (let a = 0; a < n; a++) {
    const balance = state.balances[a]!;
    if (outsideMoney(balance) || !Number.isInteger(balance)) fail('integer money', `balance of ${id(a)} is ${balance}`);
    const credit = state.creditLimits[a]!;
    if (outsideMoney(credit) || !Number.isInteger(credit) || credit < 0) fail('limits', `credit limit of ${id(a)} is ${credit}`);
    const posted = state.posted[a]!;
    if (outsideMoney(posted) || !Number.isInteger(posted) || posted < 0 || posted > state.capacities[a]!) {
      fail('limits', `posted collateral of ${id(a)} is ${posted} (capacity ${state.capacities[a]})`);
    }
    for (const kind of COST_KINDS) {
      const cost = state.costs[kind][a]!;
      if (!Number.isFinite(cost) || cost < 0) fail('integer money', `${kind} cost of ${id(a)} is ${cost}`);
    }
  }

  // Conservation, exactly.
  let total = 0n;
  let opening = 0n;
  for (let a = 0; a < n; a++) {
    total += BigInt(state.balances[a]!);
    opening += BigInt(state.config.agents[a]!.opening_balance);
  }
  if (outsideMoney(state.externalTotal) || !Number.isInteger(state.externalTotal)) fail('integer money', `external total is ${state.externalTotal}`);
  // The central bank's side: what it lent and is still owed is in the balances too.
  let owed = 0n;
  const cb = state.cb;
  if (cb !== null) {
    for (let a = 0; a < n; a++) {
      const drawn = cb.drawn[a]!;
      const injected = cb.injected[a]!;
      if (!Number.isSafeInteger(drawn) || drawn < 0 || !Number.isSafeInteger(injected) || injected < 0) {
        fail('integer money', `${id(a)} owes the central bank ${drawn} (facility) and ${injected} (emergency)`);
      }
      if (drawn > cb.capacity[a]!) fail('limits', `${id(a)} has drawn ${drawn} from the facility, beyond its capacity ${cb.capacity[a]}`);
      owed += BigInt(drawn) + BigInt(injected);
    }
    if (owed !== BigInt(cb.outstanding)) fail('aggregates', `the central bank's exposure is kept as ${cb.outstanding}, the agents owe ${owed}`);
  }
  if (total !== opening + BigInt(state.externalTotal) + owed) {
    const lent = cb === null ? '' : ` + owed to the central bank ${owed}`;
    fail('conservation', `Σ balances = ${total}, but Σ opening balances ${opening} + booked from outside ${state.externalTotal}${lent} = ${opening + BigInt(state.externalTotal) + owed}`);
  }

  // Transactions: amounts, and where each one is.
  if (state.pending.length > 0) fail('one place', `${state.pending.length} payment(s) pending between ticks`);
  // Credits held back by deferred crediting are all paid in by the end of the tick.
  for (let a = 0; a < n; a++) {
    if (state.deferredCredits[a] !== 0) fail('one place', `${state.deferredCredits[a]} credited to ${id(a)} but held back after the tick`);
  }
  const txs = state.txs;
  const place = new Uint8Array(txs.length); // 0 nowhere, 1 in Q1, 2 in Q2
  for (let i = 0; i < txs.length; i++) {
    const tx = txs[i]!;
    if (tx.id !== i) fail('one place', `transaction at position ${i} has id ${tx.id}`);
    if (outsideMoney(tx.amount) || !Number.isInteger(tx.amount) || tx.amount <= 0) fail('integer money', `transaction ${i} amount ${tx.amount}`);
    if (!Number.isInteger(tx.remaining) || tx.remaining < 0 || tx.remaining > tx.amount) {
      fail('limits', `transaction ${i} has ${tx.remaining} remaining of ${tx.amount}`);
    }
    if (tx.status === 'pending') fail('one place', `transaction ${i} is pending between ticks`);
    if (tx.status === 'settled' && tx.remaining !== 0) fail('limits', `transaction ${i} is settled with ${tx.remaining} remaining`);
    if (tx.children !== null) {
      let open = 0;
      for (const child of tx.children) open += txs[child]?.remaining ?? Number.NaN;
      if (open !== tx.remaining) fail('aggregates', `split transaction ${i} has ${tx.remaining} remaining, its children ${open}`);
    }
  }
  if (!outsideMoneyMayMove(state)) {
    for (let a = 0; a < n; a++) {
      // An opening balance may already lie below the limit; settlement never goes lower than either.
      const floor = Math.min(state.config.agents[a]!.opening_balance, -(state.creditLimits[a]! + state.posted[a]!));
      if (state.balances[a]! < floor) fail('limits', `balance of ${id(a)} is ${state.balances[a]}, below its floor ${floor}`);
    }
  }
  for (let a = 0; a < n; a++) {
    let value = 0;
    for (const txId of state.q1[a]!) {
      const tx = txs[txId];
      if (tx === undefined) return fail('one place', `Q1 of ${id(a)} holds unknown transaction ${txId}`);
      if (place[txId] !== 0) fail('one place', `transaction ${txId} is queued twice`);
      place[txId] = 1;
      if (tx.status !== 'queued_q1') fail('one place', `Q1 of ${id(a)} holds transaction ${txId}, which is ${tx.status}`);
      if (tx.sender !== a) fail('one place', `Q1 of ${id(a)} holds transaction ${txId} of ${id(tx.sender)}`);
      value += tx.remaining;
    }
    if (value !== state.q1Values[a]) fail('aggregates', `Q1 value of ${id(a)} is kept as ${state.q1Values[a]}, its payments sum to ${value}`);
  }
  const out = new Float64Array(n);
  const incoming = new Float64Array(n);
  const counts = new Int32Array(n);
  let q2Total = 0;
  let q2Live = 0;
  for (const txId of state.q2) {
    const tx = txs[txId];
    if (tx === undefined) return fail('one place', `Q2 holds unknown transaction ${txId}`);
    // Q2 may keep entries that left it until it is compacted; only queued ones count.
    if (tx.status !== 'queued_q2') continue;
    if (place[txId] !== 0) fail('one place', `transaction ${txId} is queued twice`);
    place[txId] = 2;
    out[tx.sender]! += tx.remaining;
    incoming[tx.receiver]! += tx.remaining;
    counts[tx.sender]! += 1;
    q2Total += tx.remaining;
    q2Live += 1;
  }
  for (let i = 0; i < txs.length; i++) {
    const status = txs[i]!.status;
    if ((status === 'queued_q1' || status === 'queued_q2') && place[i] === 0) fail('one place', `transaction ${i} is ${status} but in no queue`);
  }
  if (q2Total !== state.q2Total || q2Live !== state.q2Live) {
    fail('aggregates', `Q2 is kept as ${state.q2Live} payments worth ${state.q2Total}, holds ${q2Live} worth ${q2Total}`);
  }
  for (let a = 0; a < n; a++) {
    if (out[a] !== state.q2ValuesOut[a] || incoming[a] !== state.q2ValuesIn[a] || counts[a] !== state.q2CountsOut[a]) {
      fail('aggregates', `Q2 sums of ${id(a)} are kept as ${state.q2CountsOut[a]} out worth ${state.q2ValuesOut[a]}, in ${state.q2ValuesIn[a]}; ` +
        `the queue holds ${counts[a]} out worth ${out[a]}, in ${incoming[a]}`);
    }
  }
}
