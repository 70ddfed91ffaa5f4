// Each event's payload as form fields, derived from the desk's own zod schemas (machines/schemas.ts), which
// reach the page as JSON Schema in ConsoleMeta.eventSchemas (src/console/meta.ts): a new event or field needs
// no form written by hand, only, if its words should read better than its key, a line in labels.ts.
// Pure: test/console/logic.test.ts checks every event type against the desk's own schema.
import { words } from '../format.ts';
import type { ConsoleMeta, JsonSchema } from '../types.ts';
import { FIELD_TEXT } from './labels.ts';

export type FieldKind =
  | 'text'
  | 'textarea'
  | 'int'
  | 'number'
  | 'alpha2'
  // a State code, or "none" (null): a vessel that shows no flag is not the same as one not yet seen
  | 'alpha2-or-none'
  | 'alpha2-list'
  | 'lines'
  // yes / no, one must be chosen
  | 'bool'
  // not known / yes / no
  | 'optbool'
  | 'enum'
  // an enum of a few values shown as radio buttons (labels.ts asks for it)
  | 'radio'
  | 'multi'
  // a list of rows, each a condition's kind, hours and text (contract.md, Conditions)
  | 'conditions'
  // an object that may be given, left out, or given as none (null): `parts` are its fields, `choices` the
  // words for the three answers (an authorisation: not answered yet, granted, refused)
  | 'nullable-object'
  | 'incident'
  // one value the schema allows and no other (`atRequestOf: "person"`): shown, always sent
  | 'const'
  // a list of small objects, one a line, their values separated by commas: "12, fear of persecution"
  | 'records'
  | 'json';

export interface Field {
  // a dot path into the payload: destination.country
  name: string;
  kind: FieldKind;
  label: string;
  // required in its object; with `within`, only once anything of that optional object is given
  required?: boolean;
  // the optional object this field belongs to (casualties for casualties.dead)
  within?: string;
  options?: readonly string[];
  // bounds of a number, from the schema (exclusive bounds already turned inclusive for whole numbers)
  min?: number;
  max?: number;
  // the one value of a `const` field
  value?: string;
  // the values of each line of a `records` field, in order
  columns?: Field[];
  // a `nullable-object`'s own fields, named from the payload's root (authorisation.scopes)
  parts?: Field[];
  // a `nullable-object`'s words for: left out, given, none
  choices?: readonly [string, string, string];
  hint?: string;
  placeholder?: string;
}

export type RawValues = Record<string, RawValue>;
export type RawValue = string | string[] | boolean | undefined;

// as zod writes a State code's regex; build.ts checks what is typed against the same
export const ALPHA2_PATTERN = '^[A-Z]{2}$';
const isAlpha2 = (s: JsonSchema | undefined) => s?.type === 'string' && s.pattern === ALPHA2_PATTERN;
const strings = (values: readonly unknown[] | undefined) =>
  (values ?? []).filter((v): v is string => typeof v === 'string');

function defaultLabel(name: string): string {
  const keys = name.split('.');
  const last = words(keys[keys.length - 1] as string);
  if (keys.length === 1) return last;
  // "Casualties: injured", but "To: MMSI" keeps an acronym
  const lower = /^[A-Z][a-z]/.test(last) ? `${last.charAt(0).toLowerCase()}${last.slice(1)}` : last;
  return `${words(keys.slice(0, -1).join(' '))}: ${lower}`;
}

