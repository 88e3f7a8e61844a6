// Arrival and deadline cells of a payment file → ticks. Either ticks as written, or wall-clock
// timestamps on a declared clock: tick 0 starts at `day_start`, a tick lasts `tick_seconds`, and
// every day d starts at the same time of day, d calendar days later. Timestamps carry no time
// zone (a trailing Z is accepted): the file and day_start are read on the same clock.

import { TICK_MAX } from '../scenario-schema.js';
import { integerField } from './csv.js';

export type ClockSpec =
  | { readonly format: 'tick' }
  | { readonly format: 'timestamp'; readonly dayStart: string; readonly tickSeconds: number };

export interface TickClock {
  /** The arrival tick of a cell, or the problem in words. */
  arrival(text: string): number | string;
  /** The deadline tick of a cell for a payment arriving at `arrival`, or the problem in words. */
  deadline(text: string, arrival: number): number | string;
}

const DAY_SECONDS = 86_400;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?Z?$/;
const TIMESTAMP_WORDS = 'a timestamp YYYY-MM-DDTHH:MM[:SS]';

/** Seconds since 1970-01-01T00:00 of a timestamp, or null when it is not one (or not a real date). */
export function timestampSeconds(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 April over into 1 May; a real date maps back onto itself.
  if (new Date(ms).getUTCDate() !== day) return null;
  return ms / 1000;
}

/** The clock for a file, or why it cannot be built (a problem with the scenario's `payments` key). */
export function tickClock(spec: ClockSpec, timing: { readonly ticksPerDay: number; readonly totalTicks: number }): TickClock | string {
  const last = timing.totalTicks - 1;
  const inRun = (tick: number, text: string): number | string =>
    tick <= last ? tick : `${text} is after the run's last tick (expected an arrival at tick 0..${last})`;
  if (spec.format === 'tick') {
    const tickOf = (text: string, what: string): number | string => {
      const tick = text === '' ? null : integerField(text);
      if (tick === null || tick < 0) return `'${text}' is not a tick (expected ${what})`;
      return tick;
    };
    return {
      arrival: (text) => {
        const tick = tickOf(text, `an integer tick 0..${last}`);
        return typeof tick === 'string' ? tick : inRun(tick, text);
      },
      deadline: (text, arrival) => {
        const tick = tickOf(text, `an integer tick > the arrival tick ${arrival}`);
        if (typeof tick === 'string') return tick;
        // Ticks are 32-bit (stored as INTEGER); a larger deadline would wrap.
        if (tick > TICK_MAX) return `${text} is too large (expected a tick ≤ ${TICK_MAX})`;
        return tick > arrival ? tick : `${text} is not after the arrival tick ${arrival} (expected a deadline tick > ${arrival})`;
      },
    };
  }
  const origin = timestampSeconds(spec.dayStart);
  if (origin === null) return `payments.day_start: '${spec.dayStart}' is not a date-time (expected ${TIMESTAMP_WORDS}, given with time_format timestamp)`;
  if (!(spec.tickSeconds >= 1)) return 'payments.tick_seconds: missing (expected the seconds per tick, given with time_format timestamp)';
  const tpd = timing.ticksPerDay;
  const dayLength = tpd * spec.tickSeconds;
  if (dayLength > DAY_SECONDS) {
    return `payments.tick_seconds: ${spec.tickSeconds} s × ${tpd} ticks per day is longer than a day (expected ticks_per_day × tick_seconds ≤ 86 400)`;
  }
  const hours = `the business day runs ${spec.dayStart.slice(11)} + ${dayLength} s`;
  /** `end`: a deadline may fall exactly at the close of the business day (its last tick). */
  const tickOf = (text: string, end: boolean): number | string => {
    const seconds = text === '' ? null : timestampSeconds(text);
    if (seconds === null) return `'${text}' is not a timestamp (expected ${TIMESTAMP_WORDS})`;
    const since = seconds - origin;
    const day = Math.floor(since / DAY_SECONDS);
    const ofDay = since - day * DAY_SECONDS;
    if (day < 0) return `'${text}' is before day_start ${spec.dayStart} (expected a time on or after it)`;
    if (ofDay > dayLength || (ofDay === dayLength && !end)) return `'${text}' is outside the business day (${hours})`;
    return day * tpd + Math.min(tpd - 1, Math.floor(ofDay / spec.tickSeconds));
  };
  return {
    arrival: (text) => {
      const tick = tickOf(text, false);
      return typeof tick === 'string' ? tick : inRun(tick, text);
    },
    deadline: (text, arrival) => {
      const tick = tickOf(text, true);
      if (typeof tick === 'string') return tick;
      return tick > arrival ? tick : `'${text}' is tick ${tick}, not after the arrival tick ${arrival} (expected a later deadline)`;
    },
  };
}
