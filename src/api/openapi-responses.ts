// The success half of the OpenAPI document: per operation, the status, the body's schema and an
// example taken from a real answer (two banks, one payment of 1 000 cents). Envelopes are
// described field by field; the large documents the CLI also prints (a run summary, a checkpoint,
// a comparison, chart specs) are objects described in words, as their own docs define them.
// test/api/openapi.test.ts checks every example against its schema and real answers against the
// schemas.

type Json = Record<string, unknown>;

const SIM_ID = '0e32c1d2-9a4b-4f3e-8a57-2b1c0d9e8f70';
const HASH = 'aeb33dae97c85f6e710a65b4e8276fc05070597d8dbf6ccc032aadc2d18cb190';

const int = (description?: string): Json => ({ type: 'integer', ...(description !== undefined ? { description } : {}) });
const cents = (description = 'cents'): Json => ({ type: 'integer', description });
const str = (description?: string): Json => ({ type: 'string', ...(description !== undefined ? { description } : {}) });
const obj = (properties: Json, description?: string): Json => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
  ...(description !== undefined ? { description } : {}),
});
const list = (items: Json): Json => ({ type: 'array', items });
const doc = (description: string): Json => ({ type: 'object', description });

const created = obj({ simulation_id: str('the new simulation'), tick: int('its current tick (the next to be processed)') });
const createdExample = { simulation_id: SIM_ID, tick: 0 };

const simulationSummary = {
  simulation_id: str(),
  tick: int('the next tick to be processed'),
  total_ticks: int(),
  done: { type: 'boolean' },
  num_agents: int(),
  config_hash: str('SHA-256 of the resolved scenario without its seed (docs/store.md)'),
  created_at: { type: 'string', format: 'date-time' },
};
const simulationSummaryExample = {
  simulation_id: SIM_ID,
  tick: 0,
  total_ticks: 10,
  done: false,
  num_agents: 2,
  config_hash: HASH,
  created_at: '2026-12-07T13:01:29.533Z',
};

const tickResult = obj({
  tick: int(),
  arrivals: int(),
  settled: int('settlements in the tick (each split child counts)'),
  settled_value: cents(),
  dropped: int(),
  dropped_value: cents(),
  q2_size: int('payments in the central queue after the tick'),
  q2_value: cents(),
});

const agentState = obj({
  agent: str(),
  balance: cents(),
  credit_limit: cents(),
  posted_collateral: cents(),
  collateral_capacity: cents(),
  available_liquidity: cents(),
  q1_size: int(),
  q1_value: cents(),
  q2_size: int(),
  q2_value: cents(),
});

const COST_KIND_NAMES = ['overdraft', 'collateral', 'delay', 'split', 'deadline', 'eod', 'liquidity', 'backstop', 'cb_credit'] as const;
const costColumns = (): Json => ({
  type: 'object',
  description: `cents per cost kind (${COST_KIND_NAMES.join(', ')}) and \`total\``,
  required: ['total'],
  additionalProperties: { type: 'number' },
});
const zeroCosts = Object.fromEntries([...COST_KIND_NAMES, 'total'].map((k) => [k, 0]));

const transaction = {
  type: 'object',
  required: ['tx_id', 'sender', 'receiver', 'amount', 'remaining', 'status', 'arrival_tick', 'deadline_tick'],
  properties: {
    tx_id: int(),
    parent_id: { type: ['integer', 'null'], description: 'the payment this was split from' },
    sender: str(),
    receiver: str(),
    amount: cents(),
    remaining: cents(),
    priority: int(),
    divisible: { type: 'boolean' },
    origin: str('external (API), generated, scheduled, file, …'),
    arrival_tick: int(),
    deadline_tick: int(),
    submitted_tick: { type: ['integer', 'null'] },
    settled_tick: { type: ['integer', 'null'] },
    status: { type: 'string', enum: ['queued_q1', 'queued_q2', 'settled', 'dropped', 'split'] },
    settled_by: { type: ['string', 'null'], description: 'rtgs, queue, bilateral, cycle, multilateral, backstop' },
    drop_reason: { type: ['string', 'null'] },
    delay: int('ticks'),
    delay_cost: { type: 'number' },
    deadline_penalty: { type: 'number' },
    eod_penalty: { type: 'number' },
    split_friction: { type: 'number' },
    backstop_cost: { type: 'number' },
  },
};
const transactionExample = {
  tx_id: 0,
  parent_id: null,
  sender: 'BANK_A',
  receiver: 'BANK_B',
  amount: 1000,
  remaining: 0,
  priority: 5,
  divisible: false,
  origin: 'external',
  arrival_tick: 0,
  deadline_tick: 5,
  submitted_tick: 0,
  settled_tick: 0,
  status: 'settled',
  settled_by: 'rtgs',
  drop_reason: null,
  delay: 0,
  delay_cost: 0,
  deadline_penalty: 0,
  eod_penalty: 0,
  split_friction: 0,
  backstop_cost: 0,
};