// The kind of one property's field, or 'object' for a plain object whose properties become fields.
function kindOf(s: JsonSchema): Omit<Field, 'name' | 'label'> | 'object' {
  if (s.anyOf) {
    const some = s.anyOf.filter((a) => a.type !== 'null');
    const nullable = some.length < s.anyOf.length;
    if (nullable && some.length === 1 && isAlpha2(some[0])) return { kind: 'alpha2-or-none' };
    const only = some[0];
    if (
      nullable &&
      some.length === 1 &&
      only?.type === 'object' &&
      Object.keys(only.properties ?? {}).length > 0
    )
      return { kind: 'nullable-object' };
    if (!nullable && some.length === 1) return kindOf(some[0] as JsonSchema);
    return { kind: 'json' };
  }
  if (s.const !== undefined) return { kind: 'const', value: String(s.const) };
  if (s.enum) return { kind: 'enum', options: strings(s.enum) };
  switch (s.type) {
    case 'string':
      return { kind: isAlpha2(s) ? 'alpha2' : 'text' };
    case 'boolean':
      return { kind: 'bool' };
    case 'integer':
    case 'number': {
      const integer = s.type === 'integer';
      const step = integer ? 1 : 0;
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + step : undefined);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - step : undefined);
      return {
        kind: integer ? 'int' : 'number',
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      };
    }
    case 'array': {
      const items = s.items ?? {};
      if (items.enum) return { kind: 'multi', options: strings(items.enum) };
      if (isAlpha2(items)) return { kind: 'alpha2-list' };
      if (items.type === 'string') return { kind: 'lines' };
      const props = items.properties ?? {};
      const keys = Object.keys(props);
      // contract.md, Conditions: {kind, hours?, text?}
      if (props.kind?.enum && keys.every((k) => k === 'kind' || k === 'hours' || k === 'text')) {
        return { kind: 'conditions', options: strings(props.kind.enum) };
      }
      if (items.type === 'object' && keys.length > 0) {
        const columns: Field[] = [];
        for (const key of keys) {
          const k = kindOf(props[key] as JsonSchema);
          if (k === 'object' || !['text', 'int', 'number', 'alpha2', 'enum'].includes(k.kind)) {
            return { kind: 'json' };
          }
          columns.push({ ...k, name: key, label: words(key), required: !!items.required?.includes(key) });
        }
        return { kind: 'records', columns };
      }
      return { kind: 'json' };
    }
    case 'object':
      return s.properties && Object.keys(s.properties).length > 0 ? 'object' : { kind: 'json' };
    default:
      return { kind: 'json' };
  }
}

function walk(type: string, schema: JsonSchema, prefix: string, within: string | undefined, out: Field[]) {
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    const required = !!schema.required?.includes(key);
    const k = kindOf(prop);
    if (k === 'object') {
      // an optional object's fields are required only once something of it is given
      walk(type, prop, name, required ? within : (within ?? name), out);
      continue;
    }
    const text = { ...FIELD_TEXT[name], ...FIELD_TEXT[`${type}.${name}`] };
    const { kind: textKind, ...wording } = text;
    const field: Field = { name, label: defaultLabel(name), ...k, ...wording };
    // FIELD_TEXT refines a free text (a note as a text area) or shows a few values as radio buttons: it never
    // overrides what the schema says
    if (textKind && k.kind === 'text') field.kind = textKind;
    if (textKind === 'radio' && k.kind === 'enum') field.kind = 'radio';
    if (k.kind === 'nullable-object') {
      const inner = (prop.anyOf ?? []).find((a) => a.type === 'object') as JsonSchema;
      field.parts = [];
      walk(type, inner, name, undefined, field.parts);
    }
    if (k.kind === 'bool' && !required) field.kind = 'optbool';
    if (required) field.required = true;
    if (within) field.within = within;
    if (field.kind === 'records' && !wording.label) {
      field.label = `${field.label} (one per line: ${(field.columns ?? []).map((c) => c.label.toLowerCase()).join(', ')})`;
    }
    out.push(field);
  }
}

// The form of one event, from its payload's JSON Schema.
export function fieldsFromSchema(type: string, schema: JsonSchema): Field[] {
  const out: Field[] = [];
  walk(type, schema, '', undefined, out);
  return out;
}

// Every event's form, from the desk's own schemas.
export function eventFields(meta: Pick<ConsoleMeta, 'eventSchemas'>): Record<string, Field[]> {
  const out: Record<string, Field[]> = {};
  for (const [type, schema] of Object.entries(meta.eventSchemas)) out[type] = fieldsFromSchema(type, schema);
  return out;
}
