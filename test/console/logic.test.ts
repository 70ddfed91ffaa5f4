// The console's pure parts, in Node: countdowns, the event forms against the desk's own schema, what each role
// is offered and in which order, the case list's order, the vessel's track and the chart's box.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CaseEvent } from '../../machines/schemas.ts';
import {
  ago,
  clock,
  countdown,
  humanize,
  position,
  utc,
  vesselName,
  words,
} from '../../src/console/browser/format.ts';
import { buildEvent } from '../../src/console/browser/forms/build.ts';
import {
  eventFields,
  type Field,
  fieldsFromSchema,
  type RawValues,
} from '../../src/console/browser/forms/fields.ts';
import { FIELD_TEXT } from '../../src/console/browser/forms/labels.ts';
import {
  closersOf,
  distressSince,
  hasLifeAction,
  isLifeAction,
  offeredTypes,
  type Rankable,
  rankCases,
  recordableTypes,
  trackOf,
} from '../../src/console/browser/law.ts';
import { boxAround, MAP_HEIGHT, MAP_WIDTH, projector } from '../../src/console/browser/map.ts';
import { consoleMeta } from '../../src/console/meta.ts';

const meta = consoleMeta();
const fields = eventFields(meta);

describe('countdown', () => {
  const now = Date.parse('2026-06-01T02:00:00Z');
  it('counts down to a due time and says when it is near', () => {
    expect(countdown('2026-06-01T03:05:00Z', now)).toEqual({
      text: 'due in 1 h 05 min',
      overdue: false,
      soon: false,
    });
    expect(countdown('2026-06-01T02:40:00Z', now)).toEqual({
      text: 'due in 40 min',
      overdue: false,
      soon: true,
    });
    expect(countdown('2026-06-01T02:00:30Z', now).text).toBe('due in 30 s');
    expect(countdown('2026-06-03T05:00:00Z', now).text).toBe('due in 2 d 3 h');
  });
  it('says "overdue by" once the time has passed', () => {
    expect(countdown('2026-06-01T01:48:00Z', now)).toEqual({
      text: 'overdue by 12 min',
      overdue: true,
      soon: false,
    });
    expect(countdown('2026-06-01T02:00:00Z', now).overdue).toBe(true);
  });
});

describe('words and times', () => {
  it('shows times in UTC whatever the browser zone', () => {
    expect(utc('2026-06-01T02:05:09Z')).toBe('1 Jun 02:05 UTC');
    expect(utc('2026-06-01T02:05:09Z', true)).toBe('1 Jun 02:05:09 UTC');
    expect(utc(undefined)).toBe('—');
  });
  it('turns codes into words, keeping acronyms', () => {
    expect(humanize('NOTIFY_RCC')).toBe('Notify RCC');
    expect(humanize('flag-state-authorisation')).toBe('Flag state authorisation');
    expect(humanize('PLACE_OF_SAFETY_DESIGNATED')).toBe('Place of safety designated');
    expect(words('unaccompaniedChildren')).toBe('Unaccompanied children');
    expect(words('mmsi')).toBe('MMSI');
  });
  it('writes positions in degrees and decimal minutes, as seafarers do', () => {
    expect(position({ lat: 35 + 12.345 / 60, lon: 14 + 3.21 / 60 })).toBe('35°12.345′N 014°03.210′E');
    expect(position({ lat: 34.9, lon: 12.6 })).toBe('34°54.000′N 012°36.000′E');
    expect(position({ lat: -0.5, lon: -0.25 })).toBe('00°30.000′S 000°15.000′W');
    expect(position({ lat: 5.5, lon: -179.75 })).toBe('05°30.000′N 179°45.000′W');
    // a hair under a whole degree rounds up to it, never to "60.000′"
    expect(position({ lat: 35.9999999, lon: 14.9999999 })).toBe('36°00.000′N 015°00.000′E');
    expect(position(undefined)).toBe('—');
  });
  it('names the vessel, or says what it looks like when it has no name', () => {
    expect(vesselName({ vessel: { name: 'Sea Star', description: 'trawler' } })).toBe('Sea Star');
    expect(vesselName({ vessel: { description: 'grey rubber boat' } })).toBe('grey rubber boat');
    expect(vesselName({ vessel: {} })).toBe('Unnamed vessel');
  });
  it('tells the time in UTC, to the second', () => {
    expect(clock(Date.parse('2026-06-01T02:05:09.999Z'))).toBe('02:05:09 Z');
    expect(clock(Date.parse('2026-12-31T23:59:59Z'))).toBe('23:59:59 Z');
  });
  it('says how long ago something was recorded', () => {
    const now = Date.parse('2026-06-01T03:12:30Z');
    expect(ago('distress', '2026-06-01T02:00:00Z', now)).toBe('distress 1 h 12 min ago');
    expect(ago('distress', '2026-06-01T03:12:00Z', now)).toBe('distress 30 s ago');
    // the desk a second ahead of this clock: not a negative span
    expect(ago('distress', '2026-06-01T03:12:31Z', now)).toBe('distress 0 s ago');
    expect(ago('distress', 'not a time', now)).toBe('distress time unknown');
  });
});

