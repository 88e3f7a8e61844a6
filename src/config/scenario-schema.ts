// The JSON Schema (draft 2020-12) of a scenario document, engine.md §1 and §9.
// Shipped as schemas/scenario.schema.json (a test keeps the file equal to this object) and printed
// by `paysim schema scenario`. Checks a schema cannot express live in semantic.ts.

import { DEFAULT_COST_RATES, DEFAULT_DIVISIBLE, DEFAULT_PRIORITY, DEFAULT_LSM_CONFIG, FAILURE_MODES, LSM_ALGORITHMS } from '../engine/config.js';
import { paymentsSchema } from './payments/schema.js';

type Schema = Record<string, unknown>;

/**
 * What a schema node expects, in words, where the generic wording would be poor; error messages
 * end with `(expected <phrase>)`. Keyed by the node object itself.
 */
export const NODE_PHRASES = new WeakMap<object, string>();
function phrased<T extends object>(node: T, phrase: string): T {
  NODE_PHRASES.set(node, phrase);
  return node;
}

const SAFE_MAX = Number.MAX_SAFE_INTEGER;
/** Ticks are stored as 32-bit integers (runner.md §3: ticks INTEGER). */
export const TICK_MAX = 2_147_483_647;
/**
 * Knuth's Poisson sampler (engine.md §3) compares against e^−λ, which underflows to 0 for λ > 745;
 * below this bound the draw stays exact.
 */
export const RATE_PER_TICK_MAX = 700;

export { DEFAULT_DIVISIBLE, DEFAULT_PRIORITY } from '../engine/config.js';
/** collateral_capacity defaults to this multiple of credit_limit (engine.md §1). */
export const COLLATERAL_CAPACITY_FACTOR = 10;

const cents = (description: string): Schema => ({ $ref: '#/$defs/cents', description });
const centsNonNegative = (description: string, dflt?: number): Schema => ({
  $ref: '#/$defs/cents_non_negative',
  description,
  ...(dflt === undefined ? {} : { default: dflt }),
});
const centsPositive = (description: string): Schema => ({ $ref: '#/$defs/cents_positive', description });
const agentId = (description: string): Schema => ({ $ref: '#/$defs/agent_id', description });

function object(properties: Record<string, Schema>, required: string[], description: string): Schema {
  return { type: 'object', description, properties, required, additionalProperties: false };
}

/** Branches of a `type`-discriminated union; Ajv's strict mode wants the tag required in each. */
function tagged(
  description: string,
  branches: Record<string, { description: string; properties: Record<string, Schema>; required: string[]; closed: boolean }>,
  common: Record<string, Schema> = {},
): Schema {
  return {
    type: 'object',
    description,
    required: ['type'],
    discriminator: { propertyName: 'type' },
    oneOf: Object.entries(branches).map(([tag, branch]) => ({
      description: branch.description,
      properties: { type: { const: tag, description: branch.description }, ...common, ...branch.properties },
      required: ['type', ...branch.required],
      ...(branch.closed ? { additionalProperties: false } : {}),
    })),
  };
}

const amountDistribution = tagged('Distribution of payment amounts in cents (engine.md §3).', {
  Uniform: {
    description: 'Integer amounts drawn uniformly from [min, max], both inclusive.',
    properties: { min: centsPositive('Smallest amount (cents, ≥ 1).'), max: centsPositive('Largest amount (cents, ≥ min).') },
    required: ['min', 'max'],
    closed: true,
  },
  Normal: {
    description: 'mean + trunc(std_dev × z), at least 1 cent.',
    properties: {
      mean: cents('Mean amount (cents).'),
      std_dev: { type: 'number', minimum: 0, description: 'Standard deviation (cents, ≥ 0).' },
    },
    required: ['mean', 'std_dev'],
    closed: true,
  },
  LogNormal: {
    description: 'trunc(exp(mean_log + std_dev_log × z)), at least 1 cent.',
    properties: {
      mean_log: { type: 'number', description: 'Mean of ln(amount).' },
      std_dev_log: { type: 'number', minimum: 0, description: 'Standard deviation of ln(amount) (≥ 0).' },
    },
    required: ['mean_log', 'std_dev_log'],
    closed: true,
  },
  Exponential: {
    description: 'trunc(−ln(u) / lambda), at least 1 cent.',
    properties: { lambda: { type: 'number', exclusiveMinimum: 0, description: 'Rate (> 0); the mean amount is 1 / lambda.' } },
    required: ['lambda'],
    closed: true,
  },
});

