// The payload of each event as form fields, and the payload built back from what the officer typed. The
// fields are derived from the desk's own zod schemas (machines/schemas.ts), which reach the page as JSON
// Schema in ConsoleMeta.eventSchemas (src/console/meta.ts): a new event or field needs no form written by
// hand, only, if its words should read better than its key, a line in FIELD_TEXT below. The desk validates
// again; this only spares a round trip and names the field at once.
// Pure: test/console/logic.test.ts checks every event type against the desk's own schema.
import { words } from './format.ts';
import type { ConsoleMeta, JsonSchema } from './types.ts';

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
  | 'multi'
  | 'conditions'
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
  hint?: string;
  placeholder?: string;
}

export type RawValues = Record<string, RawValue>;
export type RawValue = string | string[] | boolean | undefined;

type FieldText = Partial<Pick<Field, 'label' | 'kind' | 'hint' | 'placeholder'>>;

// The words of the form: looked up as "EVENT_TYPE.path" first, then as "path" for every event; a field with
// neither gets its key in words (objectionsHeard: "Objections heard"). `kind` here only refines what the
// schema says (a note as a text area, an incident id as a choice among the open incidents).
export const FIELD_TEXT: Record<string, FieldText> = {
  // shared by several events
  lat: { label: 'Latitude (decimal degrees, north positive)' },
  lon: { label: 'Longitude (decimal degrees, east positive)' },
  note: { label: 'Note', kind: 'textarea' },
  notes: { kind: 'textarea' },
  state: { label: 'State' },
  country: { label: 'Country' },
  port: { label: 'Port' },
  reason: { label: 'Reason given' },
  rcc: { label: 'Rescue coordination centre' },
  scopes: { label: 'Scopes' },
  forceUsed: { label: 'Force used' },
  'casualties.injured': { label: 'Casualties: persons injured' },
  'casualties.dead': { label: 'Casualties: persons dead' },
  'destination.country': { label: 'Destination country' },
  'destination.port': { label: 'Destination port' },

  'SUSPICION_RECORDED.grounds': { label: 'Grounds for the suspicion (one per line)' },
  'VESSEL_IDENTIFIED.flag': { label: 'Flag shown' },
  'VESSEL_IDENTIFIED.registryClaimed': { label: 'Registry claimed by master or papers' },
  'VESSEL_IDENTIFIED.flagsUsed': { label: 'Flags used (codes, comma separated)' },
  'VESSEL_IDENTIFIED.name': { label: 'Name' },
  'VESSEL_IDENTIFIED.imo': { label: 'IMO number' },
  'VESSEL_IDENTIFIED.mmsi': { label: 'MMSI' },
  'VESSEL_IDENTIFIED.government': { label: 'Warship or government ship on non-commercial service' },
  'DISTRESS_ASSESSED.phase': { label: 'Phase' },
  'DISTRESS_ASSESSED.factors': { label: 'Danger factors observed' },
  'DISTRESS_ASSESSED.notes': { label: 'Notes (what was seen that is not a danger)' },
  'RESCUE_COMPLETED.rescued': { label: 'Persons rescued' },
  'RESCUE_COMPLETED.deceased': { label: 'Deceased' },
  'RESCUE_COMPLETED.missing': { label: 'Missing' },
  'FLAG_STATE_NOTIFIED.state': { label: 'Flag State' },
  'FLAG_STATE_NOTIFIED.channel': { label: 'Channel (e.g. phone, e-mail, liaison officer)' },
  'REGISTRY_CONFIRMED.state': { label: 'State that confirmed (if not the one notified)' },
  'REGISTRY_REFUTED.state': { label: 'State that refuted (if not the one notified)' },
  'AUTHORISATION_REQUESTED.scopes': { label: 'Scopes requested' },
  'AUTHORISATION_GRANTED.scopes': { label: 'Scopes granted' },
  'AUTHORISATION_GRANTED.conditions': { label: 'Conditions' },
  'AUTHORISATION_GRANTED.state': { label: 'State that granted (if not the one notified)' },
  'AUTHORISATION_REFUSED.state': { label: 'State that refused (if not the one notified)' },
  'FLAG_STATE_WILL_ACT.jointly': { label: 'Jointly with us' },
  'FLAG_STATE_INFORMED.about': { label: 'About' },
  'COASTAL_STATE_CONSENTED.state': { label: 'Coastal State' },
  'COASTAL_STATE_CONSENTED.scopes': { label: 'Scopes consented' },
  'COASTAL_STATE_INFORMED.state': { label: 'Coastal State' },
  'HOT_PURSUIT_STARTED.startedIn': { label: 'Started in' },
  'HOT_PURSUIT_STARTED.signalGiven': { label: 'Visual or auditory signal to stop given' },
  'HOT_PURSUIT_STARTED.violation': { label: 'Violation' },
  'HOT_PURSUIT_ENDED.reason': { label: 'Reason' },
  'BOARDING_STARTED.flagOfficerOnBoard': { label: 'Flag-State officer on board' },
  'SAFEGUARDS_RECORDED.note': {
    hint: 'Art. 9(1)(a)-(d): safety and humane treatment of persons; vessel and cargo; interests of other States; environment.',
  },
  'SEARCH_COMPLETED.evidenceFound': { label: 'Evidence of smuggling found' },
  'SEARCH_COMPLETED.summary': { label: 'Summary', kind: 'textarea' },
  'MEASURES_TAKEN.measures': { label: 'Measures' },
  'MEASURES_TAKEN.detained': { label: 'Persons detained' },
  'MEASURES_TAKEN.destination.country': { hint: 'Required to divert or escort to port.' },
  'MEASURES_TAKEN.description': {
    label: 'Description of the measures',
    kind: 'textarea',
    hint: 'Required for the measure "other".',
  },
  'RESULTS_REPORTED.to': { label: 'Reported to' },
  'COMPENSATION_ASSESSED.lossOrDamage': { label: 'Loss or damage suffered' },
  'COMPENSATION_ASSESSED.conductJustified': {
    label: "The vessel's own conduct justified the measures",
    hint: 'SoM art. 9(2): compensation is owed where the grounds proved unfounded and the vessel did nothing to justify the measures.',
  },
  'PERSONS_SCREENED.total': { label: 'Total persons' },
  'PERSONS_SCREENED.unaccompaniedChildren': { label: 'Unaccompanied children' },
  'PERSONS_SCREENED.pregnant': { label: 'Pregnant women' },
  'PERSONS_SCREENED.medicalUrgent': { label: 'Urgent medical needs' },
  'PERSONS_SCREENED.traffickingIndicators': { label: 'Indicators of trafficking' },
  'PROTECTION_CLAIMS_RECORDED.count': {
    label: 'Persons expressing fear of return or asking for protection',
  },
  'PROTECTION_CLAIMS_RECORDED.countriesOfOrigin': {
    label: 'Their countries of origin (codes, comma separated)',
  },
  'PERSONS_INFORMED.language': { label: 'Language used' },
  'PERSONS_INFORMED.destination.country': { label: 'Destination they were told (country)' },
  'PERSONS_INFORMED.destination.port': { label: 'Destination they were told (port)' },
  'PERSONS_INFORMED.objectionsHeard': { label: 'They were given the chance to object' },
  'PERSONS_INFORMED.objections': {
    label: 'Objections that the destination is unsafe for them (one per line: number of persons, reason)',
    placeholder: '12, fear of persecution in the country of destination',
  },
  'PLACE_OF_SAFETY_DESIGNATED.by': { label: 'Designated by' },
  'INCIDENT_REVIEWED.incidentId': { label: 'Incident', kind: 'incident' },
  'INCIDENT_REVIEWED.finding': { label: 'Finding', kind: 'textarea' },
  'CASE_CLOSED.outcome': { label: 'Outcome' },
  'REGISTER_CHECKED.onRegister': { label: 'The vessel is on our register' },
  'REQUEST_ANSWERED.registry': { label: 'Registry' },
  'REQUEST_ANSWERED.authorisation': {
    label: 'Authorisation (JSON; empty: none given, null: refused)',
    placeholder:
      '{"scopes": ["board", "search"], "conditions": [{"kind": "report-results-within", "hours": 24}]}',
  },
  'REQUEST_ANSWERED.willAct': { label: 'We will act ourselves' },
  'AUTHORISATION_WITHDRAWN.scopes': { label: 'Scopes withdrawn (none ticked: all of them)' },
  'PERSONS_HANDED_OVER.to.country': { label: 'Handed over to (country)' },
  'PERSONS_HANDED_OVER.to.authority': { label: 'Receiving authority' },
  'PERSONS_HANDED_OVER.count': { label: 'Persons handed over' },
  'PERSONS_TAKEN_ON_BOARD.count': {
    label: 'Persons taken on board',
    hint: 'Outside a rescue: a rescue is recorded as Rescue completed.',
  },
  'INFRINGEMENT_COMMITTED.where': {
    label: 'Infringement already committed in our',
    hint: 'UNCLOS art. 33: in the contiguous zone, measures to punish an infringement of customs, fiscal, immigration or sanitary laws committed in our territory or territorial sea.',
  },
  'RCC_COORDINATION_ACCEPTED.rcc': { label: 'Rescue coordination centre that accepted coordination' },
  'SAR_CASE_CLOSED.by': { label: 'Closed by (the RCC)' },
  'PLACE_OF_SAFETY_DECLINED.country': { label: 'Country that declined disembarkation' },
  'PLACE_OF_SAFETY_DECLINED.by': { label: 'Declined by (authority)' },
  'REFERRAL_MADE.about': { label: 'Referral about' },
  'REFERRAL_MADE.to': { label: 'Referred to (authority, service or organisation)' },
  'DETENTION_REVIEWED.by': { label: 'Reviewed by (judicial authority)' },
  'CONSULATE_CONTACTED.country': { label: 'Consulate of (country)' },
  'CONSULATE_CONTACTED.atRequestOf': {
    label: 'At the request of',
    hint: "Only at the person's own request: never the consulate of a protection claimant's country of origin otherwise (SoM art. 19(1)).",
  },
  'CONSULATE_CONTACTED.informed': { label: 'The person was told of the risk before asking' },
  'COUNTRY_ASSESSED.unsafe': { label: 'Unsafe for disembarkation' },
  'COUNTRY_ASSESSED.conditions': { label: 'Conditions found', kind: 'textarea' },
  'COUNTRY_ASSESSED.source': { label: 'Source' },
  'COUNTRY_ASSESSED.date': { label: 'Date of the source', placeholder: '2026-01-31' },
  'OBJECTIONS_ASSESSED.country': { label: 'Destination the objections were about' },
  'OBJECTIONS_ASSESSED.upheld': {
    label: 'Objections upheld (the country stays excluded for this case)',
  },
  'SENT_BY_OTHER_MEANS.channel': { label: 'Sent by (e.g. phone, e-mail, liaison officer)' },
};

