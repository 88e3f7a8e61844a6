// `paysim run --verbose`: one readable line per tick, built from the event stream.

import type { EngineEvent } from '../engine/events.js';
import type { Simulation } from '../engine/simulation.js';
import { cents } from './format.js';

export class TickLog {
  private counts = new Map<string, number>();

  constructor(private readonly write: (line: string) => void) {}

  observe(event: EngineEvent): void {
    const key = event.type === 'settle' ? `settle:${String(event.data['settled_by'])}` : event.type;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  endTick(simulation: Simulation): void {
    const state = simulation.state;
    const tick = simulation.tick - 1;
    const c = (key: string): number => this.counts.get(key) ?? 0;
    const settledBy = ['rtgs', 'queue', 'bilateral', 'cycle', 'multilateral']
      .map((m) => [m, c(`settle:${m}`)] as const)
      .filter(([, n]) => n > 0)
      .map(([m, n]) => `${m} ${n}`)
      .join(', ');
    const settled = ['rtgs', 'queue', 'bilateral', 'cycle', 'multilateral'].reduce((s, m) => s + c(`settle:${m}`), 0);
    const q1 = state.q1.reduce((s, q) => s + q.length, 0);
    this.write(
      `tick ${tick} (day ${Math.floor(tick / state.ticksPerDay)}): arrivals ${c('arrival')}, released ${c('submit')}, ` +
        `held ${c('hold')}, split ${c('split')}, settled ${settled}${settledBy ? ` (${settledBy})` : ''}, ` +
        `queued ${c('queue')}, dropped ${c('drop')}; Q1 ${q1}, Q2 ${state.q2Live} (${cents(state.q2Total)})`,
    );
    this.counts = new Map();
  }
}
