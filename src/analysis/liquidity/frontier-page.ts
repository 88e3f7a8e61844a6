// `paysim liquidity --html`: the frontier, the minimum-liquidity answers and the bounds on one
// self-contained page (the report's page shell and Vega runtime).

import { escapeHtml, renderPage, table } from '../report/html.js';
import { frontierCharts } from '../report/liquidity-charts.js';
import type { FrontierResult } from '../../runner/liquidity/frontier.js';
import { frontierRows } from './frontier-rows.js';

const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const fix = (x: number | null, d = 3): string => (x === null ? '–' : x.toFixed(d));
const money = (x: number | null): string => (x === null ? '–' : Math.round(x).toString());

export function frontierPage(result: FrontierResult, scenario: string, generator: string): string {
  const rows = frontierRows(result.runs);
  const body = [
    `<h1>${escapeHtml(result.experiment)}</h1>`,
    `<p>Liquidity–delay frontier of <code>${escapeHtml(scenario)}</code>: each bank's opening balance is LB + α (UB − LB) of its own liquidity bounds (docs/liquidity.md). Figures are means over ${result.bounds.length} seed(s). ${escapeHtml(generator)}.</p>`,
    '<p id="render-error"></p>',
    '<h2>Bounds</h2>',
    table(['seed', 'Σ upper bound (cents)', 'Σ lower bound (cents)'], result.bounds.map((b) => [b.seed, String(b.upper), String(b.lower)])),
    '<h2>Frontier</h2>',
    table(
      ['LSM', 'α', 'runs', 'liquidity (cents)', 'share of UB', 'settled (value)', 'delay (value-weighted)', 'delay indicator', 'value not settled', 'fully settled'],
      rows.map((r) => [
        r.variant,
        String(r.alpha),
        String(r.runs),
        money(r.liquidity),
        pct(r.share_of_upper),
        pct(r.settlement_rate_value),
        fix(r.delay_value_weighted, 2),
        fix(r.delay_indicator),
        money(r.unsettled_value),
        `${r.fully_settled}/${r.runs}`,
      ]),
    ),
  ];
  if (result.searches.length > 0) {
    body.push('<h2>Minimum liquidity</h2>');
    body.push(
      table(
        ['LSM', 'α', 'liquidity (cents)', 'share of UB', 'non-monotone α', 'runs tried'],
        result.searches.map((s) => [
          s.variant,
          s.alpha === null ? 'not reached' : String(s.alpha),
          money(s.liquidity),
          pct(s.share_of_upper),
          s.non_monotone.join(', ') || 'none',
          String(s.tried.length),
        ]),
      ),
    );
  }
  return renderPage({ title: result.experiment, generator, body: body.join('\n'), charts: frontierCharts(rows), data: { rows, searches: result.searches, bounds: result.bounds } });
}
