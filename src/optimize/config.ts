// The `optimize:` section of an experiment file, resolved into a typed OptimizeSpec. The schema
// (schema.ts) has checked its shape; here come the checks it cannot state — bounds in order,
// parameter names unique, agents of the scenario, the objective and constraints stored metrics,
// a start inside the ranges — all reported at once with paths, before anything runs. Whether
// each parameter's path exists and takes its values is checked by planning probe trials
// (probe.ts), which uses the same validation as every sweep.

import { type Direction, isAgentMetric, metricInfo, RUN_METRICS, AGENT_METRICS } from '../analysis/metrics.js';
import { joinPath, ValidationError, type ValidationIssue } from '../input/issues.js';
import { isRecord, sortIssues } from '../input/json-path.js';
import { seedList } from '../runner/experiment.js';
import type { RacingOptions } from './racing.js';
import { DEFAULT_RACING } from './racing.js';
import type { EquilibriumOrder } from './equilibrium.js';
import { type Parameter, parameterProblem } from './space.js';
import { SOBOL_MAX_DIMENSIONS } from './sobol.js';

export type MethodName = 'grid' | 'random' | 'sobol' | 'nelder-mead' | 'cma-es';

export interface SearchedParameter extends Parameter {
  /** The scenario path a trial sets (as in a variant's `set`); a class's as written (`agents[*]…`). */
  readonly path: string;
  /** Every path a trial sets to the value: `path`, or for a class parameter one per member. */
  readonly paths: readonly string[];
  readonly agent: string | null;
  /** The class whose members all take the value (equilibrium mode), else null. */
  readonly class: string | null;
  /** The Tree parameter it sets, if any (for the policy file written out). */
  readonly tree: string | null;
}

export interface Objective {
  readonly metric: string;
  readonly agent: string | null;
  readonly direction: Direction;
}

export interface ConstraintSpec {
  readonly metric: string;
  /** One agent's value (its costs, or the share of its own payments' value settled); null: the system's. */
  readonly agent: string | null;
  readonly min: number | null;
  readonly max: number | null;
}

/** A constraint in words (`settlement_rate_value of BANK_A ≥ 0.95`): trial reasons, reports and the proposer's request. */
export function constraintLabel(c: ConstraintSpec): string {
  const what = c.agent === null ? c.metric : `${c.metric} of ${c.agent}`;
  return [c.min !== null ? `${what} ≥ ${c.min}` : null, c.max !== null ? `${what} ≤ ${c.max}` : null].filter(Boolean).join(' and ');
}

/**
 * Metrics a constraint can hold one agent to: its costs (run_agents) and its settlement rate by
 * value, Σ sent value ÷ Σ arrived value of the payments it sends (agent_days, which must be stored).
 */
export const AGENT_CONSTRAINT_METRICS: readonly string[] = [...AGENT_METRICS.map((m) => m.name), 'settlement_rate_value'];

export interface OptimizeSpec {
  readonly mode: 'search' | 'equilibrium';
  readonly method: MethodName;
  /** The searched agents; in equilibrium mode the players: agents and classes, by name. */
  readonly agents: readonly string[];
  /** Equilibrium mode: class name → its member agents (a class is one player; its objective is the members' sum). */
  readonly classes: Readonly<Record<string, readonly string[]>>;
  /** Equilibrium mode: Gauss–Seidel (`sequential`, default) or Jacobi (`simultaneous`). */
  readonly order: EquilibriumOrder;
  readonly parameters: readonly SearchedParameter[];
  readonly start: Readonly<Record<string, unknown>> | null;
  readonly objective: Objective;
  readonly constraints: readonly ConstraintSpec[];
  readonly seeds: readonly string[];
  readonly confirmSeeds: readonly string[];
  readonly maxEvaluations: number | null;
  readonly maxSeconds: number | null;
  readonly rounds: number;
  readonly racing: RacingOptions | null;
  readonly tolerance: number;
  readonly seed: number;
}

export const OPTIMIZE = 'optimize';

/**
 * The section of an experiment document, checked against the scenario's agents (id → whether
 * its policy is a Tree). Throws ValidationError naming `file` and paths under `optimize`.
 */
