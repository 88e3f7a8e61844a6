// Two stored optimisations, written by hand, for the report's optimisation views and charts:
// a search with every verdict (the incumbent, an accept, a rejection, a raced-out trial, an
// infeasible one, a repeat) and a two-agent equilibrium of two rounds.
import type { StoredOptimization, StoredTrial } from '../../src/analysis/optimize/store-rows.js';

function trial(t: Partial<StoredTrial> & Pick<StoredTrial, 'trial' | 'variant' | 'status'>): StoredTrial {
  return {
    round: null,
    agent: null,
    params: {},
    seeds: 4,
    mean: null,
    incumbent: null,
    mean_difference: null,
    ci: null,
    p_worse: null,
    reason: '',
    evaluations: 4,
    ...t,
  };
}

const stats = (baseline: number, candidate: number): Record<string, unknown> => ({
  n: 3,
  baseline_mean: baseline,
  candidate_mean: candidate,
  mean_difference: candidate - baseline,
  ci_t: [candidate - baseline - 5, candidate - baseline + 5],
  p_t: 0.01,
  p_wilcoxon: 0.25,
});

export const SEARCH: StoredOptimization = {
  optimization_id: 'demo:aaaaaaaaaaaa',
  revision: 1,
  mode: 'search',
  method: 'grid',
  objective: 'total_cost of A (lower is better)',
  status: 'finished',
  spec: {},
  result: { best: { variant: 't-b', parameters: { x: 2 }, mean: 80 }, evaluations: 14, stopped: 'method', winner: 't-b', confirmation: { ...stats(100, 82), winner: 't-b', by_agent: null }, winner_file: 'w.json' },
  trials: [
    trial({ trial: 0, variant: 't-a', status: 'incumbent', params: { x: 1 }, mean: 100 }),
    trial({ trial: 1, variant: 't-b', status: 'accepted', params: { x: 2 }, mean: 80, incumbent: 't-a', mean_difference: -20, ci: [-30, -10] }),
    trial({ trial: 2, variant: 't-c', status: 'rejected', params: { x: 3 }, mean: 90, incumbent: 't-b', mean_difference: 10 }),
    // Raced out after 2 seeds whose own mean (70) looks good, but paired with the incumbent it is 15 worse: plotted at 80 + 15.
    trial({ trial: 3, variant: 't-d', status: 'raced_out', params: { x: 4 }, seeds: 2, mean: 70, incumbent: 't-b', mean_difference: 15, p_worse: 0.01, evaluations: 2 }),
    trial({ trial: 4, variant: 't-a', status: 'repeat', params: { x: 1 }, mean: 100, evaluations: 0 }),
    trial({ trial: 5, variant: 't-e', status: 'infeasible', params: { x: 5 }, mean: 60, reason: 'settlement_rate_value ≥ 0.9 not met (mean 0.8)' }),
  ],
};

const profile = (a: number, b: number): Record<string, number> => ({ a, b });

export const EQUILIBRIUM: StoredOptimization = {
  optimization_id: 'game:bbbbbbbbbbbb',
  revision: 1,
  mode: 'equilibrium',
  method: 'grid',
  objective: 'total_cost (each agent its own) (lower is better)',
  status: 'finished',
  spec: {},
  result: {
    best: null,
    winner: 't-z',
    evaluations: 8,
    stopped: 'converged',
    equilibrium: {
      profile: profile(0, 0.2),
      status: 'converged',
      regret: { A: 0, B: 0 },
      path: [
        { round: 1, agent: 'A', before: 50, best: 0, gain: 50, moved: true, profile: profile(0, 0.5) },
        { round: 1, agent: 'B', before: 50, best: 20, gain: 30, moved: true, profile: profile(0, 0.2) },
        { round: 2, agent: 'A', before: 0, best: 0, gain: 0, moved: false, profile: profile(0, 0.2) },
        { round: 2, agent: 'B', before: 20, best: 20, gain: 0, moved: false, profile: profile(0, 0.2) },
      ],
    },
    confirmation: { ...stats(200, 20), winner: 't-z', by_agent: { A: stats(100, 0), B: stats(100, 20) } },
  },
  trials: [
    trial({ trial: 0, round: 1, agent: 'A', variant: 't-s', status: 'incumbent', params: profile(0.5, 0.5), mean: 50 }),
    trial({ trial: 1, round: 1, agent: 'A', variant: 't-y', status: 'accepted', params: profile(0, 0.5), mean: 0 }),
    trial({ trial: 2, round: 1, agent: 'B', variant: 't-y', status: 'incumbent', params: profile(0, 0.5), mean: 50 }),
    trial({ trial: 3, round: 1, agent: 'B', variant: 't-z', status: 'accepted', params: profile(0, 0.2), mean: 20 }),
    trial({ trial: 4, round: 2, agent: 'A', variant: 't-z', status: 'incumbent', params: profile(0, 0.2), mean: 0 }),
    trial({ trial: 5, round: 2, agent: 'A', variant: 't-w', status: 'rejected', params: profile(1, 0.2), mean: 100 }),
    trial({ trial: 6, round: 2, agent: 'B', variant: 't-z', status: 'incumbent', params: profile(0, 0.2), mean: 20 }),
    trial({ trial: 7, round: 2, agent: 'B', variant: 't-v', status: 'rejected', params: profile(0, 1), mean: 100 }),
  ],
};
