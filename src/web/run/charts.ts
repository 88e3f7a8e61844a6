// The run's Vega-Lite charts: per bank, balance against the credit line and the queued value in
// Q1 and Q2; over ticks, the settlement rate by value so far and the liquidity used today.

import { Chart } from '../charts.js';
import type { TickFrame } from '../protocol.js';

/** Bank names on the axis only while they fit. */
function bankAxis(count: number): object {
  return { field: 'bank', type: 'nominal', sort: null, title: null, axis: count <= 40 ? { labelAngle: -45 } : { labels: false, ticks: false } };
}

const FIT = { width: 'container', height: 200, autosize: { type: 'fit-x', contains: 'padding' } } as const;

export class RunCharts {
  private readonly balances: Chart;
  private readonly queues: Chart;
  private readonly rate: Chart;
  private readonly liquidity: Chart;
  private readonly series: Array<{ tick: number; rate: number | null; liquidity: number; q2: number }> = [];

  constructor(
    elements: { balances: HTMLElement; queues: HTMLElement; rate: HTMLElement; liquidity: HTMLElement },
    private readonly agents: readonly string[],
    totalTicks: number,
  ) {
    const bank = bankAxis(agents.length);
    // The whole horizon from the start, so the lines grow into a fixed frame.
    const ticks = { field: 'tick', type: 'quantitative', scale: { domain: [0, totalTicks] } };
    this.balances = new Chart(elements.balances, {
      ...FIT,
      title: 'Balance and credit line (the tick mark: −credit line, the lowest the balance may go)',
      encoding: { x: bank },
      layer: [
        {
          mark: 'bar',
          encoding: {
            y: { field: 'balance', type: 'quantitative', title: 'units' },
            color: { condition: { test: 'datum.balance < 0', value: '#d9822b' }, value: '#4c78a8' },
            tooltip: [{ field: 'bank' }, { field: 'balance', format: ',.2f' }, { field: 'credit', format: ',.2f' }],
          },
        },
        { mark: { type: 'tick', color: '#b00020', thickness: 2 }, encoding: { y: { field: 'floor', type: 'quantitative' } } },
      ],
    });
    this.queues = new Chart(elements.queues, {
      ...FIT,
      title: 'Queued value by bank (Q1: held by the bank, Q2: central queue)',
      mark: 'bar',
      encoding: {
        x: bank,
        y: { field: 'value', type: 'quantitative', stack: 'zero', title: 'units' },
        color: { field: 'queue', type: 'nominal', scale: { domain: ['Q1', 'Q2'], range: ['#9ecae9', '#1f3a5f'] } },
        tooltip: [{ field: 'bank' }, { field: 'queue' }, { field: 'count' }, { field: 'value', format: ',.2f' }],
      },
    });
    this.rate = new Chart(elements.rate, {
      ...FIT,
      height: 140,
      title: 'Settlement rate by value, so far',
      mark: { type: 'line', interpolate: 'step-after' },
      encoding: {
        x: ticks,
        y: { field: 'rate', type: 'quantitative', axis: { format: '%' }, scale: { domain: [0, 1] }, title: null },
      },
    });
    this.liquidity = new Chart(elements.liquidity, {
      ...FIT,
      height: 140,
      title: 'Liquidity used today (Σ banks: opening − lowest balance) and value in Q2',
      mark: { type: 'line', interpolate: 'step-after' },
      transform: [{ fold: ['liquidity used', 'Q2 value'], as: ['measure', 'units'] }],
      encoding: {
        x: ticks,
        y: { field: 'units', type: 'quantitative', title: 'units' },
        color: { field: 'measure', type: 'nominal', title: null },
      },
    });
  }

  /** Keeps every frame's system figures (cheap); drawing happens in `draw`. */
  record(frame: TickFrame): void {
    if (frame.processed_tick === null && this.series.length > 0) return;
    const q2 = frame.q2_value.reduce((a, b) => a + b, 0);
    this.series.push({ tick: frame.tick, rate: frame.settlement_rate_value, liquidity: frame.liquidity_used, q2 });
  }

  async draw(frame: TickFrame): Promise<void> {
    const banks = this.agents.map((bank, i) => ({
      bank,
      balance: frame.balance[i]! / 100,
      credit: frame.credit_limit[i]! / 100,
      floor: -(frame.credit_limit[i]! + frame.posted_collateral[i]!) / 100,
    }));
    const queues = this.agents.flatMap((bank, i) => [
      { bank, queue: 'Q1', value: frame.q1_value[i]! / 100, count: frame.q1_size[i]! },
      { bank, queue: 'Q2', value: frame.q2_value[i]! / 100, count: frame.q2_size[i]! },
    ]);
    const rate = this.series.filter((p) => p.rate !== null).map((p) => ({ tick: p.tick, rate: p.rate }));
    const liquidity = this.series.map((p) => ({ tick: p.tick, 'liquidity used': p.liquidity / 100, 'Q2 value': p.q2 / 100 }));
    await Promise.all([this.balances.update(banks), this.queues.update(queues), this.rate.update(rate), this.liquidity.update(liquidity)]);
  }

  destroy(): void {
    for (const chart of [this.balances, this.queues, this.rate, this.liquidity]) chart.destroy();
  }
}