const counterpartyWeights = {
  type: 'object',
  description: 'Map agent id → weight ≥ 0 (keys must be other agents). Empty or absent: uniform. Agents not listed get weight 0.',
  additionalProperties: { type: 'number', minimum: 0, description: 'Relative weight (≥ 0).' },
};

const priority = {
  type: 'integer',
  minimum: 0,
  maximum: 10,
  default: DEFAULT_PRIORITY,
  description: 'Payment priority 0..10 (default 5).',
};

const priorityValue = { type: 'integer', minimum: 0, maximum: 10, description: 'A priority 0..10.' };

/** An arrival's priority: fixed, or drawn per payment from a stream of its own (docs/engine.md). */
const arrivalPriority = phrased(
  {
    description:
      'Priority of these payments: a number 0..10 (default 5), or {type: Categorical, values, weights} drawn per ' +
      'payment from a random stream of its own, so adding it never changes amounts, receivers or deadlines. ' +
      'With rtgs.priority_bands, 8–10 is urgent, 4–7 normal, 0–3 low.',
    oneOf: [
      priority,
      object(
        {
          type: { const: 'Categorical', description: 'A categorical distribution.' },
          values: { type: 'array', minItems: 1, maxItems: 11, items: priorityValue, description: 'The priorities that can occur.' },
          weights: {
            type: 'array',
            minItems: 1,
            maxItems: 11,
            items: { type: 'number', minimum: 0, description: 'Relative weight (≥ 0).' },
            description: 'Relative weight of each value, in the same order (same length; sum > 0).',
          },
        },
        ['type', 'values', 'weights'],
        'A priority drawn per payment: values[i] with probability weights[i] / Σ weights.',
      ),
    ],
  },
  'a priority 0..10 or {type: Categorical, values: [...], weights: [...]}',
);

const arrivalConfig = object(
  {
    rate_per_tick: {
      type: 'number',
      minimum: 0,
      maximum: RATE_PER_TICK_MAX,
      description: `Mean number of new payments per tick (Poisson), 0..${RATE_PER_TICK_MAX}.`,
    },
    amount_distribution: amountDistribution,
    counterparty_weights: counterpartyWeights,
    deadline_range: phrased({
      type: 'array',
      description: 'Deadline [min, max] in ticks after arrival, drawn uniformly; min ≥ 1, max ≥ min.',
      prefixItems: [
        { type: 'integer', minimum: 1, maximum: TICK_MAX, description: 'Shortest deadline (ticks, ≥ 1).' },
        { type: 'integer', minimum: 1, maximum: TICK_MAX, description: 'Longest deadline (ticks, ≥ min).' },
      ],
      items: false,
      minItems: 2,
    }, 'a list [min, max] of 2 integer tick counts with 1 ≤ min ≤ max'),
    priority: arrivalPriority,
    divisible: { type: 'boolean', default: DEFAULT_DIVISIBLE, description: 'Whether policies may treat these payments as divisible (default false).' },
  },
  ['rate_per_tick', 'amount_distribution', 'deadline_range'],
  'Random payment arrivals for this agent (engine.md §3). Absent: the agent originates no random payments.',
);

