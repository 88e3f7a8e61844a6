// The frontier as rows: per LSM setting and α, means over the seeds of what `paysim liquidity`
// prints and charts.

import type { FrontierRun } from '../../runner/liquidity/figures.js';
import { mean } from '../../stats/summary.js';

export interface FrontierRow {
  readonly variant: string;
  readonly alpha: number;
  /** Seeds with a finished run at this point. */
  readonly runs: number;
  /** Σ banks' opening balances (cents) and that as a share of Σ upper bounds. */
  readonly liquidity: number;
  readonly share_of_upper: number | null;
  readonly settlement_rate_value: number;
  readonly delay_value_weighted: number | null;
  readonly delay_indicator: number | null;
  /** Arrived value not settled (dropped or still queued at the end), cents. */
  readonly unsettled_value: number;
  /** Seeds at which every payment order settled. */
  readonly fully_settled: number;
}


export function frontierRows(runs: readonly FrontierRun[]): FrontierRow[] {
  const groups = new Map<string, FrontierRun[]>();
  for (const r of runs) {
    const key = `${r.point.variant}\u0000${r.point.alpha}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const rows: FrontierRow[] = [];
  for (const group of groups.values()) {
    const done = group.filter((r) => r.figures !== null && r.figures.ok).map((r) => ({ point: r.point, f: r.figures! }));
    const liquidity = mean(group.map((r) => r.point.liquidity)) ?? 0;
    const upper = mean(group.map((r) => r.point.upper)) ?? 0;
    rows.push({
      variant: group[0]!.point.variant,
      alpha: group[0]!.point.alpha,
      runs: done.length,
      liquidity,
      share_of_upper: upper === 0 ? null : liquidity / upper,
      settlement_rate_value: mean(done.map((d) => d.f.settlement_rate_value)) ?? 0,
      delay_value_weighted: mean(done.flatMap((d) => (d.f.delay_value_weighted === null ? [] : [d.f.delay_value_weighted]))),
      delay_indicator: mean(done.flatMap((d) => (d.f.delay_indicator === null ? [] : [d.f.delay_indicator]))),
      unsettled_value: mean(done.map((d) => d.f.arrived_value - d.f.settled_value)) ?? 0,
      fully_settled: done.filter((d) => d.f.settled === d.f.arrivals).length,
    });
  }
  return rows.sort((a, b) => (a.variant === b.variant ? a.alpha - b.alpha : 0));
}
