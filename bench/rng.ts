// Benchmark of the run's RNG and of arrival generation at the scale of the 200-bank reference
// scenario (scenarios/large_scale_200_agents.yaml: 200 banks, Σ rate ≈ 80.7 per tick, Uniform
// amounts of about 0.05–1.25 M cents, uniform weights 1/199 listed for every counterparty,
// deadlines 20–50, 2 000 ticks ≈ 161 000 arrivals). The configuration is built in code, with the
// same shape, so the bench does not depend on the scenario loader.

import { pathToFileURL } from 'node:url';
import { ArrivalGenerator } from '../src/engine/arrivals.js';
import type { AgentConfig } from '../src/engine/config.js';
import { Rng } from '../src/engine/rng.js';

const AGENTS = 200;
const TICKS = 2000;
const DRAWS = 5_000_000;
const REPEATS = 5;

function largeScaleAgents(): AgentConfig[] {
  const shape = new Rng(2024); // only to spread rates and amounts deterministically
  const ids = Array.from({ length: AGENTS }, (_, i) => `BANK_${String(i).padStart(3, '0')}`);
  return ids.map((id) => {
    const weights: Record<string, number> = {};
    for (const other of ids) if (other !== id) weights[other] = 1 / (AGENTS - 1);
    const min = shape.nextIntInRange(50_000, 100_000);
    return {
      id,
      opening_balance: 6_000_000,
      credit_limit: 2_000_000,
      posted_collateral: 0,
      collateral_capacity: 20_000_000,
      arrival_config: {
        // Mean 0.403 per agent, as in the reference scenario (Σ 80.66 over 200 banks).
        rate_per_tick: 0.1 + shape.nextFloat() * 0.6066,
        amount_distribution: { type: 'Uniform', min, max: shape.nextIntInRange(1_000_000, 1_250_000) },
        counterparty_weights: weights,
        deadline_range: [20, 50],
        priority: 5,
        divisible: false,
      },
    };
  });
}

/** Counts raw 64-bit draws, for the draws-per-run figure only (not used in timed loops). */
class CountingRng extends Rng {
  draws = 0;
  override next(): void {
    this.draws++;
    super.next();
  }
}

/** The obvious BigInt implementation, timed for comparison with the 32-bit halves. */
function bigIntDrawsPerSecond(n: number): number {
  const mask = (1n << 64n) - 1n;
  let x = 12345n;
  let sink = 0n;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    x ^= x >> 12n;
    x = (x ^ (x << 25n)) & mask;
    x ^= x >> 27n;
    sink ^= (x * 0x2545f4914f6cdd1dn) & mask;
  }
  const ms = performance.now() - t0;
  if (sink === 1n) console.log(''); // keep the loop observable
  return (n / ms) * 1000;
}

/** Best wall time in ms of REPEATS calls (the least disturbed by GC and the other core's load). */
function best(fn: () => number): number {
  let bestMs = Infinity;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    fn();
    bestMs = Math.min(bestMs, performance.now() - t0);
  }
  return bestMs;
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

export async function benchRng(): Promise<void> {
  const rng = new Rng(12345);
  let acc = 0;

  const floatMs = best(() => {
    for (let i = 0; i < DRAWS; i++) acc += rng.nextFloat();
    return acc;
  });
  const intMs = best(() => {
    for (let i = 0; i < DRAWS; i++) acc += rng.nextIntInRange(66_049, 1_234_054);
    return acc;
  });
  const wideIntMs = best(() => {
    for (let i = 0; i < DRAWS; i++) acc += rng.nextIntInRange(0, 1_000_000_000_000); // 2^37 < m <= 2^45
    return acc;
  });
  const hugeIntMs = best(() => {
    for (let i = 0; i < DRAWS / 5; i++) acc += rng.nextIntInRange(0, 2 ** 52); // m > 2^45: bit loop
    return acc;
  });
  const poissonMs = best(() => {
    for (let i = 0; i < DRAWS / 2; i++) acc += rng.poisson(0.4);
    return acc;
  });
  const bigIntRate = bigIntDrawsPerSecond(DRAWS / 5);

  const agents = largeScaleAgents();
  const counting = new CountingRng(12345);
  let arrivals = 0;
  const countGen = new ArrivalGenerator(agents);
  for (let tick = 0; tick < TICKS; tick++) countGen.generate(counting, tick, () => void arrivals++);

  let checksum = 0;
  const runMs = best(() => {
    const gen = new ArrivalGenerator(agents);
    const runRng = new Rng(12345);
    for (let tick = 0; tick < TICKS; tick++) {
      gen.generate(runRng, tick, (sender, receiver, amount, deadline) => {
        checksum += sender + receiver + amount + deadline;
      });
    }
    return checksum;
  });
  const setupMs = best(() => new ArrivalGenerator(agents).saveState().rate_multipliers.length);

  console.log('rng (xorshift64*, two 32-bit halves), best of', REPEATS);
  console.log(`  nextFloat                 ${fmt((DRAWS / floatMs) * 1000)} draws/s`);
  console.log(`  nextIntInRange (m ≈ 1.2M) ${fmt((DRAWS / intMs) * 1000)} draws/s`);
  console.log(`  nextIntInRange (m = 1e12) ${fmt((DRAWS / wideIntMs) * 1000)} draws/s`);
  console.log(`  nextIntInRange (m = 2^52) ${fmt((DRAWS / 5 / hugeIntMs) * 1000)} draws/s`);
  console.log(`  poisson(0.4)              ${fmt((DRAWS / 2 / poissonMs) * 1000)} samples/s`);
  console.log(`  BigInt reference (raw)    ${fmt(bigIntRate)} draws/s`);
  console.log(`arrivals, ${AGENTS} agents × ${TICKS} ticks (weighted receivers, 199 candidates each)`);
  console.log(`  ${fmt(arrivals)} arrivals, ${fmt(counting.draws)} raw draws per run`);
  console.log(`  ${runMs.toFixed(1)} ms per run → ${fmt((arrivals / runMs) * 1000)} arrivals/s, ${fmt((counting.draws / runMs) * 1000)} draws/s`);
  console.log(`  generator construction ${setupMs.toFixed(2)} ms`);
  if (acc === 0.5 || checksum === 0.5) console.log(''); // keep the timed work observable
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchRng();
}
