// Regenerates the precompiled validators after a change to the scenario or policy-spec schema:
//   npx tsx test/config/record-validator.ts
import { writeFileSync } from 'node:fs';
import { GENERATED_VALIDATORS } from './validator-source.js';

for (const { file, source } of GENERATED_VALIDATORS) {
  writeFileSync(file, source());
  console.log(`wrote ${file}`);
}