const policy = tagged(
  "The bank's policy. Its keys are checked by the policy module (policy-dsl.md §1).",
  {
    Fifo: { description: 'Release every payment in arrival order.', properties: {}, required: [], closed: false },
    Deadline: {
      description: 'Hold payments until their deadline is near.',
      properties: { urgency_threshold: { description: 'Ticks before the deadline at which a payment is urgent (integer ≥ 0, default 5).' } },
      required: [],
      closed: false,
    },
    LiquidityAware: {
      description: 'Keep a liquidity buffer; release urgent payments regardless.',
      properties: {
        target_buffer: { description: 'Buffer to keep (cents ≥ 0, default 50 000).' },
        urgency_threshold: { description: 'Ticks before the deadline at which a payment is urgent (default 5).' },
      },
      required: [],
      closed: false,
    },
    LiquiditySplitting: {
      description: 'Split large payments when liquidity is short.',
      properties: {
        max_splits: { description: 'Most parts a payment is split into (2..10, default 4).' },
        min_split_amount: { description: 'Smallest part (cents ≥ 0, default 10 000).' },
      },
      required: [],
      closed: false,
    },
    Tree: {
      description: 'A JSON decision tree (policy-dsl.md), from a file or inline.',
      properties: {
        file: { description: 'Path of the tree file, relative to this scenario file.' },
        tree: { description: 'The tree document inline.' },
        parameters: { description: "Overrides of the tree's parameters (name → number)." },
      },
      required: [],
      closed: false,
    },
  },
);

const agent = object(
  {
    id: agentId('Unique, non-blank agent (bank) id.'),
    opening_balance: cents('Balance at tick 0 (cents; may be negative).'),
    credit_limit: centsNonNegative('Intraday credit (overdraft) limit (cents ≥ 0).', 0),
    posted_collateral: centsNonNegative('Collateral posted at tick 0 (cents ≥ 0, at most collateral_capacity).', 0),
    collateral_capacity: centsNonNegative('Most collateral the agent can post (cents ≥ 0; default 10 × credit_limit).'),
    policy,
    arrival_config: arrivalConfig,
    liquidity_pool: centsNonNegative(
      'Liquidity pool (cents ≥ 0; engine.md §9b): at the start of each day the agent brings round(initial_liquidity_fraction × pool) ' +
        'into its balance from outside, pays cost_rates.liquidity_cost_per_tick_bps on it every tick, and returns it at the end of the day. Absent: none.',
    ),
    initial_liquidity_fraction: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      default: 1,
      description:
        'Share of liquidity_pool brought in each day, 0..1 (default 1). Needs liquidity_pool. A Tree policy may set it instead ' +
        'with a parameter of the same name (not both).',
    },
    bilateral_limits: {
      type: 'object',
      description:
        'Net send limits towards counterparties: agent id → cents ≥ 0. A payment to B settles only if this agent\'s net debit towards B ' +
        '(sent to B minus received from B today, the payment included) stays within the limit. Counterparties not listed are unlimited.',
      additionalProperties: { $ref: '#/$defs/cents_non_negative', description: 'Limit towards this counterparty (cents ≥ 0).' },
    },
    multilateral_limit: centsNonNegative(
      'Net send limit towards all participants (cents ≥ 0): a payment settles only if this agent\'s net debit (sent minus received today, ' +
        'the payment included) stays within it. Absent: unlimited.',
    ),
  },
  ['id', 'opening_balance', 'policy'],
  'A participant bank.',
);

const simulation = object(
  {
    ticks_per_day: { type: 'integer', minimum: 1, maximum: TICK_MAX, description: 'Ticks in one business day (> 0).' },
    num_days: { type: 'integer', minimum: 1, maximum: TICK_MAX, description: 'Number of days to run (> 0).' },
    rng_seed: phrased({
      type: ['integer', 'string'],
      minimum: 0,
      maximum: SAFE_MAX,
      pattern: '^[0-9]+$',
      description: 'Seed of the random stream: an integer 0 ≤ seed < 2^64; write seeds above 2^53 − 1 as a string of digits.',
    }, 'an integer 0 ≤ seed < 2^64, written as a string of digits above 2^53 − 1'),
    reset_balances_daily: {
      type: 'boolean',
      default: false,
      description:
        'Each day opens at the configured opening_balance, the difference booked as an external transfer (default false: balances carry over).',
    },
  },
  ['ticks_per_day', 'num_days', 'rng_seed'],
  'Length of the run and its random seed.',
);

