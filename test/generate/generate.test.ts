// Generated payment systems (docs/scenarios.md, "Generated systems"): deterministic from the
// seed, balanced to the target LB/UB, core-periphery value concentrated in the core, and the
// written scenario loads and runs its payment file.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/config/scenario.js';
import { dayBounds } from '../../src/generate/bounds.js';
import { PROFILES, parseProfile, tickRates } from '../../src/generate/profile.js';
import { generateSystem, type SystemSpec, topShare } from '../../src/generate/system.js';
import { runScenario } from '../../src/runner/single-run.js';
import { cli } from '../helpers/cli.js';

const CORE_PERIPHERY: SystemSpec = {
  banks: 500,
  network: 'core-periphery',
  core: 25,
  payments: 20_000,
  ticksPerDay: 100,
  profile: PROFILES['peaks']!,
  lbUb: 0.4,
  liquidityShare: 0.5,
  medianAmount: 1_000_000,
  seed: 3,
};

describe('the generated core-periphery system', () => {
  const system = generateSystem(CORE_PERIPHERY);

  it('the top 10 % of banks by value carry at least 60 % of the value', () => {
    expect(system.stats.top10_value_share).toBeGreaterThanOrEqual(0.6);
  });

  it('its reported LB/UB is within 0.05 of the target, and is the ratio of its orders', () => {
    expect(Math.abs(system.stats.lb_ub_ratio - 0.4)).toBeLessThanOrEqual(0.05);
    expect(system.stats.lb_ub_ratio).toBeCloseTo(system.stats.lower_bound / system.stats.upper_bound, 12);
    expect(system.stats.payments).toBeGreaterThan(19_000);
    expect(system.stats.payments).toBeLessThan(21_000);
  });

  it('is deterministic: the same spec gives the same bytes', () => {
    expect(generateSystem(CORE_PERIPHERY).paymentsCsv).toBe(system.paymentsCsv);
    expect(generateSystem({ ...CORE_PERIPHERY, seed: 4 }).paymentsCsv).not.toBe(system.paymentsCsv);
  });
});

describe('--deadlines end-of-day', () => {
  const spec: SystemSpec = { ...CORE_PERIPHERY, banks: 20, core: 5, payments: 2_000, ticksPerDay: 10 };
  const rows = (csv: string) => csv.trim().split('\n').slice(1).map((l) => l.split(','));

  it('every order is due at the day’s last tick (9 of 10; one of tick 9 at 10, after it); the orders are otherwise the same', () => {
    const intraday = rows(generateSystem(spec).paymentsCsv);
    const eod = rows(generateSystem({ ...spec, deadlines: 'end-of-day' }).paymentsCsv);
    expect(eod.map((r) => Number(r[5]))).toEqual(eod.map((r) => (Number(r[1]) === 9 ? 10 : 9)));
    const withoutDeadline = (r: string[]) => [...r.slice(0, 5), ...r.slice(6)].join(',');
    expect(eod.map(withoutDeadline)).toEqual(intraday.map(withoutDeadline));
    expect(intraday.some((r) => Number(r[5]) < 9)).toBe(true);
  });
});

describe('LB/UB targets', () => {
  for (const [network, target] of [
    ['uniform', 0.1],
    ['uniform', 0.5],
    ['scale-free', 0.3],
    ['core-periphery', 0.2],
  ] as const) {
    it(`${network}, target ${target}: reached within 0.05`, () => {
      const s = generateSystem({ ...CORE_PERIPHERY, banks: 60, core: 6, network, payments: 6_000, lbUb: target }).stats;
      expect(Math.abs(s.lb_ub_ratio - target)).toBeLessThanOrEqual(0.05);
    });
  }
});

describe('liquidity bounds (hand-worked)', () => {
  it('A pays B 5, B pays A 3, A pays B 4: UB A = 6, B = 0; LB A = 6, B = 0', () => {
    // A's running net outflow: 5, 2, 6 → UB 6, final 6. B's: −5, −2, −6 → UB 0, LB 0.
    const b = dayBounds(2, Int32Array.from([0, 1, 2]), Int32Array.from([0, 1, 0]), Int32Array.from([1, 0, 1]), Float64Array.from([5, 3, 4]), null);
    expect([...b.upper, ...b.lower, b.upperTotal, b.lowerTotal]).toEqual([6, 0, 6, 0, 6, 6]);
  });

  it('a closed loop A → B → C → A of 7 each: UB 7 for every bank, LB 0', () => {
    const b = dayBounds(3, Int32Array.from([0, 1, 2]), Int32Array.from([0, 1, 2]), Int32Array.from([1, 2, 0]), Float64Array.from([7, 7, 7]), null);
    expect([b.upperTotal, b.lowerTotal]).toEqual([7, 0]);
  });

  it('the top-10 % share: 10 banks, one holds 55 of 100 → 0.55', () => {
    expect(topShare(Float64Array.from([5, 5, 5, 5, 5, 5, 5, 5, 5, 55]), 0.1)).toBe(0.55);
  });
});