const ALPHA2_PATTERN = '^[A-Z]{2}$';
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
    // FIELD_TEXT refines a free text only (a note as a text area): it never overrides what the schema says
    if (textKind && k.kind === 'text') field.kind = textKind;
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

// For an event type the table does not know yet: its whole payload as JSON.
export const RAW_PAYLOAD: Field = {
  name: '',
  kind: 'json',
  label: 'Payload (JSON object, without "type")',
  placeholder: '{}',
};

export interface FieldError {
  name: string;
  message: string;
}

export type Built =
  | { ok: true; event: Record<string, unknown> & { type: string } }
  | { ok: false; errors: FieldError[] };

const str = (v: RawValue) => (typeof v === 'string' ? v.trim() : '');
const ALPHA2 = /^[A-Z]{2}$/;

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) {
    const next = at[key];
    if (next && typeof next === 'object') at = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      at[key] = created;
      at = created;
    }
  }
  at[keys[keys.length - 1] as string] = value;
}

// The value of one field, or undefined when left empty (absent = unknown, contract.md).
function read(field: Field, raw: RawValues, errors: FieldError[]): unknown {
  const v = raw[field.name];
  const fail = (message: string) => {
    errors.push({ name: field.name, message });
    return undefined;
  };
  switch (field.kind) {
    case 'text':
    case 'textarea':
    case 'incident':
      return str(v) || undefined;
    case 'int': {
      const t = str(v);
      if (!t) return undefined;
      if (!/^\d+$/.test(t))
        return fail(
          field.min && field.min > 0 ? `a whole number, ${field.min} or more` : 'a whole number, 0 or more',
        );
      const n = Number(t);
      if (field.min !== undefined && n < field.min) return fail(`a whole number, ${field.min} or more`);
      if (field.max !== undefined && n > field.max) return fail(`at most ${field.max}`);
      return n;
    }
    case 'number': {
      const t = str(v).replace(',', '.');
      if (!t) return undefined;
      const n = Number(t);
      if (!Number.isFinite(n)) return fail('a number in decimal degrees, e.g. 34.95');
      const last = field.name.split('.').pop();
      if (last === 'lat' && Math.abs(n) > 90) return fail('a latitude from -90 to 90');
      if (last === 'lon' && Math.abs(n) > 180) return fail('a longitude from -180 to 180');
      if (field.min !== undefined && n < field.min) return fail(`${field.min} or more`);
      if (field.max !== undefined && n > field.max) return fail(`at most ${field.max}`);
      return n;
    }
    case 'alpha2': {
      const t = str(v).toUpperCase();
      if (!t) return undefined;
      return ALPHA2.test(t) ? t : fail('a two-letter country code, e.g. MT');
    }
    case 'alpha2-or-none': {
      if (raw[`${field.name}.none`] === true) return null;
      const t = str(v).toUpperCase();
      if (!t) return undefined;
      return ALPHA2.test(t) ? t : fail('a two-letter country code, e.g. MT');
    }
    case 'alpha2-list': {
      const codes = str(v)
        .toUpperCase()
        .split(/[\s,;]+/)
        .filter(Boolean);
      if (codes.length === 0) return undefined;
      const bad = codes.filter((c) => !ALPHA2.test(c));
      return bad.length > 0 ? fail(`not two-letter country codes: ${bad.join(', ')}`) : codes;
    }
    case 'lines': {
      const lines = str(v)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      return lines.length > 0 ? lines : undefined;
    }
    case 'bool':
    case 'optbool':
      return v === 'yes' ? true : v === 'no' ? false : undefined;
    case 'enum':
      return str(v) || undefined;
    case 'multi': {
      const list = Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : [];
      return list.length > 0 ? list : undefined;
    }
    case 'conditions': {
      const out: Array<{ kind: string; hours?: number; text?: string }> = [];
      for (const kind of field.options ?? []) {
        if (raw[`${field.name}.${kind}`] !== true) continue;
        const condition: { kind: string; hours?: number; text?: string } = { kind };
        const hours = str(raw[`${field.name}.${kind}.hours`]);
        if (hours) {
          const n = Number(hours);
          if (!(n > 0)) return fail(`${kind}: hours must be a positive number`);
          condition.hours = n;
        } else if (kind === 'report-results-within') {
          return fail('report-results-within needs the number of hours');
        }
        const text = str(raw[`${field.name}.${kind}.text`]);
        if (text) condition.text = text;
        out.push(condition);
      }
      return out.length > 0 ? out : undefined;
    }
    case 'const':
      return field.value;
    case 'records': {
      const columns = field.columns ?? [];
      const rows: Array<Record<string, unknown>> = [];
      const lines = str(v)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      for (const [i, line] of lines.entries()) {
        // the last value takes the rest of the line, commas and all
        const parts: string[] = [];
        let rest = line;
        for (let c = 0; c < columns.length - 1; c++) {
          const at = rest.indexOf(',');
          if (at < 0) break;
          parts.push(rest.slice(0, at));
          rest = rest.slice(at + 1);
        }
        parts.push(rest);
        const row: Record<string, unknown> = {};
        const lineErrors: FieldError[] = [];
        for (const [c, column] of columns.entries()) {
          const value = read(column, { [column.name]: parts[c] ?? '' }, lineErrors);
          if (value === undefined && column.required && lineErrors.length === 0) {
            lineErrors.push({ name: column.name, message: 'missing' });
          }
          if (value !== undefined) row[column.name] = value;
        }
        if (lineErrors.length > 0) {
          const said = lineErrors.map((e) => `${e.name}: ${e.message}`).join('; ');
          return fail(`line ${i + 1} ("${line}"): ${said}`);
        }
        rows.push(row);
      }
      return rows.length > 0 ? rows : undefined;
    }
    case 'json': {
      const t = str(v);
      if (!t) return undefined;
      try {
        return JSON.parse(t) as unknown;
      } catch {
        return fail('not valid JSON');
      }
    }
  }
}

export function buildEvent(type: string, fields: readonly Field[], raw: RawValues): Built {
  const errors: FieldError[] = [];
  let event: Record<string, unknown> & { type: string } = { type };
  const values = new Map<Field, unknown>();
  for (const field of fields) values.set(field, read(field, raw, errors));
  // an optional object (casualties, destination) is given when any of its fields is
  const given = (path: string) =>
    fields.some((f) => f.name.startsWith(`${path}.`) && values.get(f) !== undefined);
  for (const field of fields) {
    const value = values.get(field);
    if (value === undefined) {
      const needed = field.required && (!field.within || given(field.within));
      if (needed && !errors.some((e) => e.name === field.name)) {
        errors.push({ name: field.name, message: 'required' });
      }
      continue;
    }
    if (field.name === '') {
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        errors.push({ name: '', message: 'a JSON object' });
        continue;
      }
      event = { ...(value as Record<string, unknown>), type };
      continue;
    }
    setPath(event, field.name, value);
  }
  if (errors.length === 0) return { ok: true, event };
  // in the form's order, as the officer reads it
  const at = (name: string) => fields.findIndex((f) => f.name === name);
  return { ok: false, errors: errors.sort((a, b) => at(a.name) - at(b.name)) };
}