const lsmConfig = object(
  {
    enabled: { type: 'boolean', default: DEFAULT_LSM_CONFIG.enabled, description: 'Run the liquidity-saving mechanisms (default true).' },
    bilateral_offsetting: { type: 'boolean', default: DEFAULT_LSM_CONFIG.bilateral_offsetting, description: 'Offset queued payments pair by pair (default true).' },
    cycle_detection: { type: 'boolean', default: DEFAULT_LSM_CONFIG.cycle_detection, description: 'Settle cycles of queued payments (default true).' },
    max_cycle_length: { type: 'integer', minimum: 3, maximum: 8, default: DEFAULT_LSM_CONFIG.max_cycle_length, description: 'Longest cycle searched, in agents (3..8, default 4).' },
    max_cycles_per_tick: { type: 'integer', minimum: 1, maximum: 1_000_000, default: DEFAULT_LSM_CONFIG.max_cycles_per_tick, description: 'Most cycles settled per tick, across the LSM iterations (1..1 000 000, default 10).' },
    max_cycle_search_steps: {
      type: 'integer',
      minimum: 1,
      maximum: 10_000_000,
      default: DEFAULT_LSM_CONFIG.max_cycle_search_steps,
      description: 'Bound on node visits of the cycle search per iteration (1..10 000 000, default 20 000).',
    },
    max_iterations: { type: 'integer', minimum: 1, maximum: 10, default: DEFAULT_LSM_CONFIG.max_iterations, description: 'LSM iterations per tick (1..10, default 3).' },
    algorithm: {
      enum: [...LSM_ALGORITHMS],
      default: DEFAULT_LSM_CONFIG.algorithm,
      description: 'pairs_and_cycles (default), multilateral (batch), or multilateral_then_pairs (engine.md §6.4).',
    },
    // One mapping with both keys optional, not a oneOf of two: a bad tick is then reported at the
    // tick alone, and "exactly one of every or at_ticks" is a semantic check (config/semantic.ts).
    schedule: phrased(
      object(
        {
          every: { $ref: '#/$defs/duration', description: 'Run on ticks of the day divisible by this (≥ 1).' },
          at_ticks: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: phrased(
              {
                type: ['integer', 'string'],
                minimum: 0,
                maximum: TICK_MAX,
                pattern: '^last$',
                description: 'A tick of the day (0 ≤ t < ticks_per_day), or last: the last tick of each day.',
              },
              'a tick of the day (an integer ≥ 0) or last',
            ),
            description: 'The ticks of each day at which the LSM runs; last is the last tick of the day.',
          },
        },
        [],
        'When the LSM runs (default: every tick): {every: N} on the ticks of each day that are multiples of N (0, N, 2N, …), ' +
          'or {at_ticks: [...]} on those ticks of each day (0 ≤ t < ticks_per_day, or last).',
      ),
      'either {every: N} or {at_ticks: [t, …]}',
    ),
  },
  [],
  'Liquidity-saving mechanisms (engine.md §6).',
);

const costRates = object(
  {
    overdraft_bps_per_tick: { type: 'number', minimum: 0, default: DEFAULT_COST_RATES.overdraft_bps_per_tick, description: 'Basis points of the overdraft charged per tick (default 10).' },
    collateral_bps_per_tick: { type: 'number', minimum: 0, default: DEFAULT_COST_RATES.collateral_bps_per_tick, description: 'Basis points of posted collateral charged per tick (default 2).' },
    delay_cost_per_tick_per_cent: { type: 'number', minimum: 0, default: DEFAULT_COST_RATES.delay_cost_per_tick_per_cent, description: 'Cost per held cent in Q1 per tick (default 0.0001).' },
    deadline_penalty: centsNonNegative('Penalty per payment dropped at its deadline (cents, default 50 000).', DEFAULT_COST_RATES.deadline_penalty),
    eod_penalty_per_transaction: centsNonNegative('Penalty per payment unsettled at end of day (cents, default 10 000).', DEFAULT_COST_RATES.eod_penalty_per_transaction),
    split_friction_cost: centsNonNegative('Cost per extra part when a payment is split (cents, default 1 000).', DEFAULT_COST_RATES.split_friction_cost),
    liquidity_cost_per_tick_bps: {
      type: 'number',
      minimum: 0,
      default: 0,
      description: 'Basis points of the liquidity an agent brought from its liquidity_pool, charged every tick of the day (default 0; engine.md §9b).',
    },
    delay_cost_in_q2: {
      type: 'boolean',
      default: false,
      description: "Delay cost also accrues on the agent's payments waiting in Q2, not only in Q1 (default false; engine.md §9b).",
    },
  },
  [],
  'Cost rates (engine.md §7).',
);

