// Comparisons whose answer is known in advance, on scenarios/realistic_demo.yaml over 50 seeds:
// Fifo releases at once, so its payments never wait in the internal queue and its delay cost is
// lower than a policy that holds every payment until its deadline — in every single pair. And a
// candidate identical to the baseline differs by exactly zero and must be rejected.
import { beforeAll, describe, expect, it } from 'vitest';
import { compareVariants } from '../../src/analysis/compare.js';
import { decide } from '../../src/analysis/verdict.js';
import { allAgents, policy, range, runSeeds, scenario, type VariantRuns } from './helpers.js';

const SEEDS = range(1, 50);
let fifo: VariantRuns;
let hold: VariantRuns;
let same: VariantRuns;

beforeAll(() => {
  const demo = scenario('realistic_demo.yaml');
  fifo = runSeeds(allAgents(demo, policy({ type: 'Fifo' })), 'fifo', SEEDS);
  hold = runSeeds(allAgents(demo, policy({ type: 'Tree', file: 'hold_until_deadline.json' })), 'hold', SEEDS);
  same = runSeeds(allAgents(demo, policy({ type: 'Fifo' })), 'fifo_again', SEEDS);
});

describe('Fifo vs hold-until-deadline on realistic_demo, 50 seeds', () => {
  it('Fifo has the lower delay cost in every pair', () => {
    const c = compareVariants({ runs: [...fifo.runs, ...hold.runs], baseline: 'hold', candidates: ['fifo'], metrics: ['cost_delay', 'total_cost'] });
    const delay = c.candidates[0]!.metrics.find((m) => m.metric === 'cost_delay')!;
    expect(delay.n).toBe(50);
    expect(delay.share_improved).toBe(1);
    expect(delay.worst_pair.difference).toBeLessThan(0);
    expect(delay.mean_improvement).toBeGreaterThan(0);
    expect(delay.ci_t![1]).toBeLessThan(0);
    expect(delay.ci_bootstrap[1]).toBeLessThan(0);
    expect(delay.p_t!).toBeLessThan(1e-6);
    // 50 pairs, all of one sign: Wilcoxon's p is as small as it gets at n = 50 (exact unless |d| ties).
    expect(delay.p_wilcoxon!).toBeLessThan(1e-6);
    for (const [i, row] of fifo.runs.entries()) {
      expect(row.metrics['cost_delay']!).toBeLessThan(hold.runs[i]!.metrics['cost_delay']!);
    }
  });

  it('the verdict accepts Fifo as a candidate against hold on delay cost', () => {
    const { verdict } = decide({
      runs: [...fifo.runs, ...hold.runs],
      agents: [...fifo.agents, ...hold.agents],
      baseline: 'hold',
      candidate: 'fifo',
      metric: 'cost_delay',
      alpha: 0.05,
    });
    expect(verdict.decision).toBe('accept');
    expect(verdict.significant).toBe(true);
    expect(verdict.reasons[0]).toMatch(/cost_delay improved/);
  });

  it('and rejects hold as a candidate against Fifo, saying it got worse', () => {
    const { verdict } = decide({
      runs: [...fifo.runs, ...hold.runs],
      agents: [...fifo.agents, ...hold.agents],
      baseline: 'fifo',
      candidate: 'hold',
      metric: 'cost_delay',
      guards: { maxAgentCostRise: 0.05 },
    });
    expect(verdict.decision).toBe('reject');
    expect(verdict.reasons[0]).toMatch(/cost_delay got worse/);
    const guard = verdict.guards.find((g) => g.guard === 'max_agent_cost_rise')!;
    expect(guard.broken).toBe(true);
  });
});

describe('a candidate identical to the baseline', () => {
  it('differs by exactly zero and is rejected for no improvement', () => {
    const { comparison, verdict } = decide({
      runs: [...fifo.runs, ...same.runs],
      agents: [...fifo.agents, ...same.agents],
      baseline: 'fifo',
      candidate: 'fifo_again',
      guards: { maxSettlementDrop: 0, maxAgentCostRise: 0 },
    });
    for (const m of comparison.candidates[0]!.metrics) {
      expect(m.n).toBe(50);
      expect(m.mean_difference).toBe(0);
      expect(m.ci_t).toEqual([0, 0]);
      expect(m.p_t).toBe(1);
      expect(m.share_improved).toBe(0);
    }
    expect(verdict.decision).toBe('reject');
    expect(verdict.reasons).toEqual(['no improvement in total_cost: the mean difference is 0 over 50 pairs']);
    expect(verdict.guards.every((g) => !g.broken && g.observed === 0)).toBe(true);
  });
});

describe('more than two variants', () => {
  it('ranks the candidates against the baseline with Holm-adjusted p values', () => {
    const c = compareVariants({
      runs: [...fifo.runs, ...hold.runs, ...same.runs],
      baseline: 'hold',
      candidates: ['fifo', 'fifo_again'],
      metrics: ['cost_delay'],
    });
    const p = c.candidates.map((x) => x.metrics[0]!);
    // Two candidates with the same raw p: Holm multiplies the smaller by 2, the larger by 1, then
    // keeps them monotone, so both become 2p (capped at 1).
    expect(p[0]!.p_t).toBe(p[1]!.p_t);
    for (const m of p) expect(m.p_holm).toBeCloseTo(Math.min(1, 2 * m.p_t!), 15);
    expect(c.ranking.map((r) => r.rank)).toEqual([1, 2]);
  });
});
