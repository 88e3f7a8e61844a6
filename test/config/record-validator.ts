// Regenerates src/config/scenario-validator.generated.ts after a change to the scenario schema:
//   npx tsx test/config/record-validator.ts
import { writeFileSync } from 'node:fs';
import { GENERATED_VALIDATOR, scenarioValidatorSource } from './validator-source.js';

writeFileSync(GENERATED_VALIDATOR, scenarioValidatorSource());
console.log(`wrote ${GENERATED_VALIDATOR}`);