const schedule: Record<string, Schema> = {
  at_tick: { $ref: '#/$defs/tick', description: 'Fire once, at this tick (use either at_tick or every).' },
  every: object(
    {
      start: { $ref: '#/$defs/tick', description: 'First tick.' },
      interval: { $ref: '#/$defs/duration', description: 'Ticks between firings (≥ 1).' },
      until: { $ref: '#/$defs/tick', description: 'Last tick at which the event may fire (inclusive, ≥ start).' },
    },
    ['start', 'interval', 'until'],
    'Fire at start, start + interval, … up to until (use either at_tick or every).',
  ),
};

const duration = { $ref: '#/$defs/duration', description: 'Number of ticks (≥ 1).' };

/** Collateral pledged to the central bank: holdings of a class, each at its market value less a haircut. */
function collateralList(description: string): Schema {
  return {
    type: 'array',
    description,
    items: object(
      {
        class: { type: 'string', pattern: '\\S', description: 'The collateral class (a label: govt, covered, …).' },
        value: centsNonNegative('Market value of the holding (cents ≥ 0).'),
        haircut: { type: 'number', minimum: 0, maximum: 1, description: 'Share of the value the central bank does not lend against, 0..1.' },
      },
      ['class', 'value', 'haircut'],
      'A collateral holding: it supports value × (1 − haircut) of credit.',
    ),
  };
}

const scenarioEvent = tagged(
  'A scheduled shock or scripted payment (engine.md §9); runs at step 1 of the tick, in list order.',
  {
    outage: {
      description: 'The agent sends nothing to RTGS for `duration` ticks.',
      properties: { agent: agentId('Agent id.'), duration },
      required: ['agent', 'duration'],
      closed: true,
    },
    rtgs_outage: { description: 'No settlement at all for `duration` ticks.', properties: { duration }, required: ['duration'], closed: true },
    lsm_off: { description: 'The LSM is off for `duration` ticks.', properties: { duration }, required: ['duration'], closed: true },
    liquidity_shock: {
      description: "Change an agent's balance and/or credit limit (booked as an external transfer).",
      properties: {
        agent: agentId('Agent id.'),
        balance_change: cents('Added to the balance (cents; negative removes).'),
        credit_limit_change: cents('Added to the credit limit (cents; negative lowers it, not below 0).'),
      },
      required: ['agent'],
      closed: true,
    },
    arrival_rate: {
      description: "Multiply an agent's (or, without agent, everyone's) arrival rate.",
      properties: {
        agent: agentId('Agent id; absent: every agent.'),
        multiplier: { type: 'number', minimum: 0, description: 'Factor applied to rate_per_tick (≥ 0).' },
      },
      required: ['multiplier'],
      closed: true,
    },
    payment: {
      description: "Inject a payment into the sender's Q1.",
      properties: {
        sender: agentId('Sending agent id.'),
        receiver: agentId('Receiving agent id (not the sender).'),
        amount: centsPositive('Amount (cents ≥ 1).'),
        deadline_tick: { $ref: '#/$defs/tick', description: 'Absolute deadline tick (> the firing tick); or give deadline_offset.' },
        deadline_offset: { $ref: '#/$defs/duration', description: 'Deadline in ticks after the firing tick (≥ 1); or give deadline_tick.' },
        priority,
        divisible: { type: 'boolean', default: DEFAULT_DIVISIBLE, description: 'Divisible flag seen by policies (default false).' },
      },
      required: ['sender', 'receiver', 'amount'],
      closed: true,
    },
    counterparty_weights: {
      description: "Replace an agent's counterparty weights.",
      properties: { agent: agentId('Agent id.'), weights: counterpartyWeights },
      required: ['agent', 'weights'],
      closed: true,
    },
    participant_failure: {
      description:
        'A participant fails (docs/engine.md, "Participant failures") and keeps receiving: operational = releases nothing, ' +
        'partial = releases only `share` of its orders by value (both for `duration` ticks, or to the end of the day), ' +
        'default = pays nothing more for the rest of the run (its Q2 payments go back to its Q1). Fires once (at_tick).',
      properties: {
        agent: agentId('The failing agent.'),
        mode: { enum: [...FAILURE_MODES], description: 'operational | default | partial.' },
        duration: { $ref: '#/$defs/duration', description: 'operational and partial: ticks the failure lasts (≥ 1); absent: to the end of the day.' },
        share: {
          type: 'number',
          minimum: 0,
          maximum: 1,
          description: 'partial (required there): share of its orders, by value, it still releases (0..1).',
        },
        announce_after: {
          type: 'integer',
          minimum: 0,
          maximum: TICK_MAX,
          description: 'Ticks after at_tick from which the failure is public (0 = at once; absent: never announced).',
        },
        reject_incoming: {
          type: 'boolean',
          default: false,
          description: 'default only: from the announcement on, the RTGS rejects payments addressed to it (returned to the sender).',
        },
      },
      required: ['agent', 'mode'],
      closed: true,
    },
    emergency_injection: {
      description:
        'The central bank lends `amount` to the agent (docs/engine.md, "The central bank\'s response"): credited at once, owed until ' +
        'repaid at the end of the day from its balance; costs rate_bps of the amount once (cost kind cb_credit).',
      properties: {
        agent: agentId('The agent the central bank lends to.'),
        amount: centsPositive('Amount lent (cents ≥ 1).'),
        rate_bps: { type: 'number', minimum: 0, default: 0, description: 'Fee, basis points of the amount, charged once (default 0).' },
      },
      required: ['agent', 'amount'],
      closed: true,
    },
  },
  schedule,
);