const storedRunRow = {
  type: 'object',
  required: ['run_key', 'experiment_id', 'variant', 'seed', 'status'],
  description: 'a row of the `runs` table (docs/store.md); seeds as strings (they are 64-bit)',
  properties: { run_key: str(), experiment_id: str(), variant: str(), seed: str(), status: str() },
};
const storedRunExample = {
  run_key: '2c96e5638b023568223b5aa74e64996f4554484faea793f690186283bb4bcf0a',
  experiment_id: 'adhoc',
  variant: 'default',
  seed: '7',
  status: 'ok',
  scenario: '<api>',
  config_hash: HASH,
  started_at: '2026-12-07T13:01:30.031Z',
  wall_ms: 1.18,
  ticks: 2,
  days: 1,
  num_agents: 2,
  arrivals: 1,
  settled: 1,
  dropped: 0,
  settlement_rate: 1,
  settlement_rate_value: 1,
  total_cost: 0,
};

export interface SuccessResponse {
  readonly status: number;
  readonly description: string;
  /** JSON body schema and example; absent for 204 and the event stream. */
  readonly schema?: Json;
  readonly example?: unknown;
  /** A media type other than JSON (the event stream), with an example of its text. */
  readonly mediaType?: string;
}

/** Success responses per operation (`method /path`, as in the document). */
export const SUCCESS: Readonly<Record<string, SuccessResponse>> = {
  'get /health': {
    status: 200,
    description: 'the server is up',
    schema: obj({ status: { type: 'string', const: 'ok' }, version: str('engine version'), simulations: int('live simulations') }),
    example: { status: 'ok', version: '0.2.0', simulations: 1 },
  },
  'post /simulations': { status: 201, description: 'created', schema: created, example: createdExample },
  'get /simulations': {
    status: 200,
    description: 'the live simulations',
    schema: obj({ simulations: list(obj(simulationSummary)) }),
    example: { simulations: [simulationSummaryExample] },
  },
  'get /simulations/{id}': {
    status: 200,
    description: 'the simulation, its resolved config and policies',
    schema: obj({
      ...simulationSummary,
      config: doc('the resolved scenario (defaults filled in; seeds as strings)'),
      policies: list(obj({ agent: str(), name: str(), policy_sha256: str() })),
    }),
    example: {
      ...simulationSummaryExample,
      config: { simulation: { ticks_per_day: 10, num_days: 1, rng_seed: '42' }, agents: [{ id: 'BANK_A', opening_balance: 1_000_000 }, { id: 'BANK_B', opening_balance: 1_000_000 }] },
      policies: [
        { agent: 'BANK_A', name: 'fifo_policy', policy_sha256: '3c06fa3b20d45fb08072b6d416d4caa07e88ee6bf8cb161f33b561f729714539' },
        { agent: 'BANK_B', name: 'fifo_policy', policy_sha256: '3c06fa3b20d45fb08072b6d416d4caa07e88ee6bf8cb161f33b561f729714539' },
      ],
    },
  },
  'delete /simulations/{id}': { status: 204, description: 'removed (or there was none): no body' },
  'post /simulations/{id}/checkpoints': {
    status: 200,
    description: 'the whole state as an engine checkpoint',
    schema: obj({ simulation_id: str(), tick: int(), checkpoint: doc('an engine checkpoint (format `paysim-checkpoint/2`): POST it back to /simulations/from-checkpoint') }),
    example: { simulation_id: SIM_ID, tick: 2, checkpoint: { format: 'paysim-checkpoint/2', engine_version: '0.2.0', tick: 2, balances: [99_000, 51_000] } },
  },
  'post /simulations/from-checkpoint': { status: 201, description: 'created at the checkpoint\'s tick', schema: created, example: { simulation_id: SIM_ID, tick: 2 } },
  'post /simulations/{id}/persist': {
    status: 200,
    description: 'stored like a CLI run (`stored: false` when the same run was already stored)',
    schema: obj({ run_key: str(), stored: { type: 'boolean' }, tick: int('ticks processed when stored') }),
    example: { run_key: storedRunExample.run_key, stored: true, tick: 2 },
  },
  'post /simulations/{id}/tick': {
    status: 200,
    description: 'one result per processed tick',
    schema: obj({ simulation_id: str(), tick: int('the next tick to be processed'), done: { type: 'boolean' }, ticks: list(tickResult) }),
    example: {
      simulation_id: SIM_ID,
      tick: 2,
      done: false,
      ticks: [
        { tick: 0, arrivals: 1, settled: 1, settled_value: 1000, dropped: 0, dropped_value: 0, q2_size: 0, q2_value: 0 },
        { tick: 1, arrivals: 0, settled: 0, settled_value: 0, dropped: 0, dropped_value: 0, q2_size: 0, q2_value: 0 },
      ],
    },
  },
  'get /simulations/{id}/state': {
    status: 200,
    description: 'balances, credit, collateral and queues',
    schema: obj({ simulation_id: str(), tick: int(), total_ticks: int(), done: { type: 'boolean' }, q2_size: int(), q2_value: cents(), agents: list(agentState) }),
    example: {
      simulation_id: SIM_ID,
      tick: 2,
      total_ticks: 10,
      done: false,
      q2_size: 0,
      q2_value: 0,
      agents: [
        { agent: 'BANK_A', balance: 99_000, credit_limit: 0, posted_collateral: 0, collateral_capacity: 0, available_liquidity: 99_000, q1_size: 0, q1_value: 0, q2_size: 0, q2_value: 0 },
        { agent: 'BANK_B', balance: 51_000, credit_limit: 0, posted_collateral: 0, collateral_capacity: 0, available_liquidity: 51_000, q1_size: 0, q1_value: 0, q2_size: 0, q2_value: 0 },
      ],
    },
  },
  'get /simulations/{id}/costs': {
    status: 200,
    description: 'costs so far per agent and kind, and their totals',
    schema: obj({
      simulation_id: str(),
      tick: int(),
      agents: list({ ...costColumns(), required: ['agent', 'total'], properties: { agent: str() } }),
      totals: costColumns(),
    }),
    example: { simulation_id: SIM_ID, tick: 2, agents: [{ agent: 'BANK_A', ...zeroCosts }, { agent: 'BANK_B', ...zeroCosts }], totals: zeroCosts },
  },
  'get /simulations/{id}/metrics': {
    status: 200,
    description: 'the run summary so far',
    schema: obj({ simulation_id: str(), tick: int(), summary: doc('the run summary, as `paysim run --json` prints it (docs/metrics.md)') }),
    example: { simulation_id: SIM_ID, tick: 2, summary: { ticks: 2, days: 1, num_agents: 2, arrivals: 1, settled: 1, settled_value: 1000, settlement_rate: 1, total_cost: 0 } },
  },
  'get /simulations/{id}/events': {
    status: 200,
    description: 'events, oldest first',
    schema: obj({
      simulation_id: str(),
      matched: int('events kept that match the filter'),
      returned: int(),
      evicted: int('events dropped from the kept window so far'),
      events: list({
        type: 'object',
        required: ['tick', 'seq', 'type'],
        properties: { tick: int(), seq: int(), type: str(), agent: { type: ['string', 'null'] }, tx: { type: ['integer', 'null'] }, data: { type: 'object' } },
      }),
    }),
    example: {
      simulation_id: SIM_ID,
      matched: 2,
      returned: 2,
      evicted: 0,
      events: [
        { tick: 0, seq: 0, type: 'arrival', agent: 'BANK_A', tx: 0, data: { receiver: 'BANK_B', amount: 1000, deadline_tick: 5, priority: 5, divisible: false, origin: 'external' } },
        { tick: 0, seq: 1, type: 'submit', agent: 'BANK_A', tx: 0, data: { amount: 1000, node_id: 'A1' } },
      ],
    },
  },
  'post /simulations/{id}/transactions': {
    status: 201,
    description: 'accepted into the sender\'s Q1',
    schema: obj({ transaction_id: int(), arrival_tick: int() }),
    example: { transaction_id: 0, arrival_tick: 0 },
  },
  'get /simulations/{id}/transactions': {
    status: 200,
    description: 'a page of payments',
    schema: obj({ total: int('payments matching the filter'), limit: int(), offset: int(), transactions: list(transaction) }),
    example: { total: 1, limit: 100, offset: 0, transactions: [transactionExample] },
  },
  'get /simulations/{id}/transactions/{tx}': { status: 200, description: 'the payment', schema: transaction, example: transactionExample },
  'get /simulations/{id}/stream': {
    status: 200,
    description: '`text/event-stream`: a `hello` message, then a `tick` frame after each processed tick, `end` when the simulation is deleted',
    mediaType: 'text/event-stream',
    schema: { type: 'string' },
    example: `event: hello\ndata: {"simulation_id":"${SIM_ID}","tick":0}\n\n`,
  },
  'post /simulations/{id}/scenario-events': {
    status: 201,
    description: 'scheduled',
    schema: obj({ simulation_id: str(), tick: int(), fires_at: int('the first tick it fires at'), event: doc('the event as the engine runs it') }),
    example: { simulation_id: SIM_ID, tick: 0, fires_at: 5, event: { at_tick: 5, type: 'liquidity_shock', agent: 'BANK_A', balance_change: -200_000 } },
  },
  'get /scenarios': {
    status: 200,
    description: 'the shipped scenario files (null where a file could not be read)',
    schema: obj({ scenarios: list(obj({ file: str(), agents: { type: ['integer', 'null'] }, ticks_per_day: { type: ['integer', 'null'] }, num_days: { type: ['integer', 'null'] } })) }),
    example: { scenarios: [{ file: 'balanced_50_banks.yaml', agents: 50, ticks_per_day: 100, num_days: 1 }] },
  },
  'post /simulations/from-file': { status: 201, description: 'created', schema: created, example: createdExample },
  'post /simulations/from-text': { status: 201, description: 'created', schema: created, example: createdExample },
  'get /runs': {
    status: 200,
    description: 'a page of stored runs, newest first',
    schema: obj({ limit: int(), offset: int(), total: int(), runs: list(storedRunRow) }),
    example: { limit: 100, offset: 0, total: 1, runs: [storedRunExample] },
  },
  'get /runs/{run_key}': {
    status: 200,
    description: 'the stored run: its row, per-agent totals and policies',
    schema: obj({
      run: storedRunRow,
      agents: list({ type: 'object', required: ['agent'], properties: { agent: str() }, description: 'a row of `run_agents`' }),
      policies: list(obj({ agent: str(), policy_sha256: str(), name: { type: ['string', 'null'] } })),
    }),
    example: {
      run: storedRunExample,
      agents: [{ agent: 'BANK_A', balance: 99_000 }, { agent: 'BANK_B', balance: 51_000 }],
      policies: [{ agent: 'BANK_A', policy_sha256: '3c06fa3b20d45fb08072b6d416d4caa07e88ee6bf8cb161f33b561f729714539', name: 'fifo_policy' }],
    },
  },
  'get /experiments': {
    status: 200,
    description: 'stored experiments with their revisions, variants, grid points and run counts',
    schema: obj({ experiments: list({ type: 'object', required: ['name', 'revisions'], properties: { name: str(), description: { type: ['string', 'null'] }, compare: { type: 'object' }, revisions: list({ type: 'object', required: ['revision'], properties: { revision: int() } }) } }) }),
    example: {
      experiments: [{
        name: 'adhoc',
        description: 'Single runs stored by `paysim run`',
        compare: {},
        revisions: [{ revision: 1, runs: { ok: 1, failed: 0 }, variants: [{ variant: 'default', ok: 1, failed: 0 }], grid_points: [], default_baseline: 'default' }],
      }],
    },
  },
  'get /experiments/{name}/comparison': {
    status: 200,
    description: 'the paired comparison of the variants, as `paysim compare --json`',
    schema: {
      ...doc('the document of `paysim compare --json`: one comparison per grid point (or one pooled)'),
      required: ['experiment', 'revision', 'runs', 'comparisons'],
      properties: { experiment: str(), revision: int(), bootstrap: { type: 'object' }, runs: obj({ ok: int(), failed: int() }), pooled: { type: 'boolean' }, comparisons: list({ type: 'object' }) },
    },
    example: { experiment: 'lsm-credit', revision: 1, bootstrap: { resamples: 2000, seed: '1' }, runs: { ok: 12, failed: 0 }, pooled: false, grid_points: 1, comparisons: [] },
  },
  'get /experiments/{name}/charts': {
    status: 200,
    description: "the report's charts: Vega-Lite specs with their data",
    schema: obj({
      experiment: str(),
      revision: int(),
      runs: obj({ ok: int(), failed: int() }),
      variants: list(str()),
      baseline: { type: ['string', 'null'] },
      metrics: list(str()),
      charts: list({ type: 'object', description: 'a chart: its title and Vega-Lite spec with the data inline' }),
    }),
    example: { experiment: 'lsm-credit', revision: 1, runs: { ok: 12, failed: 0 }, variants: ['baseline', 'lsm-off'], baseline: 'baseline', metrics: ['total_cost'], charts: [] },
  },
};
