/// <reference lib="dom" />
// A request body other than an event (an incoming request, a directory entry) as a form: the same fields,
// inputs and checks as the event forms (forms/fields.ts, build.ts, record/inputs.ts), so a body's form is
// derived from its zod schema as an event's is, and its errors land at their fields the same way.
import { buildEvent, type FieldError } from '../forms/build.ts';
import { type Field, fieldsFromSchema, type RawValues } from '../forms/fields.ts';
import type { JsonSchema } from '../types.ts';
import { fieldInput, readFields } from './inputs.ts';

// `name` is the key labels.ts knows the body's words by (INCOMING_REQUEST.from); `keep` the top-level keys
// the form shows, where the rest is kept as it was or written by hand.
export function bodyFields(name: string, schema: JsonSchema, keep?: readonly string[]): Field[] {
  const fields = fieldsFromSchema(name, schema);
  return keep ? fields.filter((f) => keep.includes(f.name.split('.')[0] as string)) : fields;
}

export const inputId = (form: string, field: Field) => `${form}-${field.name.replace(/[^a-zA-Z0-9]/g, '_')}`;

export const inputsOf = (form: string, fields: readonly Field[], prefill: RawValues = {}) =>
  fields.map((f) => fieldInput(f, inputId(form, f), prefill, []));

export type Read = { ok: true; body: Record<string, unknown> } | { ok: false; errors: FieldError[] };

export function readBody(form: HTMLFormElement, fields: readonly Field[]): Read {
  const built = buildEvent('body', fields, readFields(form, fields));
  if (!built.ok) return built;
  const { type: _type, ...body } = built.event;
  return { ok: true, body };
}

// What a stored value looks like typed into its form, so an editor opens on what the directory holds.
export function rawOf(fields: readonly Field[], value: Record<string, unknown>): RawValues {
  const raw: RawValues = {};
  for (const field of fields) {
    const v = field.name.split('.').reduce<unknown>((at, k) => (at as Record<string, unknown>)?.[k], value);
    if (v === undefined || v === null) continue;
    if (field.kind === 'bool' || field.kind === 'optbool') raw[field.name] = v ? 'yes' : 'no';
    else if (field.kind === 'multi') raw[field.name] = (v as unknown[]).map(String);
    else if (Array.isArray(v)) raw[field.name] = v.join(field.kind === 'lines' ? '\n' : ', ');
    else raw[field.name] = String(v);
  }
  return raw;
}