export const scenarioSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:paysim:schema:scenario',
  title: 'paysim scenario',
  description: 'A paysim scenario: simulation length and seed, agents (banks) with policies and arrivals, LSM, costs and scheduled events.',
  type: 'object',
  properties: {
    simulation,
    agents: { type: 'array', minItems: 2, items: agent, description: 'The banks (at least 2), in configuration order.' },
    lsm_config: lsmConfig,
    cost_rates: costRates,
    scenario_events: { type: 'array', items: scenarioEvent, description: 'Scheduled events (engine.md §9).' },
    rtgs: object(
      {
        queue: {
          enum: ['bypass', 'fifo'],
          default: 'bypass',
          description:
            "Queue discipline of Q2: bypass (default) retries every queued payment; fifo: a sender's oldest queued payment (within its " +
            'priority band) blocks its later ones, at entry and in every Q2 pass.',
        },
        priority_bands: {
          type: 'boolean',
          default: false,
          description: 'Serve Q2 band by band: urgent (priority 8–10), normal (4–7), low (0–3); FIFO or bypass within a band (default false).',
        },
        entry_offsetting: {
          type: 'boolean',
          default: false,
          description:
            'A payment A→B that cannot settle at entry settles together with queued B→A payments (oldest first, whole payments) ' +
            'when the pair is feasible (default false).',
        },
      },
      [],
      'Settlement design of RTGS entry and the central queue (docs/engine.md). All off by default.',
    ),
    deferred_crediting: {
      type: 'boolean',
      default: false,
      description: 'Incoming settlements credit the receiver at the end of the tick, so money received cannot be reused in the same tick (default false; engine.md §9b).',
    },
    deadline_cap_at_eod: {
      type: 'boolean',
      default: false,
      description: 'Deadlines never extend past the last tick of the arrival day (default false; engine.md §9b).',
    },
    eod_backstop: object(
      {
        rate_bps: {
          type: 'number',
          minimum: 0,
          description: 'Cost of the backstop loan, basis points of the amount, charged once to the sender.',
        },
        replaces_delay: {
          type: 'boolean',
          default: false,
          description:
            'true: on the last tick of each day payments waiting in Q2 pay no delay cost, so a shortfall the backstop settles ' +
            'costs its rate alone (as in Castro et al. 2025). Default false: they pay that tick\'s delay too.',
        },
      },
      ['rate_bps'],
      'End-of-day backstop (engine.md §9b): on the last tick of each day every payment still in Q2 settles by central-bank lending ' +
        'to its sender (settled_by backstop) before end-of-day penalties are counted. Absent: none.',
    ),
    cb_credit_facility: object(
      {
        rate_bps_per_tick: {
          type: 'number',
          minimum: 0,
          description: 'Interest: basis points of the amount drawn and outstanding, charged every tick (cost kind cb_credit).',
        },
        overnight_rate_bps: {
          type: 'number',
          minimum: 0,
          default: 0,
          description: 'Basis points of the drawings left outstanding after the end-of-day repayment, charged once per day (default 0).',
        },
        collateral: collateralList('Collateral every agent pledges, unless `agents` names it (default none: no capacity).'),
        agents: {
          type: 'object',
          description: "Agents whose collateral differs: agent id → {collateral: [...]}, replacing the default list for that agent.",
          additionalProperties: object(
            { collateral: collateralList("This agent's collateral.") },
            ['collateral'],
            "An agent's own collateral.",
          ),
        },
      },
      ['rate_bps_per_tick'],
      'Intraday credit facility of the central bank (docs/engine.md, "The central bank\'s response"): a payment in Q2 its sender ' +
        'cannot pay draws exactly its shortfall, up to floor(Σ value × (1 − haircut)) of the sender\'s collateral; repaid at the end ' +
        'of the day from the balance, the rest owed overnight. Absent: none.',
    ),
    cb_emergency_rule: object(
      {
        when_q2_value_above: centsNonNegative('Lend when the value queued in Q2 after the Q2 pass exceeds this (cents ≥ 0).'),
        lend_to_top: { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'How many agents: those with the largest value of their own payments in Q2.' },
        amount: centsPositive('Lent to each of them (cents ≥ 1).'),
        rate_bps: { type: 'number', minimum: 0, default: 0, description: 'Fee, basis points of the amount, charged once per loan (default 0).' },
      },
      ['when_q2_value_above', 'lend_to_top', 'amount'],
      'Emergency lending by rule (docs/engine.md, "The central bank\'s response"): at most once a day, when Q2 passes the ' +
        'threshold, the central bank lends to the agents with the largest queued value; repaid like the facility. Absent: none.',
    ),
    payments: paymentsSchema,
  },
  required: ['simulation', 'agents'],
  additionalProperties: false,
  $defs: {
    cents: { type: 'integer', minimum: -SAFE_MAX, maximum: SAFE_MAX, description: 'Integer cents, |x| < 2^53.' },
    cents_non_negative: { type: 'integer', minimum: 0, maximum: SAFE_MAX, description: 'Integer cents, 0 ≤ x < 2^53.' },
    cents_positive: { type: 'integer', minimum: 1, maximum: SAFE_MAX, description: 'Integer cents, 1 ≤ x < 2^53.' },
    tick: { type: 'integer', minimum: 0, maximum: TICK_MAX, description: 'A tick (≥ 0).' },
    duration: { type: 'integer', minimum: 1, maximum: TICK_MAX, description: 'A number of ticks (≥ 1).' },
    agent_id: { type: 'string', pattern: '\\S', description: 'An agent id (non-blank).' },
  },
} as const satisfies Schema;

/**
 * What each shared definition means, for messages: `(expected an integer number of cents ≥ 0)`.
 * Keyed by `$defs` name.
 */
export const DEF_PHRASES: Readonly<Record<string, string>> = {
  cents: 'an integer number of cents',
  cents_non_negative: 'an integer number of cents ≥ 0',
  cents_positive: 'an integer number of cents ≥ 1',
  tick: 'an integer tick ≥ 0',
  duration: 'an integer number of ticks ≥ 1',
  agent_id: 'a non-blank agent id',
};
