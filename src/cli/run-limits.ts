// How long one CLI run may be, checked before it starts: total ticks within the range of a
// stored tick, and the payments it is expected to create within what one process can hold
// (a single bank at 700 payments per tick for 100 000 ticks needs some 4 GB).

import type { EngineConfig } from '../engine/config.js';
import { TICK_MAX } from '../config/scenario-schema.js';
import { CliError } from './errors.js';

/** Expected payments (Σ rate_per_tick × ticks) one run may create. */
export const MAX_EXPECTED_PAYMENTS = 20_000_000;

/**
 * Throws a CliError (exit 2) when the run is longer than a tick can count or would create more
 * payments than MAX_EXPECTED_PAYMENTS; `ticks` is --ticks when given.
 */
export function checkRunSize(file: string, config: EngineConfig, ticks: number | undefined): void {
  if (ticks !== undefined && ticks > TICK_MAX) throw new CliError(`--ticks: ${ticks} is too long (at most ${TICK_MAX} ticks)`);
  const { ticks_per_day: tpd, num_days: days } = config.simulation;
  const total = tpd * days;
  if (total > TICK_MAX) {
    throw new CliError(`${file}: ${days} days × ${tpd} ticks per day = ${total} ticks is too long (at most ${TICK_MAX} ticks)`);
  }
  const length = ticks === undefined ? total : Math.min(ticks, total);
  const rate = config.agents.reduce((sum, agent) => sum + (agent.arrival_config?.rate_per_tick ?? 0), 0);
  const expected = rate * length;
  if (expected > MAX_EXPECTED_PAYMENTS) {
    throw new CliError(
      `${file}: ${length} ticks at ${Number(rate.toPrecision(6))} payments per tick would create about ` +
        `${Math.round(expected)} payments (at most ${MAX_EXPECTED_PAYMENTS} in one run); shorten it with --ticks or --days`,
    );
  }
}
