// Issue 16's console parts, in Node: which deadlines the case page keeps listed as overdue (read from the
// view, no copy of the law), and how the event forms pair a latitude and a longitude into one position field.
import { describe, expect, it } from 'vitest';
import type { Field } from '../../src/console/browser/forms/fields.ts';
import { overdueOf } from '../../src/console/browser/pages/case/deadlines.ts';
import {
  atPositions,
  positionPairs,
  readPositionText,
} from '../../src/console/browser/record/position-input.ts';
import type { CaseView } from '../../src/console/browser/types.ts';

const NOW = Date.parse('2026-06-01T06:30:00.000Z');
const action = (code: string, dueAt?: string) => ({
  code,
  title: `${code} title`,
  basis: ['SoM art. 8(4)'],
  role: 'authority' as const,
  priority: 'legal' as const,
  blocking: false,
  ...(dueAt ? { dueAt } : {}),
});
const view = (over: Partial<CaseView>): CaseView =>
  ({ requiredActions: [], deadlines: [], flagState: {}, ...over }) as unknown as CaseView;

describe('overdue deadlines kept in sight (issue 16)', () => {
  it('an open action whose due time passed is listed as overdue since then, oldest first; one not yet due is not', () => {
    const v = view({
      requiredActions: [
        action('AWAIT_AUTHORISATION', '2026-06-01T06:20:00.000Z'),
        action('AWAIT_REGISTRY_REPLY', '2026-06-01T06:10:00.000Z'),
        action('ESCALATE_OVERDUE_REPLY'),
        action('REPORT_RESULTS_TO_FLAG_STATE', '2026-06-01T09:00:00.000Z'),
      ],
    });
    expect(overdueOf(v, NOW)).toEqual([
      {
        code: 'AWAIT_REGISTRY_REPLY',
        title: 'AWAIT_REGISTRY_REPLY title',
        since: '2026-06-01T06:10:00.000Z',
        escalationOwed: true,
      },
      {
        code: 'AWAIT_AUTHORISATION',
        title: 'AWAIT_AUTHORISATION title',
        since: '2026-06-01T06:20:00.000Z',
        escalationOwed: true,
      },
    ]);
  });

  it('a deadline due but not yet fired stays counted down with the others, not listed twice', () => {
    const dueAt = '2026-06-01T06:29:00.000Z';
    const v = view({
      requiredActions: [action('AWAIT_REGISTRY_REPLY', dueAt)],
      deadlines: [{ id: 'registry-reply-3', dueAt, about: 'registry-reply' }],
    });
    expect(overdueOf(v, NOW)).toEqual([]);
  });

  it('says when the overdue reply was escalated, and nothing once the reply closed the action', () => {
    const since = '2026-06-01T06:10:00.000Z';
    const escalated = view({
      requiredActions: [action('AWAIT_REGISTRY_REPLY', since)],
      flagState: { escalatedAt: '2026-06-01T06:15:00.000Z' } as CaseView['flagState'],
    });
    expect(overdueOf(escalated, NOW)).toEqual([
      {
        code: 'AWAIT_REGISTRY_REPLY',
        title: 'AWAIT_REGISTRY_REPLY title',
        since,
        escalatedAt: '2026-06-01T06:15:00.000Z',
      },
    ]);
    expect(overdueOf(view({ requiredActions: [] }), NOW)).toEqual([]);
  });
});

const num = (name: string, required = true): Field => ({ name, kind: 'number', label: name, required });

describe('one position field for a latitude and its longitude (issue 16)', () => {
  it('pairs lat with lon at the root and inside an object, and nothing else', () => {
    expect([...positionPairs([num('lat'), num('lon')])]).toEqual([['lat', 'lon']]);
    expect([...positionPairs([num('place.lat', false), num('place.lon', false), num('count')])]).toEqual([
      ['place.lat', 'place.lon'],
    ]);
    expect([...positionPairs([num('lat')])]).toEqual([]);
    expect([...positionPairs([{ ...num('lat'), kind: 'text' }, num('lon')])]).toEqual([]);
  });

  it('reads what a GPS shows, says what is wrong in words, and leaves nothing typed as nothing', () => {
    const gps = readPositionText('35°12.345′N 014°03.210′E') as { lat: number; lon: number };
    expect(gps.lat).toBeCloseTo(35 + 12.345 / 60, 9);
    expect(gps.lon).toBeCloseTo(14 + 3.21 / 60, 9);
    const spaced = readPositionText('35 12.345 N 14 3.21 E') as { lat: number; lon: number };
    expect(spaced.lat).toBeCloseTo(gps.lat, 9);
    expect(spaced.lon).toBeCloseTo(gps.lon, 9);
    expect(readPositionText('35.2058, 14.0535')).toEqual({ lat: 35.2058, lon: 14.0535 });
    expect(readPositionText('  ')).toBeUndefined();
    expect(readPositionText('35 62.5 N 14 3.5 E')).toBe("the latitude's minutes must be under 60 (62.5)");
  });

  it('shows an error about the longitude at the position field, once', () => {
    const fields = [num('lat'), num('lon'), num('count')];
    expect(
      atPositions(fields, [
        { name: 'lat', message: 'required' },
        { name: 'lon', message: 'required' },
        { name: 'count', message: 'at most 5' },
      ]),
    ).toEqual([
      { name: 'lat', message: 'required' },
      { name: 'count', message: 'at most 5' },
    ]);
    expect(atPositions(fields, [{ name: 'lon', message: 'a longitude from -180 to 180' }])).toEqual([
      { name: 'lat', message: 'a longitude from -180 to 180' },
    ]);
  });
});
