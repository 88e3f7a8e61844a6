// Invariants of engine.md §5 over random scenarios (fast-check): conservation of money, every
// payment in exactly one place, nothing settled twice, integer money, determinism, and identical
// continuation from a checkpoint — with the settlement designs and liquidity-game switches of
// §9b (queue discipline, bands, priorities, sender limits, offsetting on entry, deferred
// crediting, LSM schedules, pools, backstop, daily reset) and the central bank's facility, rule
// and injections switched on at random, and sender limits never exceeded after any step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EngineConfig, ScenarioEvent } from '../../src/engine/config.js';
import type { EngineEvent } from '../../src/engine/events.js';
import { checkInvariants as checkEngineInvariants } from '../../src/engine/invariants.js';
import { Simulation } from '../../src/engine/simulation.js';
import type { CompiledPolicy } from '../../src/policy/decision.js';
import { holdAll, releaseAll, scriptedPolicy } from '../helpers/policies.js';
import { config } from '../helpers/scenario.js';

const POLICY_KINDS = ['release', 'hold', 'cover', 'split', 'late', 'dropper'] as const;
type PolicyKind = (typeof POLICY_KINDS)[number];

function makePolicy(kind: PolicyKind): CompiledPolicy {
  switch (kind) {
    case 'release':
      return releaseAll();
    case 'hold':
      return holdAll();
    case 'cover':
      // Release what the agent can cover now, else hold.
      return scriptedPolicy('cover', (tx, view, agent) =>
        view.balance(agent) + view.creditLimit(agent) + view.postedCollateral(agent) >= tx.remaining
          ? { action: 'Release' }
          : { action: 'Hold', reason: 'InsufficientLiquidity' },
      );
    case 'split':
      return scriptedPolicy('split', (tx) => (tx.amount > 50_000 ? { action: 'Split', numSplits: 3 } : { action: 'Release' }));
    case 'late':
      // Hold until two ticks before the deadline.
      return scriptedPolicy('late', (tx, view) =>
        tx.deadlineTick - view.tick <= 2 ? { action: 'Release' } : { action: 'Hold', reason: 'NearDeadline' },
      );
    case 'dropper':
      return scriptedPolicy('dropper', (tx) => (tx.amount % 7 === 0 ? { action: 'Drop' } : { action: 'Release' }));
  }
}

interface RandomScenario {
  readonly config: EngineConfig;
  readonly policyKinds: readonly PolicyKind[];
}

