import { describe, expect, it } from 'vitest';
import { AGENT_METRICS, isAgentMetric, metricInfo } from '../../src/analysis/metrics.js';
import { COST_KINDS } from '../../src/engine/vocabulary.js';

describe('comparable metrics', () => {
  it('every cost kind of the engine is a run and agent metric, lower is better, in cents', () => {
    for (const kind of COST_KINDS) {
      expect(metricInfo(`cost_${kind}`)).toMatchObject({ direction: 'lower', unit: 'cents' });
      expect(isAgentMetric(`cost_${kind}`)).toBe(true);
    }
    // The settlement designs' two kinds (issue 11) by name, so a liquidity game can be compared on them.
    expect(metricInfo('cost_liquidity')?.label).toBe('liquidity-pool cost');
    expect(metricInfo('cost_backstop')?.label).toBe('end-of-day backstop cost');
    expect(AGENT_METRICS.map((x) => x.name)).toEqual(['total_cost', ...COST_KINDS.map((k) => `cost_${k}`)]);
  });
});
