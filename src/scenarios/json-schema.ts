// The JSON Schema of scenario files, generated from the zod schema so that editors and the desk agree.
// scenarios/schema.json is this, committed; a test keeps it in step (src/scenarios/write-schema.ts).
import { z } from 'zod';
import { Scenario, scenarioMeta } from './format.ts';

export const SCHEMA_FILE = 'scenarios/schema.json';

type Json = Record<string, unknown>;

// The engine's schemas strip unknown keys, but the loader rejects them (a typo in a scenario changes the
// story silently); the schema says so too, so an editor flags them as the file is written.
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) closeObjects(n);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (o.type === 'object' && o.properties !== undefined && o.additionalProperties === undefined) {
    o.additionalProperties = false;
  }
  for (const v of Object.values(o)) closeObjects(v);
}

export function scenarioJsonSchema(): Json {
  const schema = z.toJSONSchema(Scenario, {
    io: 'input',
    unrepresentable: 'any',
    metadata: scenarioMeta,
  }) as Json;
  closeObjects(schema);
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: 'https://interception-desk.invalid/scenarios/schema.json',
    title: 'Interception Desk scenario',
    description:
      'A scenario replayed by `desk replay` (contract.md, "Scenario files"). Generated from src/scenarios/format.ts by src/scenarios/write-schema.ts: do not edit by hand.',
    ...rest,
    // zod cannot say "exactly one of": an interception opens from a report, an incoming request from a request
    oneOf: [
      { required: ['opening'], not: { anyOf: [{ required: ['request'] }, { required: ['homeState'] }] } },
      { required: ['request', 'homeState'], not: { required: ['opening'] } },
    ],
  };
}

export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
