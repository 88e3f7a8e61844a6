// The JSON Schema of an experiment's `optimize:` section (docs/optimize.md). Plugged into the
// experiment schema as one property, so it lives with that schema here in runner/ (optimize/ sits
// above runner/); the checks a schema cannot state (parameter paths, the objective's metric,
// bounds in order, agents of the scenario) live in optimize/config.ts.

const seeds = {
  type: ['object', 'array'],
  description: 'Seeds: {from: N, count: K} or a list of distinct seeds.',
  if: { type: 'object' },
  then: {
    additionalProperties: false,
    required: ['from', 'count'],
    properties: {
      from: { type: ['integer', 'string'], minimum: 0, pattern: '^[0-9]+$' },
      count: { type: 'integer', minimum: 1, maximum: 100_000 },
    },
  },
  else: { minItems: 1, uniqueItems: true, items: { type: ['integer', 'string'], minimum: 0, pattern: '^[0-9]+$' } },
} as const;

const parameter = {
  type: 'object',
  description: 'A searched parameter: where it goes (path, or agent + tree parameter, or agent + initial_liquidity_fraction), its type and range.',
  additionalProperties: false,
  required: ['name', 'type'],
  properties: {
    name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$', maxLength: 100, description: 'The name trials and reports use.' },
    agent: { type: 'string', minLength: 1, description: 'The agent the parameter belongs to (required for tree and in equilibrium mode, unless class is given).' },
    class: { type: 'string', minLength: 1, description: 'Equilibrium mode: the class (optimize.classes) whose members all take the value; path then starts with agents[*].' },
    path: { type: 'string', minLength: 1, description: 'A scenario path as in vary and variant set (agents[BANK_A].credit_limit).' },
    tree: { type: 'string', minLength: 1, description: "A parameter of the agent's Tree policy." },
    type: { enum: ['real', 'integer', 'choice'] },
    bounds: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'number' }, description: '[low, high] for real and integer parameters.' },
    values: { type: 'array', minItems: 1, description: 'The values of a choice parameter.' },
    levels: { type: 'integer', minimum: 1, maximum: 1000, description: 'Grid levels of a real parameter (default 5).' },
  },
} as const;

export const optimizeSchema = {
  type: 'object',
  description: 'A search over policy and scenario parameters (docs/optimize.md).',
  additionalProperties: false,
  required: ['parameters', 'objective', 'seeds'],
  properties: {
    mode: { enum: ['search', 'equilibrium'], description: 'search (default): one objective; equilibrium: iterated best response.' },
    method: { enum: ['grid', 'random', 'sobol', 'nelder-mead', 'cma-es'], description: 'Default nelder-mead.' },
    agents: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 }, description: 'Agents whose parameters are searched.' },
    order: { enum: ['sequential', 'simultaneous'], description: 'Equilibrium mode: sequential (Gauss–Seidel, default) or simultaneous (Jacobi) best responses.' },
    classes: {
      type: 'object',
      description: 'Equilibrium mode: class name → member agents. A class is one player: its members move together, for the sum of their objectives.',
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$', maxLength: 100 },
      minProperties: 1,
      additionalProperties: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } },
    },
    parameters: { type: 'array', minItems: 1, items: parameter },
    start: { type: 'object', description: 'Parameter name → starting value (default: the middle of each range).' },
    objective: {
      type: 'object',
      additionalProperties: false,
      required: ['metric'],
      properties: {
        metric: { type: 'string', minLength: 1, description: 'A stored metric (paysim compare --help lists them).' },
        agent: { type: 'string', minLength: 1, description: "One agent's value (cost metrics); omitted: the system's." },
        direction: { enum: ['lower', 'higher'], description: "Default: the metric's own." },
      },
    },
    constraints: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['metric'],
        minProperties: 2,
        properties: {
          metric: { type: 'string', minLength: 1 },
          agent: { type: 'string', minLength: 1, description: "One agent's value (its costs or settlement_rate_value); omitted: the system's." },
          min: { type: 'number' },
          max: { type: 'number' },
        },
      },
    },
    seeds,
    confirm_seeds: seeds,
    budget: {
      type: 'object',
      additionalProperties: false,
      properties: {
        evaluations: { type: 'integer', minimum: 1, description: 'Runs (trial × seed) the search may use.' },
        seconds: { type: 'number', exclusiveMinimum: 0, description: 'Wall time after which no new trial starts.' },
        rounds: { type: 'integer', minimum: 1, description: 'Equilibrium mode: best-response rounds (default 10).' },
      },
    },
    racing: {
      type: ['boolean', 'object'],
      description: 'false: every trial runs every search seed; default {min_seeds: 3, alpha: 0.05, block: 2}.',
      if: { type: 'object' },
      then: {
        additionalProperties: false,
        properties: {
          min_seeds: { type: 'integer', minimum: 2 },
          alpha: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
          block: { type: 'integer', minimum: 1 },
        },
      },
    },
    tolerance: { type: 'number', minimum: 0, description: 'Equilibrium mode: a move must gain more than this (default 0).' },
    seed: { type: 'integer', minimum: 0, description: "Seed of the method's own randomness (random, sobol scramble, cma-es)." },
    proposer: {
      type: 'object',
      description: 'An external program proposes the trials instead of a method (docs/optimize.md, "External proposers").',
      additionalProperties: false,
      properties: {
        command: { type: 'string', minLength: 1, description: 'Run by /bin/sh in the working directory, once per proposal; --proposer overrides it.' },
        timeout_seconds: { type: 'number', exclusiveMinimum: 0, description: 'Seconds a proposal may take before its process group is killed (default 120).' },
        max_failures: { type: 'integer', minimum: 1, description: 'Proposals in a row that run nothing (failed, invalid, repeats) before the search stops (default 3).' },
      },
    },
  },
} as const;