describe('intraday profiles', () => {
  it('peaks: morning ×1.6, lunch ×0.6, close ×2; a written profile parses, a bad one is named', () => {
    const rates = tickRates(PROFILES['peaks']!, 20);
    // Tick t covers (t + 0.5)/20 of the day: ticks 0–2 morning, 9–10 lunch, 17–19 close.
    expect([...rates]).toEqual([1.6, 1.6, 1.6, 1, 1, 1, 1, 1, 1, 0.6, 0.6, 1, 1, 1, 1, 1, 1, 2, 2, 2]);
    expect(parseProfile('0-0.5:2, 0.5-1:0.5')).toEqual([
      { from: 0, to: 0.5, multiplier: 2 },
      { from: 0.5, to: 1, multiplier: 0.5 },
    ]);
    expect(parseProfile('0.5-0.2:1')).toMatch(/^'0.5-0.2:1' is not a part of the day/);
  });
});

describe('paysim generate scenario', () => {
  it('writes a scenario that loads and runs its payment file; the same flags give the same files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paysim-generate-'));
    const flags = ['--banks', '20', '--network', 'scale-free', '--payments', '800', '--ticks-per-day', '40', '--lb-ub', '0.35', '--seed', '9', '--json'];
    const a = await cli(['generate', 'scenario', '-o', join(dir, 'a', 's.yaml'), ...flags]);
    const b = await cli(['generate', 'scenario', '-o', join(dir, 'b', 's.yaml'), ...flags]);
    expect(a.status, a.stderr).toBe(0);
    const stats = JSON.parse(a.stdout) as { payments: number; value: number; lb_ub_ratio: number };
    expect(readFileSync(join(dir, 'a', 's.payments.csv'), 'utf8')).toBe(readFileSync(join(dir, 'b', 's.payments.csv'), 'utf8'));
    expect(JSON.parse(b.stdout).value).toBe(stats.value);
    const loaded = loadScenarioFile(join(dir, 'a', 's.yaml'));
    expect(loaded.config.agents).toHaveLength(20);
    const run = runScenario(loaded).result.summary;
    expect([run.arrivals, run.arrived_value]).toEqual([stats.payments, stats.value]);
  });

  it('a bad flag is bad input', async () => {
    const r = await cli(['generate', 'scenario', '-o', join(tmpdir(), 'x.yaml'), '--network', 'ring']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("paysim: --network: expected one of uniform, core-periphery, scale-free, got 'ring'\n");
  });
});

describe('the shipped generated scenarios', () => {
  for (const [file, target] of [
    ['scenarios/generated/balanced_50.yaml', 0.3],
    ['scenarios/generated/core_periphery_500.yaml', 0.4],
    ['scenarios/generated/chaps_20.yaml', 0.3],
  ] as const) {
    it(`${file}: its orders' Σ LB / Σ UB is the header's figure, within 0.05 of the target ${target}`, () => {
      const loaded = loadScenarioFile(file);
      const p = loaded.config.scheduled_payments!;
      const order = Int32Array.from({ length: p.count }, (_, i) => i);
      const agents = (codes: Int32Array): Int32Array => codes.map((code) => p.agentOfBank[code]!);
      const b = dayBounds(loaded.config.agents.length, order, agents(p.senderBank), agents(p.receiverBank), p.amount, null);
      const header = /Σ LB (\d+), Σ UB (\d+)/.exec(readFileSync(file, 'utf8'))!;
      expect([b.lowerTotal, b.upperTotal]).toEqual([Number(header[1]), Number(header[2])]);
      expect(Math.abs(b.lowerTotal / b.upperTotal - target)).toBeLessThanOrEqual(0.05);
      // A run reports the same bounds per agent-day (one definition, the engine's).
      const days = runScenario(loaded).result.agent_days;
      const sum = (key: 'liquidity_upper_bound' | 'liquidity_lower_bound'): number => days.reduce((s, d) => s + d[key], 0);
      expect([sum('liquidity_lower_bound'), sum('liquidity_upper_bound')]).toEqual([b.lowerTotal, b.upperTotal]);
    });
  }
});