// A plausible answer for every field kind, so every event's form can be filled and checked.
function sample(type: string): RawValues {
  return sampleOf(fields[type] ?? []);
}
function sampleOf(form: readonly Field[]): RawValues {
  const raw: RawValues = {};
  for (const f of form) {
    switch (f.kind) {
      case 'number':
        raw[f.name] = f.name.endsWith('lat') ? '35.5' : '12.6';
        break;
      case 'int':
        raw[f.name] = '3';
        break;
      case 'alpha2':
        raw[f.name] = 'mt';
        break;
      case 'alpha2-or-none':
        raw[`${f.name}.none`] = true;
        break;
      case 'alpha2-list':
        raw[f.name] = 'SD, er';
        break;
      case 'bool':
      case 'optbool':
        raw[f.name] = 'yes';
        break;
      case 'enum':
        raw[f.name] = f.options?.[0] ?? '';
        break;
      case 'multi':
        raw[f.name] = [...(f.options ?? []).slice(0, 2)];
        break;
      case 'conditions':
        raw[`${f.name}.0.kind`] = 'report-results-within';
        raw[`${f.name}.0.hours`] = '24';
        raw[`${f.name}.1.kind`] = 'other';
        raw[`${f.name}.1.text`] = 'photographs of the hull';
        break;
      case 'radio':
        raw[f.name] = f.options?.[0] ?? '';
        break;
      case 'nullable-object':
        raw[f.name] = 'given';
        Object.assign(raw, sampleOf(f.parts ?? []));
        break;
      case 'json':
        raw[f.name] = '{"scopes": ["board"], "conditions": []}';
        break;
      case 'records':
        raw[f.name] = '12, fear of persecution, they say\n3, family in the country of origin';
        break;
      case 'const':
        break;
      default:
        raw[f.name] = 'some text';
    }
  }
  return raw;
}

// What a form must have for one event, read from the zod schema itself (not from the JSON Schema the forms
// are derived from): each payload key, a plain object's keys one level down as "parent.key", and whether
// the desk accepts the event without it.
type ZodAny = z.ZodType;
function bare(t: ZodAny): ZodAny {
  let at = t;
  while (at instanceof z.ZodOptional || at instanceof z.ZodDefault) at = at.unwrap() as ZodAny;
  return at;
}
function expectedFields(option: (typeof CaseEvent.options)[number]): Array<[string, boolean]> {
  const out: Array<[string, boolean]> = [];
  const walk = (shape: Record<string, ZodAny>, prefix: string) => {
    for (const [key, t] of Object.entries(shape)) {
      if (!prefix && (key === 'type' || key === 'override')) continue;
      const name = prefix ? `${prefix}.${key}` : key;
      const inner = bare(t);
      if (inner instanceof z.ZodObject) walk(inner.shape as Record<string, ZodAny>, name);
      else out.push([name, !t.safeParse(undefined).success]);
    }
  };
  walk(option.shape as Record<string, ZodAny>, '');
  return out;
}
const CASE_EVENT_OPTIONS = CaseEvent.options.map((o) => [o.shape.type.value, o] as const);

