// `paysim generate scenario -o FILE.yaml …`: a synthetic payment system — network, one day of
// balanced payment orders, opening balances — as a scenario file and its payment file beside it
// (docs/scenarios.md, "Generated systems"). Deterministic from --seed.

import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Command } from 'commander';
import type { NetworkKind } from '../../generate/network.js';
import type { DeadlineKind } from '../../generate/flows.js';
import { parseProfile } from '../../generate/profile.js';
import { generateSystem, scenarioText, type SystemSpec } from '../../generate/system.js';
import { CliError } from '../errors.js';
import { integerFlag, numberFlag, positiveInteger } from '../flags.js';
import { table } from '../format.js';
import { writeOutputFile } from '../output-file.js';

interface GenerateFlags {
  output: string;
  banks: string;
  network: string;
  core?: string;
  exponent?: string;
  degree?: string;
  payments: string;
  ticksPerDay: string;
  profile: string;
  lbUb: string;
  liquidityShare: string;
  medianAmount: string;
  seed: string;
  deadlines: string;
  gzip?: boolean;
  json?: boolean;
}

const NETWORKS: readonly NetworkKind[] = ['uniform', 'core-periphery', 'scale-free'];
const DEADLINES: readonly DeadlineKind[] = ['intraday', 'end-of-day'];

