// `paysim schema scenario|experiment|policy`: the JSON Schemas, for editors and YAML language servers.

import type { Command } from 'commander';
import { scenarioSchema } from '../../config/scenario.js';
import { buildPolicySchema } from '../../policy/index.js';
import { experimentSchema } from '../../runner/experiment-schema.js';
import { CliError } from '../errors.js';

export const SCHEMAS: Readonly<Record<string, () => unknown>> = {
  scenario: () => scenarioSchema,
  policy: () => buildPolicySchema(),
  experiment: () => experimentSchema,
};

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print a JSON Schema (also shipped in schemas/)')
    .argument('<kind>', 'scenario | policy | experiment')
    .action((kind: string) => {
      const build = SCHEMAS[kind];
      if (build === undefined) {
        throw new CliError(`schema: unknown kind '${kind}' (expected one of ${Object.keys(SCHEMAS).join(', ')})`);
      }
      process.stdout.write(`${JSON.stringify(build(), null, 2)}\n`);
    });
}