const scenarioArb: fc.Arbitrary<RandomScenario> = fc
  .record({
    numAgents: fc.integer({ min: 2, max: 5 }),
    ticksPerDay: fc.integer({ min: 3, max: 12 }),
    days: fc.integer({ min: 1, max: 3 }),
    seed: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    lsm: fc.boolean(),
    algorithm: fc.constantFrom('pairs_and_cycles', 'multilateral', 'multilateral_then_pairs' as const),
    // Settlement designs: each switch off about half the time, so the plain engine stays covered.
    designs: fc.record({
      queue: fc.constantFrom('bypass', 'fifo' as const),
      bands: fc.boolean(),
      offsetting: fc.boolean(),
      deferred: fc.boolean(),
      cap: fc.boolean(),
      delayInQ2: fc.boolean(),
      reset: fc.boolean(),
      backstop: fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined }),
      schedule: fc.option(fc.oneof(fc.record({ every: fc.integer({ min: 1, max: 4 }) }), fc.record({ at_ticks: fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }) })), { nil: undefined }),
      liquidityBps: fc.integer({ min: 0, max: 800 }),
      // The central bank's response (docs/engine.md): the facility and the emergency rule.
      facility: fc.option(
        fc.record({
          rate: fc.integer({ min: 0, max: 50 }),
          overnight: fc.integer({ min: 0, max: 300 }),
          value: fc.integer({ min: 0, max: 300_000 }),
          haircut: fc.double({ min: 0, max: 1, noNaN: true }),
        }),
        { nil: undefined },
      ),
      rule: fc.option(
        fc.record({ above: fc.integer({ min: 0, max: 400_000 }), top: fc.integer({ min: 1, max: 3 }), amount: fc.integer({ min: 1, max: 200_000 }), bps: fc.integer({ min: 0, max: 100 }) }),
        { nil: undefined },
      ),
    }),
  })
  .chain((base) =>
    fc.record({
      base: fc.constant(base),
      agents: fc.array(
        fc.record({
          opening: fc.integer({ min: -50_000, max: 300_000 }),
          credit: fc.integer({ min: 0, max: 200_000 }),
          collateral: fc.integer({ min: 0, max: 50_000 }),
          rate: fc.double({ min: 0, max: 2.5, noNaN: true }),
          min: fc.integer({ min: 1, max: 100_000 }),
          spread: fc.integer({ min: 0, max: 150_000 }),
          deadlineMin: fc.integer({ min: 1, max: 6 }),
          deadlineSpread: fc.integer({ min: 0, max: 10 }),
          policy: fc.constantFrom(...POLICY_KINDS),
          pool: fc.option(fc.record({ pool: fc.integer({ min: 0, max: 300_000 }), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }), { nil: undefined }),
          bilateral: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: undefined }),
          multilateral: fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: undefined }),
          priorities: fc.option(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 3, maxLength: 3 }), { nil: undefined }),
          cbCollateral: fc.option(fc.integer({ min: 0, max: 400_000 }), { nil: undefined }),
        }),
        { minLength: base.numAgents, maxLength: base.numAgents },
      ),
      events: fc.array(
        fc.oneof(
          fc.record({
            type: fc.constant('shock' as const),
            tick: fc.integer({ min: 0, max: 30 }),
            agent: fc.integer({ min: 0, max: base.numAgents - 1 }),
            change: fc.integer({ min: -100_000, max: 100_000 }),
          }),
          fc.record({
            type: fc.constant('payment' as const),
            tick: fc.integer({ min: 0, max: 30 }),
            agent: fc.integer({ min: 0, max: base.numAgents - 1 }),
            change: fc.integer({ min: 1, max: 400_000 }),
          }),
          fc.record({
            type: fc.constant('outage' as const),
            tick: fc.integer({ min: 0, max: 30 }),
            agent: fc.integer({ min: 0, max: base.numAgents - 1 }),
            change: fc.integer({ min: 1, max: 5 }),
          }),
          // Participant failures: change picks the mode and its options (docs/engine.md, "Participant failures").
          fc.record({
            type: fc.constant('failure' as const),
            tick: fc.integer({ min: 0, max: base.ticksPerDay * base.days - 1 }),
            agent: fc.integer({ min: 0, max: base.numAgents - 1 }),
            change: fc.integer({ min: 0, max: 5 }),
          }),
          fc.record({
            type: fc.constant('injection' as const),
            tick: fc.integer({ min: 0, max: base.ticksPerDay * base.days - 1 }),
            agent: fc.integer({ min: 0, max: base.numAgents - 1 }),
            change: fc.integer({ min: 1, max: 200_000 }),
          }),
        ),
        { maxLength: 4 },
      ),
    }),
  )
  .map(({ base, agents, events }) => {
    const ids = agents.map((_, i) => `B${String.fromCharCode(90 - i)}`); // config order ≠ id order
    const scenarioEvents: ScenarioEvent[] = events.map((e) => {
      const id = ids[e.agent]!;
      const other = ids[(e.agent + 1) % ids.length]!;
      switch (e.type) {
        case 'shock':
          return { at_tick: e.tick, type: 'liquidity_shock', agent: id, balance_change: e.change };
        case 'payment':
          return { at_tick: e.tick, type: 'payment', sender: id, receiver: other, amount: e.change, deadline_offset: 4 };
        case 'outage':
          return { at_tick: e.tick, type: 'outage', agent: id, duration: e.change };
        case 'injection':
          return { at_tick: e.tick, type: 'emergency_injection', agent: id, amount: e.change, rate_bps: e.change % 40 };
        case 'failure': {
          const failure = { at_tick: e.tick, type: 'participant_failure', agent: id } as const;
          switch (e.change) {
            case 0:
              return { ...failure, mode: 'default' };
            case 1:
              return { ...failure, mode: 'default', announce_after: 0, reject_incoming: true };
            case 2:
              return { ...failure, mode: 'default', announce_after: 2, reject_incoming: true };
            case 3:
              return { ...failure, mode: 'operational', duration: 3, announce_after: 1 };
            case 4:
              return { ...failure, mode: 'operational' };
            default:
              return { ...failure, mode: 'partial', share: 0.5, duration: 4 };
          }
        }
      }
    });
    const d = base.designs;
    const cfg = config({
      ticksPerDay: base.ticksPerDay,
      days: base.days,
      seed: base.seed.toString(),
      lsm: { enabled: base.lsm, algorithm: base.algorithm, ...(d.schedule === undefined ? {} : { schedule: d.schedule }) },
      costs: {
        overdraft_bps_per_tick: 10,
        collateral_bps_per_tick: 2,
        delay_cost_per_tick_per_cent: 0.0001,
        deadline_penalty: 5_000,
        eod_penalty_per_transaction: 1_000,
        split_friction_cost: 100,
        liquidity_cost_per_tick_bps: d.liquidityBps,
        delay_cost_in_q2: d.delayInQ2,
      },
      designs: {
        rtgs: { queue: d.queue, priority_bands: d.bands, entry_offsetting: d.offsetting },
        deferred_crediting: d.deferred,
        deadline_cap_at_eod: d.cap,
        ...(d.backstop === undefined ? {} : { eod_backstop: { rate_bps: d.backstop } }),
        ...(d.facility === undefined
          ? {}
          : {
              cb_credit_facility: {
                rate_bps_per_tick: d.facility.rate,
                ...(d.facility.overnight > 0 ? { overnight_rate_bps: d.facility.overnight } : {}),
                collateral: [{ class: 'govt', value: d.facility.value, haircut: d.facility.haircut }],
                agents: Object.fromEntries(
                  agents.flatMap((a, i) => (a.cbCollateral === undefined ? [] : [[ids[i]!, { collateral: [{ class: 'covered', value: a.cbCollateral, haircut: 0.15 }] }]])),
                ),
              },
            }),
        ...(d.rule === undefined ? {} : { cb_emergency_rule: { when_q2_value_above: d.rule.above, lend_to_top: d.rule.top, amount: d.rule.amount, rate_bps: d.rule.bps } }),
      },
      resetBalancesDaily: d.reset,
      events: scenarioEvents,
      agents: agents.map((a, i) => ({
        id: ids[i]!,
        opening_balance: a.opening,
        credit_limit: a.credit,
        posted_collateral: a.collateral,
        collateral_capacity: a.collateral * 2,
        ...(a.pool === undefined ? {} : { liquidity_pool: a.pool.pool, initial_liquidity_fraction: a.pool.fraction }),
        ...(a.bilateral === undefined ? {} : { bilateral_limits: { [ids[(i + 1) % ids.length]!]: a.bilateral } }),
        ...(a.multilateral === undefined ? {} : { multilateral_limit: a.multilateral }),
        arrival_config: {
          rate_per_tick: a.rate,
          amount_distribution: { type: 'Uniform', min: a.min, max: a.min + a.spread },
          counterparty_weights: null,
          deadline_range: [a.deadlineMin, a.deadlineMin + a.deadlineSpread],
          priority: a.priorities === undefined ? 5 : { type: 'Categorical', values: [1, 5, 9], weights: a.priorities.map((w, k) => (k === 0 ? w + 1 : w)) },
          divisible: false,
        },
      })),
    });
    return { config: cfg, policyKinds: agents.map((a) => a.policy) };
  });

