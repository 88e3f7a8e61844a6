// Step 1: scenario events due at this tick, in list order (engine.md §9). An effect with a
// duration N that fires at tick t lasts for ticks t … t+N−1.

import { DEFAULT_DIVISIBLE, DEFAULT_PRIORITY, type ScenarioEvent } from './config.js';
import type { ScenarioEventData } from './events.js';
import { enterQ1 } from './settlement.js';
import type { SimState } from './state.js';

export function isDue(event: ScenarioEvent, tick: number): boolean {
  if ('at_tick' in event) return event.at_tick === tick;
  const { start, interval, until } = event.every;
  return tick >= start && tick <= until && (tick - start) % interval === 0;
}

/** `createPayments` false: a replay brings the recorded payments itself, so `payment` events are skipped. */
export function applyScenarioEvents(
  state: SimState,
  agentIndex: ReadonlyMap<string, number>,
  createPayments: boolean,
): void {
  const tick = state.tick;
  for (const event of state.config.scenario_events) {
    if (!isDue(event, tick)) continue;
    if (event.type === 'payment' && !createPayments) continue;
    const index = (id: string): number => {
      const i = agentIndex.get(id);
      if (i === undefined) throw new Error(`scenario event names unknown agent '${id}'`);
      return i;
    };
    let agent: number | null = null;
    switch (event.type) {
      case 'outage':
        agent = index(event.agent);
        state.outageUntil[agent] = Math.max(state.outageUntil[agent]!, tick + event.duration);
        break;
      case 'rtgs_outage':
        state.rtgsOutageUntil = Math.max(state.rtgsOutageUntil, tick + event.duration);
        break;
      case 'lsm_off':
        state.lsmOffUntil = Math.max(state.lsmOffUntil, tick + event.duration);
        break;
      case 'liquidity_shock':
        agent = index(event.agent);
        if (event.balance_change) state.bookExternal(agent, event.balance_change);
        if (event.credit_limit_change) {
          // A credit line cannot go below zero; a cut larger than the line removes it.
          state.creditLimits[agent] = Math.max(0, state.creditLimits[agent]! + event.credit_limit_change);
        }
        break;
      case 'arrival_rate':
        agent = event.agent === undefined ? null : index(event.agent);
        state.arrivals.setRateMultiplier(agent, event.multiplier);
        break;
      case 'payment': {
        agent = index(event.sender);
        const deadlineTick = event.deadline_tick ?? tick + (event.deadline_offset ?? 0);
        enterQ1(state, {
          sender: agent,
          receiver: index(event.receiver),
          amount: event.amount,
          deadlineTick,
          priority: event.priority ?? DEFAULT_PRIORITY,
          divisible: event.divisible ?? DEFAULT_DIVISIBLE,
          origin: 'event',
        });
        break;
      }
      case 'counterparty_weights':
        agent = index(event.agent);
        state.arrivals.setCounterpartyWeights(agent, event.weights);
        break;
    }
    if (state.recordingEvents) state.emit('scenario_event', agent, null, firedData(event));
  }
}

function firedData(event: ScenarioEvent): ScenarioEventData {
  const { type, ...details } = event;
  // The rest keeps the fields of this event's variant; TypeScript loses the link to `type` in a union's rest.
  return { event_type: type, ...details } as ScenarioEventData;
}
