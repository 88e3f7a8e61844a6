// The shipped copy of the scenario schema (schemas/scenario.schema.json), for editors and YAML
// language servers. Regenerate after changing the schema:
//   npx tsx -e "import('./src/config/schema-file.js').then((m) => m.writeScenarioSchemaFile('schemas'))"
// test/config/schema-file.test.ts fails while the file and the in-code schema differ.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioSchema } from './scenario-schema.js';

export const SCENARIO_SCHEMA_FILE = 'scenario.schema.json';

/** The schema as the file holds it: two-space JSON with a final newline. */
export function scenarioSchemaText(): string {
  return `${JSON.stringify(scenarioSchema, null, 2)}\n`;
}

export function writeScenarioSchemaFile(dir: string): void {
  writeFileSync(join(dir, SCENARIO_SCHEMA_FILE), scenarioSchemaText());
}