function build(s: RandomScenario, events: EngineEvent[] | null = null): Simulation {
  return new Simulation(s.config, s.policyKinds.map(makePolicy), {
    events: events === null ? null : (e) => events.push(e),
    configHash: 'test',
    // Every tick, also inside the engine's own loop (run(n) steps several ticks at once).
    checkInvariants: true,
  });
}

/**
 * Checks every invariant that must hold between ticks (conservation, one place, aggregates,
 * integer money, limits): the engine's own check, src/engine/invariants.ts.
 */
function checkInvariants(sim: Simulation): void {
  expect(() => checkEngineInvariants(sim.state)).not.toThrow();
  // Sender limits, recomputed here from the day's settled payments.
  checkSenderLimits(sim);
}

/**
 * Sender limits, recomputed from the settled payments of the day of the last processed tick
 * (positions reset as a day opens): no agent's net debit towards a counterparty, or towards all,
 * exceeds its limit.
 */
function checkSenderLimits(sim: Simulation): void {
  const st = sim.state;
  const agents = st.config.agents;
  if (!agents.some((a) => a.bilateral_limits !== undefined || a.multilateral_limit !== undefined) || st.tick === 0) return;
  const day = Math.floor((st.tick - 1) / st.ticksPerDay);
  const n = st.numAgents;
  const pair = new Float64Array(n * n);
  const net = new Float64Array(n);
  for (const tx of st.txs) {
    if (tx.status !== 'settled' || tx.children !== null || Math.floor(tx.settledTick / st.ticksPerDay) !== day) continue;
    pair[tx.sender * n + tx.receiver]! += tx.amount;
    pair[tx.receiver * n + tx.sender]! -= tx.amount;
    net[tx.sender]! += tx.amount;
    net[tx.receiver]! -= tx.amount;
  }
  agents.forEach((a, i) => {
    if (a.multilateral_limit !== undefined) expect(net[i]!, `${a.id} multilateral`).toBeLessThanOrEqual(a.multilateral_limit);
    for (const [id, limit] of Object.entries(a.bilateral_limits ?? {})) {
      const j = st.ids.indexOf(id);
      expect(pair[i * n + j]!, `${a.id} → ${id}`).toBeLessThanOrEqual(limit);
    }
  });
}