export function registerGenerate(program: Command): void {
  const generate = program.command('generate').description('generate inputs: synthetic payment systems');
  generate
    .command('scenario')
    .description('write a synthetic payment system: a scenario file and its payment file (one balanced day)')
    .requiredOption('-o, --output <file.yaml>', 'the scenario file; the payment file goes beside it (NAME.payments.csv[.gz])')
    .option('--banks <n>', 'number of banks', '50')
    .option('--network <kind>', 'uniform, core-periphery or scale-free', 'uniform')
    .option('--core <n>', 'core-periphery: banks in the core (default banks / 20)')
    .option('--exponent <g>', 'scale-free: degree tail exponent > 2 (default 2.5)')
    .option('--degree <d>', 'uniform and scale-free: mean links per bank (default 8)')
    .option('--payments <n>', 'payment orders in the day (about)', '5000')
    .option('--ticks-per-day <n>', 'ticks in the day', '100')
    .option('--profile <p>', 'intraday arrival profile: flat, peaks, or from-to:multiplier,… (fractions of the day)', 'flat')
    .option('--lb-ub <r>', 'target Σ lower bound / Σ upper bound of liquidity, 0..1', '0.3')
    .option('--liquidity-share <s>', "opening balance as a share of each bank's upper bound", '0.5')
    .option('--median-amount <cents>', 'median payment on a link of average weight (cents)', '1000000')
    .option('--seed <n>', 'seed of the generator', '1')
    .option('--deadlines <kind>', 'intraday (a tenth to half a day after arrival) or end-of-day (the last tick, as in CHAPS)', 'intraday')
    .option('--gzip', 'write the payment file gzip-compressed (default for 200 000 orders or more)')
    .option('--json', 'print the figures as one JSON document')
    .action((flags: GenerateFlags) => {
      const spec = systemSpec(flags);
      const system = generateSystem(spec);
      const gzip = flags.gzip ?? system.stats.payments >= 200_000;
      const stem = basename(flags.output).replace(/\.(ya?ml|json)$/, '');
      const paymentFile = `${stem}.payments.csv${gzip ? '.gz' : ''}`;
      const line = `paysim generate scenario ${commandLine(flags)}`;
      // gzip level 9 with no timestamp in the header: the same input gives the same bytes.
      writeOutputFile(join(dirname(flags.output), paymentFile), gzip ? gzipSync(system.paymentsCsv, { level: 9 }) : system.paymentsCsv);
      writeOutputFile(flags.output, scenarioText(system, spec, paymentFile, line));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ scenario: flags.output, payments_file: join(dirname(flags.output), paymentFile), ...system.stats })}\n`);
        return;
      }
      const s = system.stats;
      const rows: string[][] = [
        ['scenario', flags.output],
        ['payment file', join(dirname(flags.output), paymentFile)],
        ['banks', String(s.banks)],
        ['links', String(s.links)],
        ['payment orders', String(s.payments)],
        ['value (cents)', String(s.value)],
        ['Σ lower bound', String(s.lower_bound)],
        ['Σ upper bound', String(s.upper_bound)],
        ['LB/UB', `${s.lb_ub_ratio.toFixed(4)} (target ${s.lb_ub_target})`],
        ['top 10 % of banks, share of value', `${(100 * s.top10_value_share).toFixed(1)} %`],
        ['opening liquidity', String(s.opening_liquidity)],
      ];
      process.stdout.write(`${table(['figure', 'value'], rows)}\n`);
    });
}

function systemSpec(flags: GenerateFlags): SystemSpec {
  if (!NETWORKS.includes(flags.network as NetworkKind)) throw new CliError(`--network: expected one of ${NETWORKS.join(', ')}, got '${flags.network}'`);
  const profile = parseProfile(flags.profile);
  if (typeof profile === 'string') throw new CliError(`--profile: ${profile}`);
  if (!DEADLINES.includes(flags.deadlines as DeadlineKind)) throw new CliError(`--deadlines: expected one of ${DEADLINES.join(', ')}, got '${flags.deadlines}'`);
  const banks = positiveInteger('--banks', flags.banks);
  if (banks < 2) throw new CliError(`--banks: expected at least 2, got ${banks}`);
  const exponent = flags.exponent === undefined ? undefined : numberIn('--exponent', flags.exponent, 2, 10);
  if (exponent !== undefined && exponent <= 2) throw new CliError(`--exponent: expected a number > 2, got '${flags.exponent}'`);
  return {
    banks,
    network: flags.network as NetworkKind,
    ...(flags.core === undefined ? {} : { core: positiveInteger('--core', flags.core) }),
    ...(exponent === undefined ? {} : { exponent }),
    ...(flags.degree === undefined ? {} : { degree: positiveInteger('--degree', flags.degree) }),
    payments: positiveInteger('--payments', flags.payments),
    ticksPerDay: positiveInteger('--ticks-per-day', flags.ticksPerDay),
    profile,
    lbUb: numberIn('--lb-ub', flags.lbUb, 0, 1),
    liquidityShare: numberIn('--liquidity-share', flags.liquidityShare, 0, 100),
    medianAmount: positiveInteger('--median-amount', flags.medianAmount),
    seed: integerFlag('--seed', flags.seed, 'an integer ≥ 0', 0),
    ...(flags.deadlines === 'intraday' ? {} : { deadlines: flags.deadlines as DeadlineKind }),
  };
}

function numberIn(flag: string, text: string, min: number, max: number): number {
  return numberFlag(flag, text, `a number ${min}..${max}`, (x) => x >= min && x <= max);
}

/** The flags as given, for the scenario's header comment (so the file says how to remake it). */
function commandLine(flags: GenerateFlags): string {
  const parts = [
    `-o ${flags.output}`,
    `--banks ${flags.banks}`,
    `--network ${flags.network}`,
    flags.core === undefined ? '' : `--core ${flags.core}`,
    flags.exponent === undefined ? '' : `--exponent ${flags.exponent}`,
    flags.degree === undefined ? '' : `--degree ${flags.degree}`,
    `--payments ${flags.payments}`,
    `--ticks-per-day ${flags.ticksPerDay}`,
    `--profile ${flags.profile}`,
    `--lb-ub ${flags.lbUb}`,
    `--liquidity-share ${flags.liquidityShare}`,
    `--median-amount ${flags.medianAmount}`,
    `--seed ${flags.seed}`,
    flags.deadlines === 'intraday' ? '' : `--deadlines ${flags.deadlines}`,
    flags.gzip ? '--gzip' : '',
  ];
  return parts.filter((p) => p !== '').join(' ');
}