describe('event forms', () => {
  it('has a form for every event the desk knows', () => {
    expect(Object.keys(fields).sort()).toEqual([...meta.eventTypes].sort());
    // straight from the zod union, not only from the metadata built on it
    expect(Object.keys(fields).sort()).toEqual(CASE_EVENT_OPTIONS.map(([type]) => type).sort());
  });

  it.each(CASE_EVENT_OPTIONS)('%s: the form asks for exactly the keys of the schema', (type, option) => {
    const form = (fields[type] ?? []).map((f) => [f.name, !!f.required] as [string, boolean]);
    expect(form).toEqual(expectedFields(option));
  });

  it('has words for every field of every form, and FIELD_TEXT names no field that does not exist', () => {
    // every form the console builds: the events', and the authority's own request bodies' (record/body-form.ts)
    const forms: Record<string, Field[]> = {
      ...fields,
      INCOMING_REQUEST: fieldsFromSchema('INCOMING_REQUEST', meta.bodySchemas.incomingRequest),
      STATE_PROFILE: fieldsFromSchema('STATE_PROFILE', meta.bodySchemas.stateProfile),
      COUNTRY_ASSESSMENT: fieldsFromSchema('COUNTRY_ASSESSMENT', meta.bodySchemas.countryAssessment),
    };
    for (const [type, form] of Object.entries(forms)) {
      for (const f of form) {
        expect(f.label, `${type}.${f.name}`).toMatch(/^[A-Z]/);
        expect(f.label).not.toMatch(/[a-z][A-Z]/);
      }
    }
    // an optional object's own fields too (an authorisation's scopes)
    const flat = (form: readonly Field[]): Field[] => form.flatMap((f) => [f, ...flat(f.parts ?? [])]);
    const names = new Set(Object.values(forms).flatMap((form) => flat(form).map((f) => f.name)));
    const paths = new Set(
      Object.entries(forms).flatMap(([type, form]) => flat(form).map((f) => `${type}.${f.name}`)),
    );
    const stale = Object.keys(FIELD_TEXT).filter((k) => !names.has(k) && !paths.has(k));
    expect(stale).toEqual([]);
  });

  it('derives a form for an event nobody wrote one for', () => {
    const NEW_EVENT = z.object({
      type: z.literal('SOMETHING_NEW'),
      vesselCount: z.number().int().positive(),
      where: z.enum(['territory', 'territorial-sea']),
      harbour: z.object({ country: z.string().regex(/^[A-Z]{2}$/), name: z.string().optional() }).optional(),
      confirmed: z.boolean().optional(),
    });
    const { properties, required } = z.toJSONSchema(NEW_EVENT, { io: 'input' }) as {
      properties: Record<string, object>;
      required: string[];
    };
    const form = fieldsFromSchema('SOMETHING_NEW', { type: 'object', properties, required });
    expect(form.map((f) => [f.name, f.kind, f.label, !!f.required])).toEqual([
      ['type', 'const', 'Type', true],
      ['vesselCount', 'int', 'Vessel count', true],
      ['where', 'enum', 'Where', true],
      ['harbour.country', 'alpha2', 'Harbour: country', true],
      ['harbour.name', 'text', 'Harbour: name', false],
      ['confirmed', 'optbool', 'Confirmed', false],
    ]);
    expect(buildEvent('SOMETHING_NEW', form.slice(1), { vesselCount: '0', where: 'territory' })).toEqual({
      ok: false,
      errors: [{ name: 'vesselCount', message: 'a whole number, 1 or more' }],
    });
  });

  it.each(meta.eventTypes)('%s: a filled form builds an event the desk accepts', (type) => {
    const built = buildEvent(type, fields[type] ?? [], sample(type));
    expect(built.ok, JSON.stringify(built)).toBe(true);
    if (!built.ok) return;
    // divert and escort need a destination: the sample's first two measures are seize-vessel and detain-suspects
    const parsed = CaseEvent.safeParse(built.event);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('names each missing or malformed field', () => {
    const built = buildEvent('FLAG_STATE_NOTIFIED', fields.FLAG_STATE_NOTIFIED!, { state: 'Togo' });
    expect(built).toEqual({
      ok: false,
      errors: [{ name: 'state', message: 'a two-letter country code, e.g. MT' }],
    });
    const missing = buildEvent('HOT_PURSUIT_STARTED', fields.HOT_PURSUIT_STARTED!, {});
    expect(missing.ok ? [] : missing.errors.map((e) => e.name)).toEqual([
      'startedIn',
      'signalGiven',
      'violation',
    ]);
  });

  it('leaves unknowns out and keeps "none" as null (absent is unknown, null is none)', () => {
    const unknown = buildEvent('VESSEL_IDENTIFIED', fields.VESSEL_IDENTIFIED!, { flag: '', government: '' });
    expect(unknown).toEqual({ ok: true, event: { type: 'VESSEL_IDENTIFIED' } });
    const none = buildEvent('VESSEL_IDENTIFIED', fields.VESSEL_IDENTIFIED!, {
      'flag.none': true,
      government: 'no',
    });
    expect(none).toEqual({ ok: true, event: { type: 'VESSEL_IDENTIFIED', flag: null, government: false } });
  });

  it('nests dotted fields and builds conditions', () => {
    const measures = buildEvent('MEASURES_TAKEN', fields.MEASURES_TAKEN!, {
      measures: ['divert'],
      'destination.country': 'it',
      'destination.port': 'Pozzallo',
    });
    expect(measures).toEqual({
      ok: true,
      event: {
        type: 'MEASURES_TAKEN',
        measures: ['divert'],
        destination: { country: 'IT', port: 'Pozzallo' },
      },
    });
    const granted = buildEvent('AUTHORISATION_GRANTED', fields.AUTHORISATION_GRANTED!, {
      scopes: ['board', 'search'],
      'conditions.0.kind': 'flag-officer-on-board',
      'conditions.1.kind': 'report-results-within',
      'conditions.1.hours': '',
    });
    expect(granted.ok ? [] : granted.errors).toEqual([
      { name: 'conditions.1.hours', message: 'required: report the results within how many hours' },
    ]);
  });

  it("builds the second legal review's events: referrals, objections, casualties, a consulate", () => {
    expect(
      buildEvent('REFERRAL_MADE', fields.REFERRAL_MADE!, { about: 'medical', to: 'MRCC medical advice' }),
    ).toEqual({ ok: true, event: { type: 'REFERRAL_MADE', about: 'medical', to: 'MRCC medical advice' } });
    expect(fields.REFERRAL_MADE![0]).toMatchObject({
      name: 'about',
      kind: 'enum',
      required: true,
      options: ['unaccompanied-children', 'trafficking', 'medical', 'missing-persons', 'deceased'],
    });
    const informed = buildEvent('PERSONS_INFORMED', fields.PERSONS_INFORMED!, {
      language: 'Arabic',
      'destination.country': 'tn',
      objectionsHeard: 'yes',
      objections: '12, fear of persecution, they say\n\n 3 ,family there',
    });
    expect(informed).toEqual({
      ok: true,
      event: {
        type: 'PERSONS_INFORMED',
        language: 'Arabic',
        destination: { country: 'TN' },
        objectionsHeard: true,
        objections: [
          { count: 12, reason: 'fear of persecution, they say' },
          { count: 3, reason: 'family there' },
        ],
      },
    });
    const badObjection = buildEvent('PERSONS_INFORMED', fields.PERSONS_INFORMED!, {
      language: 'Arabic',
      objections: 'some, fear\n0, fear',
    });
    expect(badObjection.ok ? [] : badObjection.errors.map((e) => e.name)).toEqual(['objections']);
    // casualties are optional, but once given both counts are needed
    const boarding = (raw: RawValues) => buildEvent('BOARDING_STARTED', fields.BOARDING_STARTED!, raw);
    expect(boarding({ forceUsed: 'firearms' })).toEqual({
      ok: true,
      event: { type: 'BOARDING_STARTED', forceUsed: 'firearms' },
    });
    const half = boarding({ 'casualties.injured': '2' });
    expect(half.ok ? [] : half.errors).toEqual([{ name: 'casualties.dead', message: 'required' }]);
    expect(boarding({ 'casualties.injured': '2', 'casualties.dead': '0' })).toEqual({
      ok: true,
      event: { type: 'BOARDING_STARTED', casualties: { injured: 2, dead: 0 } },
    });
    const consulate = buildEvent('CONSULATE_CONTACTED', fields.CONSULATE_CONTACTED!, {
      country: 'er',
      informed: 'yes',
    });
    expect(consulate).toEqual({
      ok: true,
      event: { type: 'CONSULATE_CONTACTED', country: 'ER', atRequestOf: 'person', informed: true },
    });
    expect(CaseEvent.safeParse(consulate.ok ? consulate.event : {}).success).toBe(true);
    // a whole number above zero where the schema says positive
    const none = buildEvent('PERSONS_TAKEN_ON_BOARD', fields.PERSONS_TAKEN_ON_BOARD!, { count: '0' });
    expect(none.ok ? [] : none.errors).toEqual([{ name: 'count', message: 'a whole number, 1 or more' }]);
  });

  it('reads decimal commas in positions and refuses impossible ones', () => {
    expect(buildEvent('POSITION_REPORTED', fields.POSITION_REPORTED!, { lat: '35,25', lon: '12.5' })).toEqual(
      {
        ok: true,
        event: { type: 'POSITION_REPORTED', lat: 35.25, lon: 12.5 },
      },
    );
    const bad = buildEvent('POSITION_REPORTED', fields.POSITION_REPORTED!, { lat: '95', lon: 'east' });
    expect(bad.ok ? [] : bad.errors.map((e) => e.name)).toEqual(['lat', 'lon']);
  });
});

describe('what each role is offered', () => {
  const live = { training: false, status: 'open' as const };
  it('follows EVENT_ROLES: operators and authorities their own events, auditors none', () => {
    const operator = recordableTypes(meta, 'operator', live);
    expect(operator).toContain('BOARDING_STARTED');
    expect(operator).not.toContain('FLAG_STATE_NOTIFIED');
    const authority = recordableTypes(meta, 'authority', live);
    expect(authority).toContain('FLAG_STATE_NOTIFIED');
    expect(authority).not.toContain('BOARDING_STARTED');
    expect(recordableTypes(meta, 'auditor', live)).toEqual([]);
  });
  it('gives trainers every event on training cases and nothing on live ones; nobody records on a closed case', () => {
    expect(recordableTypes(meta, 'trainer', { training: true, status: 'open' })).toEqual(meta.eventTypes);
    expect(recordableTypes(meta, 'trainer', live)).toEqual([]);
    expect(recordableTypes(meta, 'operator', { training: false, status: 'closed' })).toEqual([]);
  });
  it('puts the events that close open actions first, in the actions order', () => {
    const action = (code: string) => ({
      code,
      title: code,
      basis: [],
      role: 'operator' as const,
      priority: 'life' as const,
      blocking: true,
    });
    const offered = offeredTypes(meta, recordableTypes(meta, 'operator', live), {
      requiredActions: [action('RENDER_ASSISTANCE'), action('NOTIFY_RCC'), action('NOTIFY_FLAG_STATE')],
    });
    // SAR_CASE_CLOSED also ends the danger (contract.md, Required actions)
    expect(offered.suggested.slice(0, 3).sort()).toEqual([
      'ASSISTANCE_REFUSED',
      'RESCUE_COMPLETED',
      'SAR_CASE_CLOSED',
    ]);
    expect(offered.suggested[3]).toBe('RCC_NOTIFIED');
    expect(offered.others).not.toContain('RCC_NOTIFIED');
    expect(offered.others).toContain('POSITION_REPORTED');
  });
});

describe('the record buttons beside each required action', () => {
  it('offer REFERRAL_MADE with the right `about` for each duty that screening opens', () => {
    expect(closersOf(meta, 'REFER_UNACCOMPANIED_CHILDREN')).toEqual([
      { type: 'REFERRAL_MADE', prefill: { about: 'unaccompanied-children' } },
    ]);
    expect(closersOf(meta, 'REFER_TRAFFICKING_INDICATORS')).toEqual([
      { type: 'REFERRAL_MADE', prefill: { about: 'trafficking' } },
    ]);
    expect(closersOf(meta, 'ARRANGE_MEDICAL_CARE')).toEqual([
      { type: 'REFERRAL_MADE', prefill: { about: 'medical' } },
    ]);
    expect(closersOf(meta, 'SEARCH_FOR_MISSING')).toEqual(
      expect.arrayContaining([
        { type: 'REFERRAL_MADE', prefill: { about: 'missing-persons' } },
        { type: 'SAR_CASE_CLOSED' },
      ]),
    );
    expect(closersOf(meta, 'SEARCH_FOR_MISSING')).toHaveLength(2);
    expect(closersOf(meta, 'RECORD_DECEASED')).toEqual([
      { type: 'REFERRAL_MADE', prefill: { about: 'deceased' } },
    ]);
  });

  it('offer the closing event of each other new action, as CLOSED_BY says', () => {
    const types = (code: string) => closersOf(meta, code).map((c) => c.type);
    expect(types('BRING_BEFORE_JUDICIAL_AUTHORITY')).toEqual(['DETENTION_REVIEWED']);
    expect(types('ASSESS_OBJECTIONS')).toEqual(['OBJECTIONS_ASSESSED']);
    expect(types('SEND_BY_OTHER_MEANS')).toEqual(['SENT_BY_OTHER_MEANS']);
    expect(types('RENDER_ASSISTANCE').sort()).toEqual([
      'ASSISTANCE_REFUSED',
      'RESCUE_COMPLETED',
      'SAR_CASE_CLOSED',
    ]);
    expect(types('NOTIFY_RCC')).toEqual(['RCC_NOTIFIED']);
    // a referral is offered beside an action only with the `about` that closes it
    for (const [code, closers] of Object.entries(meta.closers)) {
      for (const c of closers.filter((x) => x.type === 'REFERRAL_MADE'))
        expect(c.prefill, code).toBeDefined();
    }
    // every prefilled value is one the form offers
    for (const closers of Object.values(meta.closers)) {
      for (const c of closers) {
        expect(fields[c.type], c.type).toBeDefined();
        for (const [name, value] of Object.entries(c.prefill ?? {})) {
          expect(fields[c.type]!.find((f) => f.name === name)?.options).toContain(value);
        }
      }
    }
  });

  it('suggest the new closers first in the record form', () => {
    const action = (code: string) => ({
      code,
      title: code,
      basis: [],
      role: 'operator' as const,
      priority: 'life' as const,
      blocking: true,
    });
    const offered = offeredTypes(
      meta,
      recordableTypes(meta, 'operator', { training: false, status: 'open' }),
      { requiredActions: [action('ARRANGE_MEDICAL_CARE'), action('SEARCH_FOR_MISSING')] },
    );
    expect([...offered.suggested].sort()).toEqual(['REFERRAL_MADE', 'SAR_CASE_CLOSED']);
  });
});

describe('life actions', () => {
  it('are the required actions of priority life, on an open case', () => {
    expect(isLifeAction({ priority: 'life' })).toBe(true);
    expect(isLifeAction({ priority: 'legal' })).toBe(false);
    expect(isLifeAction({ priority: undefined })).toBe(false);
    const action = (code: string, priority: 'life' | 'legal') => ({
      code,
      title: code,
      basis: [],
      role: 'operator' as const,
      priority,
      blocking: false,
    });
    const actions = [action('RECORD_GROUNDS', 'legal'), action('ASSESS_SAFETY_OF_LIFE', 'life')];
    expect(hasLifeAction({ status: 'open', requiredActions: actions })).toBe(true);
    expect(hasLifeAction({ status: 'open', requiredActions: actions.slice(0, 1) })).toBe(false);
    expect(hasLifeAction({ status: 'closed', requiredActions: actions })).toBe(false);
  });

  it('date the present distress from its first assessment, until another phase is assessed', () => {
    const assessed = (seq: number, phase: string, at?: string, outcome = 'applied') => ({
      seq,
      type: 'DISTRESS_ASSESSED',
      event: { type: 'DISTRESS_ASSESSED', phase, factors: [] },
      outcome: outcome as 'applied' | 'refused',
      ...(at ? { at } : {}),
    });
    const opened = {
      seq: 1,
      type: 'CASE_OPENED',
      event: { type: 'CASE_OPENED' },
      outcome: 'applied' as const,
    };
    expect(distressSince([opened])).toBeUndefined();
    // a reassessment as distress does not restart the clock; the order is the seq's, not the list's
    expect(
      distressSince([
        assessed(4, 'distress', '2026-06-01T04:00:00Z'),
        opened,
        assessed(3, 'distress', '2026-06-01T03:00:00Z'),
        assessed(2, 'alert', '2026-06-01T02:00:00Z'),
      ]),
    ).toBe('2026-06-01T03:00:00Z');
    // downgraded, then distress again: from the new distress
    expect(
      distressSince([
        assessed(2, 'distress', '2026-06-01T02:00:00Z'),
        assessed(3, 'uncertainty', '2026-06-01T03:00:00Z'),
        assessed(4, 'distress', '2026-06-01T04:00:00Z'),
      ]),
    ).toBe('2026-06-01T04:00:00Z');
    expect(
      distressSince([
        assessed(2, 'distress', '2026-06-01T02:00:00Z'),
        assessed(3, 'none', '2026-06-01T03:00:00Z'),
      ]),
    ).toBeUndefined();
    // a refused assessment changes nothing
    expect(
      distressSince([
        assessed(2, 'distress', '2026-06-01T02:00:00Z'),
        assessed(3, 'none', '2026-06-01T03:00:00Z', 'refused'),
      ]),
    ).toBe('2026-06-01T02:00:00Z');
    // an entry the stream brought, before the audit list gives its time: not known yet, not a later time
    expect(
      distressSince([assessed(2, 'distress'), assessed(3, 'distress', '2026-06-01T03:00:00Z')]),
    ).toBeUndefined();
  });
});

describe('the case list', () => {
  const now = Date.parse('2026-06-01T04:00:00Z');
  const c = (id: string, over: Partial<Rankable> = {}): Rankable => ({
    id,
    status: 'open',
    openedAt: '2026-06-01T00:00:00Z',
    overdue: false,
    life: false,
    ...over,
  });
  const ids = (cases: Rankable[]) => rankCases(cases, now).map((x) => x.id);

  it('puts life first, then the overdue, then the soonest due, then closed cases', () => {
    expect(
      ids([
        c('closed', { status: 'closed', nextDueAt: '2026-06-01T01:00:00Z', life: true }),
        c('no-deadline'),
        c('later', { nextDueAt: '2026-06-01T09:00:00Z' }),
        c('sooner', { nextDueAt: '2026-06-01T05:00:00Z' }),
        c('overdue', { overdue: true, nextDueAt: '2026-06-01T05:00:00Z' }),
        c('life-no-deadline', { life: true }),
        c('life-due', { life: true, nextDueAt: '2026-06-01T09:00:00Z' }),
      ]),
    ).toEqual(['life-due', 'life-no-deadline', 'overdue', 'sooner', 'later', 'no-deadline', 'closed']);
  });

  it('counts a due time passed since the desk listed the case as overdue', () => {
    expect(
      ids([
        c('sooner', { nextDueAt: '2026-06-01T04:30:00Z' }),
        c('passed', { nextDueAt: '2026-06-01T03:59:00Z' }),
        c('flagged', { overdue: true, nextDueAt: '2026-06-01T06:00:00Z' }),
      ]),
    ).toEqual(['passed', 'flagged', 'sooner']);
  });

  it('keeps the overdue first among life cases too', () => {
    expect(
      ids([
        c('life-due', { life: true, nextDueAt: '2026-06-01T05:00:00Z' }),
        c('life-overdue', { life: true, overdue: true }),
        c('overdue', { overdue: true, nextDueAt: '2026-06-01T01:00:00Z' }),
      ]),
    ).toEqual(['life-overdue', 'life-due', 'overdue']);
  });

  it('breaks ties by the newest, then by id, whatever order the cases came in', () => {
    const cases = [
      c('b', { life: true }),
      c('newest', { life: true, openedAt: '2026-06-01T03:00:00Z' }),
      c('a', { life: true }),
      c('closed-old', { status: 'closed', openedAt: '2026-05-01T00:00:00Z' }),
      c('closed-new', { status: 'closed', openedAt: '2026-05-02T00:00:00Z' }),
    ];
    const expected = ['newest', 'a', 'b', 'closed-new', 'closed-old'];
    expect(ids(cases)).toEqual(expected);
    expect(ids([...cases].reverse())).toEqual(expected);
    // sorting leaves the input alone
    expect(cases.map((x) => x.id)[0]).toBe('b');
  });
});

describe('the track and the chart', () => {
  it('follows the opening position and applied position reports only, in seq order', () => {
    const track = trackOf([
      {
        seq: 3,
        type: 'POSITION_REPORTED',
        event: { type: 'POSITION_REPORTED', lat: 35, lon: 12.7 },
        outcome: 'applied',
      },
      {
        seq: 1,
        type: 'CASE_OPENED',
        event: { type: 'CASE_OPENED', opening: { position: { lat: 34.9, lon: 12.6 } } },
        outcome: 'applied',
      },
      {
        seq: 2,
        type: 'POSITION_REPORTED',
        event: { type: 'POSITION_REPORTED', lat: 0, lon: 0 },
        outcome: 'refused',
      },
    ]);
    expect(track).toEqual([
      { lat: 34.9, lon: 12.6, seq: 1 },
      { lat: 35, lon: 12.7, seq: 3 },
    ]);
  });

  it('asks for a box around every point with the map aspect, so nothing is stretched', () => {
    const points = [
      { lat: 34.9, lon: 12.6 },
      { lat: 35.5, lon: 12.6 },
    ];
    const box = boxAround(points);
    for (const p of points) {
      expect(p.lon).toBeGreaterThan(box[0]);
      expect(p.lat).toBeGreaterThan(box[1]);
      expect(p.lon).toBeLessThan(box[2]);
      expect(p.lat).toBeLessThan(box[3]);
    }
    const kx = Math.cos((((box[1] + box[3]) / 2) * Math.PI) / 180);
    expect(((box[2] - box[0]) * kx) / (box[3] - box[1])).toBeCloseTo(MAP_WIDTH / MAP_HEIGHT, 1);
    const p = projector(box);
    const [x, y] = p(box[0], box[3]);
    expect([x, y]).toEqual([0, 0]);
  });
});
