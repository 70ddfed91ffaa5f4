// The console's pure parts, in Node: countdowns, the event forms against the desk's own schema, what each role
// is offered and in which order, the case list's order, the vessel's track and the chart's box.
import { describe, expect, it } from 'vitest';
import { CaseEvent } from '../../machines/schemas.ts';
import { buildEvent, eventFields, type RawValues } from '../../src/console/browser/fields.ts';
import { countdown, humanize, position, utc } from '../../src/console/browser/format.ts';
import { offeredTypes, recordableTypes, sortCases, trackOf } from '../../src/console/browser/law.ts';
import { boxAround, MAP_HEIGHT, MAP_WIDTH, projector } from '../../src/console/browser/map.ts';
import type { CaseSummary } from '../../src/console/browser/types.ts';
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
  });
  it('writes positions as seafarers do', () => {
    expect(position({ lat: 34.9, lon: 12.6 })).toBe('34°54.0′N 12°36.0′E');
    expect(position({ lat: -0.5, lon: -0.25 })).toBe('0°30.0′S 0°15.0′W');
  });
});

// A plausible answer for every field kind, so every event's form can be filled and checked.
function sample(type: string): RawValues {
  const raw: RawValues = {};
  for (const f of fields[type] ?? []) {
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
        raw[`${f.name}.report-results-within`] = true;
        raw[`${f.name}.report-results-within.hours`] = '24';
        raw[`${f.name}.other`] = true;
        raw[`${f.name}.other.text`] = 'photographs of the hull';
        break;
      case 'json':
        raw[f.name] = '{"scopes": ["board"], "conditions": []}';
        break;
      default:
        raw[f.name] = 'some text';
    }
  }
  return raw;
}

describe('event forms', () => {
  it('has a form for every event the desk knows', () => {
    expect(Object.keys(fields).sort()).toEqual([...meta.eventTypes].sort());
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
      'conditions.flag-officer-on-board': true,
      'conditions.report-results-within': true,
      'conditions.report-results-within.hours': '',
    });
    expect(granted.ok ? [] : granted.errors).toEqual([
      { name: 'conditions', message: 'report-results-within needs the number of hours' },
    ]);
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
    expect(offered.suggested).toEqual(['RESCUE_COMPLETED', 'ASSISTANCE_REFUSED', 'RCC_NOTIFIED']);
    expect(offered.others).not.toContain('RCC_NOTIFIED');
    expect(offered.others).toContain('POSITION_REPORTED');
  });
});

describe('the case list', () => {
  const c = (id: string, over: Partial<CaseSummary>): CaseSummary => ({
    id,
    kind: 'interception',
    status: 'open',
    training: false,
    openedAt: '2026-06-01T00:00:00Z',
    version: 1,
    legalBasis: 'stateless',
    overdue: false,
    ...over,
  });
  it('shows open cases first, overdue first, then the soonest due, then the newest', () => {
    const sorted = sortCases([
      c('closed', { status: 'closed', nextDueAt: '2026-06-01T01:00:00Z' }),
      c('no-deadline-old', {}),
      c('no-deadline-new', { openedAt: '2026-06-01T01:00:00Z' }),
      c('later', { nextDueAt: '2026-06-01T09:00:00Z' }),
      c('sooner', { nextDueAt: '2026-06-01T05:00:00Z' }),
      c('overdue', { overdue: true, nextDueAt: '2026-06-01T01:00:00Z' }),
    ]);
    expect(sorted.map((x) => x.id)).toEqual([
      'overdue',
      'sooner',
      'later',
      'no-deadline-new',
      'no-deadline-old',
      'closed',
    ]);
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
