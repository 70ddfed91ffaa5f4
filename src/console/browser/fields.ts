// The payload of each event as form fields (contract.md, Events), and the payload built back from what the
// officer typed. The desk validates again; this only spares a round trip and names the field at once.
// Pure: test/console/fields.test.ts checks every event type against the desk's own schema.
import type { ConsoleMeta } from './types.ts';

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
  | 'json';

export interface Field {
  // a dot path into the payload: destination.country
  name: string;
  kind: FieldKind;
  label: string;
  required?: boolean;
  options?: readonly string[];
  hint?: string;
  placeholder?: string;
}

export type RawValue = string | string[] | boolean | undefined;
export type RawValues = Record<string, RawValue>;

export function eventFields(meta: Pick<ConsoleMeta, 'enums'>): Record<string, Field[]> {
  const e = meta.enums;
  const count = (name: string, label: string, required = false): Field => ({
    name,
    kind: 'int',
    label,
    required,
  });
  return {
    POSITION_REPORTED: [
      { name: 'lat', kind: 'number', label: 'Latitude (decimal degrees, north positive)', required: true },
      { name: 'lon', kind: 'number', label: 'Longitude (decimal degrees, east positive)', required: true },
    ],
    SUSPICION_RECORDED: [
      { name: 'grounds', kind: 'lines', label: 'Grounds for the suspicion (one per line)', required: true },
    ],
    VESSEL_IDENTIFIED: [
      { name: 'flag', kind: 'alpha2-or-none', label: 'Flag shown' },
      { name: 'registryClaimed', kind: 'alpha2-or-none', label: 'Registry claimed by master or papers' },
      { name: 'flagsUsed', kind: 'alpha2-list', label: 'Flags used (codes, comma separated)' },
      { name: 'name', kind: 'text', label: 'Name' },
      { name: 'imo', kind: 'text', label: 'IMO number' },
      { name: 'mmsi', kind: 'text', label: 'MMSI' },
      { name: 'government', kind: 'optbool', label: 'Warship or government ship on non-commercial service' },
    ],
    DISTRESS_ASSESSED: [
      { name: 'phase', kind: 'enum', label: 'Phase', required: true, options: e.phases },
      { name: 'factors', kind: 'multi', label: 'Danger factors observed', options: e.dangerFactors },
      { name: 'notes', kind: 'textarea', label: 'Notes (what was seen that is not a danger)' },
    ],
    RCC_NOTIFIED: [{ name: 'rcc', kind: 'text', label: 'Rescue coordination centre', required: true }],
    ASSISTANCE_REFUSED: [],
    RESCUE_COMPLETED: [
      count('rescued', 'Persons rescued', true),
      count('deceased', 'Deceased'),
      count('missing', 'Missing'),
    ],
    FLAG_STATE_NOTIFIED: [
      { name: 'state', kind: 'alpha2', label: 'Flag State', required: true },
      { name: 'channel', kind: 'text', label: 'Channel (e.g. phone, e-mail, liaison officer)' },
    ],
    FLAG_STATE_ACKNOWLEDGED: [],
    REGISTRY_CONFIRMED: [],
    REGISTRY_REFUTED: [],
    AUTHORISATION_REQUESTED: [
      { name: 'scopes', kind: 'multi', label: 'Scopes requested', required: true, options: e.scopes },
    ],
    AUTHORISATION_GRANTED: [
      { name: 'scopes', kind: 'multi', label: 'Scopes granted', required: true, options: e.scopes },
      { name: 'conditions', kind: 'conditions', label: 'Conditions', options: e.conditionKinds },
    ],
    AUTHORISATION_REFUSED: [{ name: 'reason', kind: 'text', label: 'Reason given' }],
    FLAG_STATE_WILL_ACT: [{ name: 'jointly', kind: 'optbool', label: 'Jointly with us' }],
    FLAG_STATE_INFORMED: [
      { name: 'about', kind: 'enum', label: 'About', required: true, options: ['moving-vessel', 'other'] },
      { name: 'note', kind: 'text', label: 'Note' },
    ],
    COASTAL_STATE_CONSENTED: [
      { name: 'state', kind: 'alpha2', label: 'Coastal State', required: true },
      { name: 'scopes', kind: 'multi', label: 'Scopes consented', options: e.scopes },
    ],
    COASTAL_STATE_INFORMED: [{ name: 'state', kind: 'alpha2', label: 'Coastal State', required: true }],
    HOT_PURSUIT_STARTED: [
      {
        name: 'startedIn',
        kind: 'enum',
        label: 'Started in',
        required: true,
        options: ['territorial-sea', 'contiguous-zone', 'internal-waters'],
      },
      { name: 'signalGiven', kind: 'bool', label: 'Visual or auditory signal to stop given', required: true },
      { name: 'violation', kind: 'text', label: 'Violation', required: true },
    ],
    HOT_PURSUIT_ENDED: [{ name: 'reason', kind: 'text', label: 'Reason' }],
    BOARDING_STARTED: [
      { name: 'flagOfficerOnBoard', kind: 'optbool', label: 'Flag-State officer on board' },
      { name: 'forceUsed', kind: 'enum', label: 'Force used', options: e.forceUsed },
    ],
    SAFEGUARDS_RECORDED: [
      {
        name: 'note',
        kind: 'textarea',
        label: 'Note',
        hint: 'Art. 9(1)(a)-(d): safety and humane treatment of persons; vessel and cargo; interests of other States; environment.',
      },
    ],
    SEARCH_COMPLETED: [
      { name: 'evidenceFound', kind: 'bool', label: 'Evidence of smuggling found', required: true },
      { name: 'summary', kind: 'textarea', label: 'Summary' },
    ],
    MEASURES_TAKEN: [
      { name: 'measures', kind: 'multi', label: 'Measures', required: true, options: e.measures },
      count('detained', 'Persons detained'),
      {
        name: 'destination.country',
        kind: 'alpha2',
        label: 'Destination country',
        hint: 'Required to divert or escort to port.',
      },
      { name: 'destination.port', kind: 'text', label: 'Destination port' },
      { name: 'forceUsed', kind: 'enum', label: 'Force used', options: e.forceUsed },
    ],
    VESSEL_RELEASED: [],
    RESULTS_REPORTED: [{ name: 'to', kind: 'text', label: 'Reported to', required: true }],
    COMPENSATION_ASSESSED: [
      { name: 'lossOrDamage', kind: 'bool', label: 'Loss or damage suffered', required: true },
      { name: 'note', kind: 'textarea', label: 'Note' },
    ],
    PERSONS_SCREENED: [
      count('total', 'Total persons', true),
      count('children', 'Children'),
      count('unaccompaniedChildren', 'Unaccompanied children'),
      count('women', 'Women'),
      count('pregnant', 'Pregnant women'),
      count('medicalUrgent', 'Urgent medical needs'),
      count('deceased', 'Deceased'),
      count('missing', 'Missing'),
      { name: 'traffickingIndicators', kind: 'optbool', label: 'Indicators of trafficking' },
    ],
    PROTECTION_CLAIMS_RECORDED: [
      count('count', 'Persons expressing fear of return or asking for protection', true),
      {
        name: 'countriesOfOrigin',
        kind: 'alpha2-list',
        label: 'Their countries of origin (codes, comma separated)',
      },
    ],
    PROTECTION_CLAIMS_REFERRED: [],
    PERSONS_INFORMED: [{ name: 'language', kind: 'text', label: 'Language used', required: true }],
    CONSULAR_RIGHTS_NOTIFIED: [],
    PLACE_OF_SAFETY_PROPOSED: [
      { name: 'country', kind: 'alpha2', label: 'Country', required: true },
      { name: 'port', kind: 'text', label: 'Port' },
      { name: 'lat', kind: 'number', label: 'Latitude' },
      { name: 'lon', kind: 'number', label: 'Longitude' },
    ],
    PLACE_OF_SAFETY_DESIGNATED: [
      { name: 'by', kind: 'enum', label: 'Designated by', required: true, options: ['RCC', 'authority'] },
      { name: 'country', kind: 'alpha2', label: 'Country', required: true },
      { name: 'port', kind: 'text', label: 'Port' },
    ],
    DISEMBARKATION_COMPLETED: [
      { name: 'country', kind: 'alpha2', label: 'Country', required: true },
      { name: 'port', kind: 'text', label: 'Port' },
    ],
    INCIDENT_REVIEWED: [
      { name: 'incidentId', kind: 'incident', label: 'Incident', required: true },
      { name: 'finding', kind: 'textarea', label: 'Finding', required: true },
    ],
    CASE_CLOSED: [{ name: 'outcome', kind: 'text', label: 'Outcome' }],
    REGISTER_CHECKED: [
      { name: 'onRegister', kind: 'bool', label: 'The vessel is on our register', required: true },
      { name: 'note', kind: 'textarea', label: 'Note' },
    ],
    REQUEST_ANSWERED: [
      {
        name: 'registry',
        kind: 'enum',
        label: 'Registry',
        required: true,
        options: ['confirmed', 'refuted'],
      },
      {
        name: 'authorisation',
        kind: 'json',
        label: 'Authorisation (JSON; empty: none given, null: refused)',
        placeholder:
          '{"scopes": ["board", "search"], "conditions": [{"kind": "report-results-within", "hours": 24}]}',
      },
      { name: 'willAct', kind: 'optbool', label: 'We will act ourselves' },
    ],
  };
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
      if (!/^\d+$/.test(t)) return fail('a whole number, 0 or more');
      return Number(t);
    }
    case 'number': {
      const t = str(v).replace(',', '.');
      if (!t) return undefined;
      const n = Number(t);
      if (!Number.isFinite(n)) return fail('a number in decimal degrees, e.g. 34.95');
      if (field.name.endsWith('lat') && Math.abs(n) > 90) return fail('a latitude from -90 to 90');
      if (field.name.endsWith('lon') && Math.abs(n) > 180) return fail('a longitude from -180 to 180');
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
  for (const field of fields) {
    const value = read(field, raw, errors);
    if (value === undefined) {
      if (field.required && !errors.some((e) => e.name === field.name)) {
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
  return errors.length > 0 ? { ok: false, errors } : { ok: true, event };
}