export function resolveOptimize(doc: Record<string, unknown>, file: string, agents: ReadonlyMap<string, boolean>): OptimizeSpec {
  const raw = doc[OPTIMIZE];
  if (!isRecord(raw)) {
    throw new ValidationError([{ file, path: OPTIMIZE, code: 'missing', message: 'the experiment has no optimize: section (docs/optimize.md)' }]);
  }
  const issues: ValidationIssue[] = [];
  const at = (...keys: Array<string | number>): string => keys.reduce<string>((p, k) => joinPath(p, k), OPTIMIZE);
  const issue = (path: string, message: string, code = 'optimize'): void => void issues.push({ file, path, code, message });
  const known = [...agents.keys()];
  const agentOk = (agent: string, path: string): boolean => {
    if (agents.has(agent)) return true;
    issue(path, `no agent '${agent}' in the scenario (agents: ${known.join(', ')})`, 'unknown_agent');
    return false;
  };
  const mode = raw['mode'] === 'equilibrium' ? 'equilibrium' : 'search';
  const method = (raw['method'] as MethodName | undefined) ?? (mode === 'equilibrium' ? 'grid' : 'nelder-mead');
  const listed = Array.isArray(raw['agents']) ? (raw['agents'] as string[]) : [];
  listed.forEach((a, i) => agentOk(a, at('agents', i)));
  const classes = resolveClasses(raw['classes'], mode, agents, at, issue, agentOk);

  const parameters: SearchedParameter[] = [];
  const names = new Set<string>();
  (Array.isArray(raw['parameters']) ? raw['parameters'] : []).forEach((p: unknown, i: number) => {
    if (!isRecord(p)) return;
    const here = at('parameters', i);
    const name = String(p['name']);
    if (names.has(name)) issue(joinPath(here, 'name'), `parameter '${name}' is named twice`);
    names.add(name);
    const agent = typeof p['agent'] === 'string' ? p['agent'] : null;
    const cls = typeof p['class'] === 'string' ? p['class'] : null;
    if (agent !== null && !agentOk(agent, joinPath(here, 'agent'))) return;
    const members = cls === null ? null : (classes[cls] ?? null);
    if (cls !== null) {
      if (agent !== null) return issue(here, 'give agent or class, not both');
      if (members === null) return issue(joinPath(here, 'class'), `no class '${cls}' in optimize.classes (classes: ${Object.keys(classes).join(', ') || 'none'})`);
    }
    if (agent !== null && listed.length > 0 && !listed.includes(agent)) {
      issue(joinPath(here, 'agent'), `agent '${agent}' is not among optimize.agents (${listed.join(', ')})`);
    }
    const tree = typeof p['tree'] === 'string' ? p['tree'] : null;
    let path: string | null = typeof p['path'] === 'string' ? p['path'] : null;
    if ((path === null) === (tree === null)) {
      issue(here, 'give exactly one of path (a scenario path) or tree (a Tree parameter, with agent)');
      return;
    }
    if (tree !== null) {
      const owners = members ?? (agent === null ? [] : [agent]);
      if (owners.length === 0) return issue(joinPath(here, 'agent'), 'a tree parameter needs the agent (or class) whose policy it sets');
      const plain = owners.find((a) => agents.get(a) !== true);
      if (plain !== undefined) return issue(joinPath(here, 'tree'), `agent '${plain}' does not run a Tree policy in the scenario, so it has no tree parameter '${tree}'`);
      path = members === null ? `agents[${agent}].policy.parameters.${tree}` : `agents[*].policy.parameters.${tree}`;
    }
    let paths = [path ?? ''];
    if (members !== null) {
      // A class parameter is written once, for every member: agents[*] stands for each of them.
      if (!(path ?? '').startsWith('agents[*].')) return issue(joinPath(here, 'path'), "a class parameter's path starts with agents[*]. (each member of the class), e.g. agents[*].initial_liquidity_fraction");
      const rest = path!.slice('agents[*]'.length);
      paths = members.map((m) => `agents[${m}]${rest}`);
    }
    if (mode === 'equilibrium' && agent === null && cls === null) issue(joinPath(here, 'agent'), 'in equilibrium mode every parameter belongs to an agent or a class');
    const type = p['type'] as Parameter['type'];
    const bounds = Array.isArray(p['bounds']) ? (p['bounds'] as number[]) : null;
    const values = Array.isArray(p['values']) ? (p['values'] as unknown[]) : [];
    let low = 0;
    let high = 0;
    if (type === 'choice') {
      if (values.length === 0) issue(joinPath(here, 'values'), 'a choice parameter needs a non-empty list of values');
      if (bounds !== null) issue(joinPath(here, 'bounds'), 'a choice parameter takes values, not bounds');
    } else {
      if (bounds === null) issue(joinPath(here, 'bounds'), `a ${type} parameter needs bounds [low, high]`);
      else {
        [low, high] = bounds as [number, number];
        if (!(low < high)) issue(joinPath(here, 'bounds'), `empty range [${low}, ${high}] (expected low < high)`);
        if (type === 'integer' && (!Number.isInteger(low) || !Number.isInteger(high))) issue(joinPath(here, 'bounds'), 'an integer parameter needs integer bounds');
      }
      if (p['values'] !== undefined) issue(joinPath(here, 'values'), `a ${type} parameter takes bounds, not values`);
    }
    const levels = typeof p['levels'] === 'number' ? p['levels'] : null;
    parameters.push({ name, type, low, high, values, levels, path: path ?? '', paths, agent, class: cls, tree });
  });
  if (method === 'sobol' && parameters.length > SOBOL_MAX_DIMENSIONS) {
    issue(at('method'), `sobol points are built for up to ${SOBOL_MAX_DIMENSIONS} parameters, not ${parameters.length} (use random)`);
  }

  const start = isRecord(raw['start']) ? raw['start'] : null;
  for (const [name, value] of Object.entries(start ?? {})) {
    const p = parameters.find((x) => x.name === name);
    const here = joinPath(at('start'), name);
    if (p === undefined) issue(here, `unknown parameter '${name}' (parameters: ${parameters.map((x) => x.name).join(', ')})`, 'unknown_parameter');
    else {
      const problem = parameterProblem(p, value);
      if (problem !== null) issue(here, problem);
    }
  }

  const o = isRecord(raw['objective']) ? raw['objective'] : {};
  const metric = String(o['metric'] ?? '');
  const objectiveAgent = typeof o['agent'] === 'string' ? o['agent'] : null;
  const info = metricInfo(metric);
  if (info === undefined) {
    issue(at('objective', 'metric'), `'${metric}' is not a stored metric (metrics: ${RUN_METRICS.map((m) => m.name).join(', ')})`, 'unknown_metric');
  } else if ((objectiveAgent !== null || mode === 'equilibrium') && !isAgentMetric(metric)) {
    issue(at('objective', 'metric'), `'${metric}' is not stored per agent (per-agent metrics: ${AGENT_METRICS.map((m) => m.name).join(', ')})`, 'unknown_metric');
  }
  if (objectiveAgent !== null) {
    agentOk(objectiveAgent, at('objective', 'agent'));
    if (mode === 'equilibrium') issue(at('objective', 'agent'), "in equilibrium mode each agent's own value is its objective: leave agent out");
  }
  const direction = (o['direction'] as Direction | undefined) ?? info?.direction ?? 'lower';

  const constraints: ConstraintSpec[] = [];
  (Array.isArray(raw['constraints']) ? raw['constraints'] : []).forEach((c: unknown, i: number) => {
    if (!isRecord(c)) return;
    const m = String(c['metric']);
    const agent = typeof c['agent'] === 'string' ? c['agent'] : null;
    if (metricInfo(m) === undefined) issue(at('constraints', i, 'metric'), `'${m}' is not a stored metric`, 'unknown_metric');
    else if (agent !== null && !AGENT_CONSTRAINT_METRICS.includes(m)) {
      issue(at('constraints', i, 'metric'), `'${m}' is not stored per agent (per-agent constraints: ${AGENT_CONSTRAINT_METRICS.join(', ')})`, 'unknown_metric');
    } else if (agent !== null && !isAgentMetric(m) && isRecord(doc['outputs']) && doc['outputs']['agent_days'] === false) {
      issue(at('constraints', i, 'agent'), `an agent's ${m} is read from agent_days, which this experiment does not store (outputs.agent_days: false)`);
    }
    if (agent !== null) agentOk(agent, at('constraints', i, 'agent'));
    const min = typeof c['min'] === 'number' ? c['min'] : null;
    const max = typeof c['max'] === 'number' ? c['max'] : null;
    if (min === null && max === null) issue(at('constraints', i), 'a constraint needs min and/or max');
    if (min !== null && max !== null && min > max) issue(at('constraints', i), `empty range: min ${min} > max ${max}`);
    constraints.push({ metric: m, agent, min, max });
  });

  const players = mode === 'equilibrium' ? [...new Set(parameters.map((p) => p.class ?? p.agent).filter((a): a is string => a !== null))] : listed;
  if (mode === 'equilibrium' && players.length < 2) issue(at('parameters'), 'equilibrium mode needs parameters of at least two players (agents or classes)');
  const inClass = new Map(Object.entries(classes).flatMap(([c, members]) => members.map((m) => [m, c] as const)));
  parameters.forEach((p, i) => {
    const c = p.agent === null ? undefined : inClass.get(p.agent);
    if (c !== undefined && mode === 'equilibrium') issue(at('parameters', i, 'agent'), `agent '${p.agent}' is a member of class '${c}', which moves as one: give the parameter to the class`);
  });
  const order = raw['order'] === 'simultaneous' ? 'simultaneous' : 'sequential';
  if (raw['order'] !== undefined && mode !== 'equilibrium') issue(at('order'), 'order applies to equilibrium mode only');

  const seeds = raw['seeds'] === undefined ? [] : seedList(raw['seeds'], file, issues, at('seeds'));
  const confirmSeeds = raw['confirm_seeds'] === undefined ? [] : seedList(raw['confirm_seeds'], file, issues, at('confirm_seeds'));
  const overlap = confirmSeeds.filter((s) => seeds.includes(s));
  if (overlap.length > 0) issue(at('confirm_seeds'), `confirmation seeds must be fresh, but ${overlap.slice(0, 5).join(', ')} are also search seeds`);

  const budget = isRecord(raw['budget']) ? raw['budget'] : {};
  const racingRaw = raw['racing'];
  const racing =
    racingRaw === false
      ? null
      : {
          minSeeds: isRecord(racingRaw) && typeof racingRaw['min_seeds'] === 'number' ? racingRaw['min_seeds'] : DEFAULT_RACING.minSeeds,
          alpha: isRecord(racingRaw) && typeof racingRaw['alpha'] === 'number' ? racingRaw['alpha'] : DEFAULT_RACING.alpha,
          block: isRecord(racingRaw) && typeof racingRaw['block'] === 'number' ? racingRaw['block'] : DEFAULT_RACING.block,
        };
  if (issues.length > 0) throw new ValidationError(sortIssues(issues));
  return {
    mode,
    method,
    agents: players,
    classes,
    order,
    parameters,
    start,
    objective: { metric, agent: objectiveAgent, direction },
    constraints,
    seeds,
    confirmSeeds,
    maxEvaluations: typeof budget['evaluations'] === 'number' ? budget['evaluations'] : null,
    maxSeconds: typeof budget['seconds'] === 'number' ? budget['seconds'] : null,
    rounds: typeof budget['rounds'] === 'number' ? budget['rounds'] : 10,
    racing,
    tolerance: typeof raw['tolerance'] === 'number' ? raw['tolerance'] : 0,
    seed: typeof raw['seed'] === 'number' ? raw['seed'] : 1,
  };
}

