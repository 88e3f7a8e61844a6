// Bad input: each mistake gives exactly one line naming the file, the path and what was expected.

import { describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { parseDocumentText } from '../../src/input/read.js';
import { loadScenarioFile } from '../../src/config/scenario.js';
import { baseDoc, issueLines, thrownLines } from './helpers.js';

vi.mock('../../src/policy/resolve.js', () => import('./policy-mock.js'));

const AGENT_KEYS =
  'id, opening_balance, credit_limit, posted_collateral, collateral_capacity, policy, arrival_config, liquidity_pool, initial_liquidity_fraction, bilateral_limits, multilateral_limit';

describe('one mistake, one line', () => {
  it('a typo in a key', () => {
    expect(thrownLines(() => loadScenarioFile('test/fixtures/scenarios/typo.yaml'))).toEqual([
      `test/fixtures/scenarios/typo.yaml: agents[1].credti_limit: unknown key (expected one of ${AGENT_KEYS})`,
    ]);
  });

  it('one agent: says a scenario needs at least 2', () => {
    const doc = baseDoc();
    doc.agents = doc.agents.slice(0, 1);
    delete doc.agents[0]!['arrival_config'];
    expect(issueLines(doc)).toEqual(['test.yaml: agents: a list of 1 item (expected a list of at least 2 items)']);
  });

  it('a negative credit limit', () => {
    const doc = baseDoc();
    doc.agents[1]!['credit_limit'] = -5;
    expect(issueLines(doc)).toEqual(['test.yaml: agents[1].credit_limit: -5 is out of range (expected an integer number of cents ≥ 0)']);
  });

  it('an unknown counterparty', () => {
    const doc = baseDoc();
    doc.agents[0]!['arrival_config'] = { ...(doc.agents[0]!['arrival_config'] as object), counterparty_weights: { BANK_B: 1, BANK_Z: 2 } };
    expect(issueLines(doc)).toEqual([
      "test.yaml: agents[0].arrival_config.counterparty_weights.BANK_Z: unknown agent id 'BANK_Z' (expected one of BANK_B)",
    ]);
  });

  it('a deadline_range of [0, 5]', () => {
    const doc = baseDoc();
    doc.agents[0]!['arrival_config'] = { ...(doc.agents[0]!['arrival_config'] as object), deadline_range: [0, 5] };
    expect(issueLines(doc)).toEqual(['test.yaml: agents[0].arrival_config.deadline_range[0]: 0 is out of range (expected an integer ≥ 1)']);
  });

  it('a non-integer amount', () => {
    const doc = baseDoc();
    doc.agents[0]!['arrival_config'] = {
      ...(doc.agents[0]!['arrival_config'] as object),
      amount_distribution: { type: 'Uniform', min: 1_000.5, max: 5_000 },
    };
    expect(issueLines(doc)).toEqual([
      'test.yaml: agents[0].arrival_config.amount_distribution.min: 1000.5 is not an integer (expected an integer number of cents ≥ 1)',
    ]);
  });

  it('a non-integer opening balance', () => {
    const doc = baseDoc();
    doc.agents[1]!['opening_balance'] = 0.01;
    expect(issueLines(doc)).toEqual(['test.yaml: agents[1].opening_balance: 0.01 is not an integer (expected an integer number of cents)']);
  });

  it('a missing file', () => {
    expect(thrownLines(() => loadScenarioFile('scenarios/nope.yaml'))).toEqual(['scenarios/nope.yaml: file not found']);
  });

  it('bad YAML names the line and column', () => {
    expect(thrownLines(() => loadScenarioFile('test/fixtures/scenarios/bad-syntax.yaml'))).toEqual([
      'test/fixtures/scenarios/bad-syntax.yaml: line 8, column 3: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('an rng_seed of 2^64 (as a YAML integer or a digit string) is out of range', () => {
    const expected = ['test.yaml: simulation.rng_seed: 18446744073709551616 is out of range (expected an integer 0 ≤ seed < 2^64 = 18446744073709551616)'];
    const doc = baseDoc();
    doc['simulation'] = { ticks_per_day: 10, num_days: 2, rng_seed: '18446744073709551616' };
    expect(issueLines(doc)).toEqual(expected);
    const yaml = stringify({ ...doc, simulation: { ...(doc['simulation'] as object), rng_seed: 1 } }).replace('rng_seed: 1', 'rng_seed: 18446744073709551616');
    expect(yaml).toContain('rng_seed: 18446744073709551616\n');
    expect(issueLines(parseDocumentText(yaml, 'test.yaml'))).toEqual(expected);
  });

  it('a seed as a digit string is accepted, up to 2^64 − 1', () => {
    const doc = baseDoc();
    doc['simulation'] = { ticks_per_day: 10, num_days: 2, rng_seed: '18446744073709551615' };
    expect(issueLines(doc)).toEqual([]);
  });

  it('a negative seed, a seed with a sign and an unsafe numeric seed', () => {
    const lines = (seed: unknown): string[] => {
      const doc = baseDoc();
      doc['simulation'] = { ticks_per_day: 10, num_days: 2, rng_seed: seed };
      return issueLines(doc);
    };
    const phrase = 'an integer 0 ≤ seed < 2^64, written as a string of digits above 2^53 − 1';
    expect(lines(-1)).toEqual([`test.yaml: simulation.rng_seed: -1 is out of range (expected ${phrase})`]);
    expect(lines('+7')).toEqual([`test.yaml: simulation.rng_seed: '+7' is not allowed (expected ${phrase})`]);
    // 2^60 as a JS number has already lost digits: the message says to write it as digits.
    expect(lines(2 ** 60)).toEqual([`test.yaml: simulation.rng_seed: ${2 ** 60} is not a safe integer (expected ${phrase})`]);
  });

  it('an amount beyond 2^53 written in YAML is not rounded but rejected', () => {
    const doc = baseDoc();
    doc.agents[1]!['opening_balance'] = '9007199254740993'; // what the reader returns for that literal
    expect(issueLines(doc)).toEqual([
      'test.yaml: agents[1].opening_balance: 9007199254740993 is not a safe integer (expected an integer number of cents, |x| < 2^53)',
    ]);
  });
});

describe('every problem at once, in document order', () => {
  it('reports schema and semantic problems together', () => {
    const doc = baseDoc();
    doc['simulation'] = { ticks_per_day: 0, num_days: 1, rng_seed: 1 };
    doc.agents[1]!['id'] = 'BANK_A';
    doc.agents[1]!['credit_limit'] = -1;
    doc['lsm_config'] = { algorithm: 'gridlock', max_cycle_length: 9 };
    doc['cost_rates'] = { overdraft_bps: 10 };
    expect(issueLines(doc)).toEqual([
      "test.yaml: agents[0].arrival_config.counterparty_weights.BANK_B: unknown agent id 'BANK_B' (expected another agent's id (there is none))",
      "test.yaml: agents[1].credit_limit: -1 is out of range (expected an integer number of cents ≥ 0)",
      "test.yaml: agents[1].id: duplicate agent id 'BANK_A' (expected a unique id; first used at agents[0].id)",
      'test.yaml: cost_rates.overdraft_bps: unknown key (expected one of overdraft_bps_per_tick, collateral_bps_per_tick, delay_cost_per_tick_per_cent, deadline_penalty, eod_penalty_per_transaction, split_friction_cost, liquidity_cost_per_tick_bps, delay_cost_in_q2)',
      'test.yaml: lsm_config.algorithm: \'gridlock\' is not allowed (expected one of pairs_and_cycles, multilateral, multilateral_then_pairs)',
      'test.yaml: lsm_config.max_cycle_length: 9 is out of range (expected an integer in 3..8)',
      'test.yaml: simulation.ticks_per_day: 0 is out of range (expected an integer ≥ 1)',
    ]);
  });
});
