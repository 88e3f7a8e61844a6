// `paysim run --verbose`: one readable line per tick, built from the event stream.

import type { EngineEvent } from '../engine/events.js';
import { MECHANISMS } from '../engine/metrics.js';
import type { Simulation } from '../engine/simulation.js';
import { cents } from './format.js';

export class TickLog {
  private counts = new Map<string, number>();

  constructor(private readonly write: (line: string) => void) {}

  observe(event: EngineEvent): void {
    const key = event.type === 'settle' ? `settle:${event.data.settled_by}` : event.type;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  endTick(simulation: Simulation): void {
    const queues = simulation.queueTotals();
    const tick = simulation.tick - 1;
    const c = (key: string): number => this.counts.get(key) ?? 0;
    const settledBy = MECHANISMS.map((m) => [m, c(`settle:${m}`)] as const)
      .filter(([, n]) => n > 0)
      .map(([m, n]) => `${m} ${n}`)
      .join(', ');
    const settled = MECHANISMS.reduce((s, m) => s + c(`settle:${m}`), 0);
    this.write(
      `tick ${tick} (day ${Math.floor(tick / simulation.ticksPerDay)}): arrivals ${c('arrival')}, released ${c('submit')}, ` +
        `held ${c('hold')}, split ${c('split')}, settled ${settled}${settledBy ? ` (${settledBy})` : ''}, ` +
        `queued ${c('queue')}, dropped ${c('drop')}; Q1 ${queues.q1_size}, Q2 ${queues.q2_size} (${cents(queues.q2_value)})`,
    );
    this.counts = new Map();
  }
}