describe('engine invariants over random scenarios', () => {
  it('conserves money, keeps every payment in one place, settles nothing twice', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const events: EngineEvent[] = [];
        const sim = build(s, events);
        while (!sim.done) {
          sim.step();
          checkInvariants(sim);
        }
        const settles = new Map<number, number>();
        for (const e of events) if (e.type === 'settle') settles.set(e.tx!, (settles.get(e.tx!) ?? 0) + 1);
        for (const count of settles.values()) expect(count).toBe(1);
        const settledLeaves = sim.state.txs.filter((t) => t.status === 'settled' && t.children === null).length;
        expect(settles.size).toBe(settledLeaves);
      }),
      { numRuns: 150 },
    );
  });

  it('the same scenario and seed give identical results and events', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const e1: EngineEvent[] = [];
        const e2: EngineEvent[] = [];
        const a = build(s, e1);
        const b = build(s, e2);
        a.run();
        b.run();
        expect(JSON.stringify(b.results())).toBe(JSON.stringify(a.results()));
        expect(e2).toEqual(e1);
      }),
      { numRuns: 60 },
    );
  });

  it('events on or off do not change the results', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const a = build(s, []);
        const b = build(s, null);
        a.run();
        b.run();
        expect(JSON.stringify(b.results())).toBe(JSON.stringify(a.results()));
      }),
      { numRuns: 40 },
    );
  });

  it('a checkpoint at a random tick, resumed, continues exactly like the uninterrupted run', () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 0, max: 1, noNaN: true }), (s, at) => {
        const fullEvents: EngineEvent[] = [];
        const full = build(s, fullEvents);
        full.run();
        const k = Math.floor(at * full.state.totalTicks);
        // The interrupted run records events too, so event sequence numbers continue across the checkpoint.
        const first = build(s, []);
        first.run(k);
        const saved = JSON.parse(JSON.stringify(first.checkpoint())) as ReturnType<Simulation['checkpoint']>;
        const resumedEvents: EngineEvent[] = [];
        const resumed = Simulation.fromCheckpoint(s.config, s.policyKinds.map(makePolicy), saved, {
          events: (e) => resumedEvents.push(e),
          configHash: 'test',
        });
        resumed.run();
        expect(JSON.stringify(resumed.results())).toBe(JSON.stringify(full.results()));
        expect(resumedEvents).toEqual(fullEvents.filter((e) => e.tick >= k));
      }),
      { numRuns: 60 },
    );
  });
});

describe('checkpoint refusal', () => {
  it('refuses a checkpoint taken under another config', () => {
    const cfg = config({ agents: [{ id: 'A' }, { id: 'B' }] });
    const sim = new Simulation(cfg, [releaseAll(), releaseAll()], { configHash: 'aaaa' });
    sim.run(2);
    const cp = sim.checkpoint();
    expect(() => Simulation.fromCheckpoint(cfg, [releaseAll(), releaseAll()], cp, { configHash: 'bbbb' })).toThrow(
      /different scenario configuration/,
    );
  });
});
