// Writes scenarios/schema.json from the zod schema: `node bin/run-ts.js src/scenarios/write-schema.ts`.
import { writeFileSync } from 'node:fs';
import { SCHEMA_FILE, scenarioJsonSchemaText } from './json-schema.ts';

writeFileSync(SCHEMA_FILE, scenarioJsonSchemaText());
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