/**
 * `optimize.classes`: class name → member agents. Members must be agents of the scenario, each in
 * one class at most, and a class may not take an agent's name (players are named by either).
 */
function resolveClasses(
  raw: unknown,
  mode: 'search' | 'equilibrium',
  agents: ReadonlyMap<string, boolean>,
  at: (...keys: Array<string | number>) => string,
  issue: (path: string, message: string, code?: string) => void,
  agentOk: (agent: string, path: string) => boolean,
): Record<string, readonly string[]> {
  if (!isRecord(raw)) return {};
  if (mode !== 'equilibrium') {
    issue(at('classes'), 'classes apply to equilibrium mode only');
    return {};
  }
  const out: Record<string, readonly string[]> = {};
  const owner = new Map<string, string>();
  for (const [name, members] of Object.entries(raw)) {
    if (!Array.isArray(members)) continue;
    if (agents.has(name)) issue(at('classes', name), `'${name}' is an agent's id: name the class otherwise`);
    const ok: string[] = [];
    members.forEach((m: unknown, i: number) => {
      const agent = String(m);
      if (!agentOk(agent, at('classes', name, i))) return;
      const before = owner.get(agent);
      if (before !== undefined) return issue(at('classes', name, i), `agent '${agent}' is already in class '${before}' (an agent belongs to one class at most)`);
      owner.set(agent, name);
      ok.push(agent);
    });
    out[name] = ok;
  }
  return out;
}
