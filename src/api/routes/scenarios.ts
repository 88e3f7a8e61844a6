// The shipped scenario files (scenarios/*.yaml), and simulations started from one of them or from
// the text of an uploaded file: what the live viewer offers. A shipped file is named by its file
// name only and must be one of the listed files, so no request value becomes a path; an uploaded
// text is validated like a request body (no file references).

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type LoadedScenario, parseScenarioDocument } from '../../config/scenario.js';
import { preloadPaymentFiles } from '../../config/payments/parquet.js';
import { isRecord } from '../../input/json-path.js';
import { ValidationError } from '../../input/issues.js';
import { parseDocumentText, readDocumentFile } from '../../input/read.js';
import type { ApiContext } from '../context.js';
import { notFound, validationFailed } from '../errors.js';
import { projectRoot } from '../../input/project-root.js';
import { loadRequestScenario, tooManyAgents } from './simulations.js';

/** The folder of shipped scenarios. */
export function scenariosDir(): string {
  return join(projectRoot(), 'scenarios');
}

/** Scenario files at the top of the folder (its subfolders hold policies and payment files). */
function shippedFiles(): string[] {
  return readdirSync(scenariosDir(), { withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => e.name)
    .sort();
}

interface ScenarioListing {
  readonly file: string;
  readonly agents: number | null;
  readonly ticks_per_day: number | null;
  readonly num_days: number | null;
}

const agentCount = (doc: unknown): number | null => (isRecord(doc) && Array.isArray(doc['agents']) ? doc['agents'].length : null);

function describeFile(file: string): ScenarioListing {
  let doc: unknown;
  try {
    doc = readDocumentFile(join(scenariosDir(), file));
  } catch {
    doc = null;
  }
  const simulation = isRecord(doc) && isRecord(doc['simulation']) ? doc['simulation'] : {};
  const count = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  return {
    file,
    agents: agentCount(doc),
    ticks_per_day: count(simulation['ticks_per_day']),
    num_days: count(simulation['num_days']),
  };
}

const traceProperty = {
  type: 'boolean',
  default: false,
  description: "record each policy decision's tree path in the events (as `paysim run --trace`)",
} as const;

export function scenarioRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { registry, limits } = ctx;

  app.get('/scenarios', {
    schema: { summary: 'the shipped scenario files (scenarios/)', tags: ['scenarios'] },
  }, async () => ({ scenarios: shippedFiles().map(describeFile) }));

  app.post<{ Body: { file: string; trace: boolean } }>('/simulations/from-file', {
    schema: {
      summary: 'create a simulation from a shipped scenario file (GET /scenarios)',
      tags: ['scenarios'],
      body: {
        type: 'object',
        required: ['file'],
        additionalProperties: false,
        properties: { file: { type: 'string', description: 'a file name of GET /scenarios', example: 'high_stress_gridlock.yaml' }, trace: traceProperty },
      },
    },
  }, async (request, reply) => {
    registry.ensureRoom();
    const { file, trace } = request.body;
    if (!shippedFiles().includes(file)) throw notFound(`no shipped scenario '${file}' (GET /scenarios lists them)`);
    const dir = scenariosDir();
    const path = join(dir, file);
    let loaded: LoadedScenario;
    try {
      // Read once: counted before it is validated (validation takes time in proportion to the agents).
      const doc = readDocumentFile(path);
      const agents = agentCount(doc);
      if (agents !== null && agents > limits.maxAgents) throw tooManyAgents(agents, limits.maxAgents, '');
      await preloadPaymentFiles([path]);
      loaded = parseScenarioDocument(doc, { file: path, baseDir: dir });
    } catch (error) {
      if (error instanceof ValidationError) throw validationFailed(`scenario ${file}`, error.issues);
      throw error;
    }
    const live = registry.create(loaded, undefined, { trace, source: { file: path, baseDir: scenariosDir() } });
    return reply.status(201).send({ simulation_id: live.id, tick: live.simulation.tick });
  });

  app.post<{ Body: { text: string; trace: boolean } }>('/simulations/from-text', {
    schema: {
      summary: 'create a simulation from the text of a scenario file (YAML or JSON)',
      tags: ['scenarios'],
      body: {
        type: 'object',
        required: ['text'],
        additionalProperties: false,
        properties: { text: { type: 'string', description: 'the YAML or JSON text of a scenario file' }, trace: traceProperty },
      },
    },
  }, async (request, reply) => {
    registry.ensureRoom();
    let doc: unknown;
    try {
      doc = parseDocumentText(request.body.text, '<upload>');
    } catch (error) {
      // Syntax problems: line and column in the text, as `paysim validate` prints them.
      if (error instanceof ValidationError) throw validationFailed('the scenario', error.issues);
      throw error;
    }
    const loaded = loadRequestScenario(doc, limits.maxAgents);
    const live = registry.create(loaded, undefined, { trace: request.body.trace });
    return reply.status(201).send({ simulation_id: live.id, tick: live.simulation.tick });
  });
}
