// The console's side of the law's offers, in Node: which steps are buttons, which are shown refused, which are
// only "other steps"; no title claims "permitted now" unless the desk said so; the distress shown only while
// the law says persons are in distress; and the authority's structured answer to an incoming request.
import { describe, expect, it } from 'vitest';
import type { Offer } from '../../machines/offers.ts';
import { CaseEvent } from '../../machines/schemas.ts';
import { buildEvent } from '../../src/console/browser/forms/build.ts';
import { eventFields } from '../../src/console/browser/forms/fields.ts';
import {
  actionTitle,
  inDistressNow,
  offeredTypes,
  recordableTypes,
  safetyTag,
  stepShown,
} from '../../src/console/browser/law.ts';
import type { CaseView } from '../../src/console/browser/types.ts';
import { consoleMeta } from '../../src/console/meta.ts';

const meta = consoleMeta();
const fields = eventFields(meta);
const offer = (type: string, status: Offer['status'], more: Partial<Offer> = {}): Offer =>
  ({ type, status, ...more }) as Offer;
const action = (code: string, priority: 'life' | 'legal' = 'legal') => ({
  code,
  title: code,
  basis: [],
  role: 'operator' as const,
  priority,
  blocking: false,
});

describe('steps as the desk offers them', () => {
  it('a button where the law would take the step (or might, as entered), disabled where it refuses, none otherwise', () => {
    expect(stepShown(offer('BOARDING_STARTED', 'allowed'))).toBe('button');
    expect(stepShown(offer('MEASURES_TAKEN', 'depends', { dependsOn: ['measures'] }))).toBe('button');
    expect(stepShown(offer('BOARDING_STARTED', 'refused', { reason: 'distress-rescue-first' }))).toBe(
      'disabled',
    );
    expect(stepShown(offer('AUTHORISATION_GRANTED', 'not-expected-now'))).toBe('none');
    // before the desk has said: no promise
    expect(stepShown(undefined)).toBe('none');
  });

  it('the record form suggests only what the law would take; refused and not-expected steps go last, apart', () => {
    const recordable = recordableTypes(meta, 'authority', { training: false, status: 'open' });
    const offers = new Map(
      recordable.map((t) => [t, offer(t, t === 'FLAG_STATE_NOTIFIED' ? 'allowed' : 'not-expected-now')]),
    );
    offers.set('CASE_CLOSED', offer('CASE_CLOSED', 'refused', { reason: 'blocking-actions-open' }));
    const offered = offeredTypes(
      meta,
      recordable,
      { requiredActions: [action('NOTIFY_FLAG_STATE'), action('MONITOR_AT_DISTANCE')] },
      offers,
    );
    // MONITOR_AT_DISTANCE closes with AUTHORISATION_GRANTED: not before a request was made
    expect(offered.suggested).toEqual(['FLAG_STATE_NOTIFIED']);
    expect(offered.refused).toEqual(['CASE_CLOSED']);
    expect(offered.notNow).toContain('AUTHORISATION_GRANTED');
    expect(offered.others).not.toContain('AUTHORISATION_GRANTED');
  });

  it('no title says "permitted now" unless the desk said every closing step is allowed', () => {
    const title = 'Board the vessel (permitted now)';
    expect(actionTitle(title, [offer('BOARDING_STARTED', 'allowed')])).toBe(title);
    expect(actionTitle(title, [offer('BOARDING_STARTED', 'refused')])).toBe('Board the vessel');
    expect(actionTitle(title, [offer('BOARDING_STARTED', 'depends')])).toBe('Board the vessel');
    expect(actionTitle(title, [undefined])).toBe('Board the vessel');
    expect(actionTitle(title, [])).toBe('Board the vessel');
    expect(actionTitle('Keep watch', [undefined])).toBe('Keep watch');
  });
});

describe('distress shown only while the law says so', () => {
  const view = (over: Partial<CaseView>): CaseView =>
    ({
      kind: 'interception',
      legalBasis: { code: 'stateless', basis: [], permits: [] },
      distressPhase: null,
      phases: { safety: 'unassessed' },
      requiredActions: [],
      ...over,
    }) as CaseView;
  it('in distress from the law’s suspension, not from the phase last assessed', () => {
    const distress = view({
      distressPhase: 'distress',
      phases: { safety: 'distress' },
      legalBasis: { code: 'stateless', basis: [], permits: ['board'], suspendedBy: 'distress' },
    });
    expect(inDistressNow(distress)).toBe(true);
    expect(safetyTag(distress)).toEqual({ text: 'In distress', tone: 'distress' });
    // rescued: the phase still says distress, the law no longer does
    const rescued = view({ distressPhase: 'distress', phases: { safety: 'rescued' } });
    expect(inDistressNow(rescued)).toBe(false);
    expect(safetyTag(rescued)).toEqual({ text: 'Persons rescued', tone: 'rescued' });
    // the SAR case closed without a rescue: the last assessment, named as such
    expect(safetyTag(view({ distressPhase: 'distress', phases: { safety: 'distress' } }))).toEqual({
      text: 'Last assessed: distress',
      tone: 'past',
    });
    // an alert with the life watch open
    expect(
      safetyTag(
        view({
          distressPhase: 'alert',
          phases: { safety: 'alert' },
          requiredActions: [action('MONITOR_AT_DISTANCE', 'life')],
        }),
      ),
    ).toEqual({ text: 'Distress phase: alert', tone: 'alert' });
    expect(safetyTag(view({}))).toEqual({ text: 'Safety of life not assessed', tone: 'unassessed' });
  });
});

describe("the authority's answer to an incoming request, as a form", () => {
  const form = fields.REQUEST_ANSWERED!;
  it('asks registry, authorisation (not yet, granted, refused) with scopes and conditions as rows; no JSON', () => {
    expect(form.map((f) => [f.name, f.kind])).toEqual([
      ['registry', 'radio'],
      ['authorisation', 'nullable-object'],
      ['willAct', 'optbool'],
    ]);
    const authorisation = form[1]!;
    expect(authorisation.choices).toEqual(['Not answered yet', 'Granted', 'Refused']);
    expect(authorisation.parts?.map((p) => [p.name, p.kind, !!p.required])).toEqual([
      ['authorisation.scopes', 'multi', true],
      ['authorisation.conditions', 'conditions', false],
    ]);
    expect(
      Object.values(fields)
        .flat()
        .some((f) => f.kind === 'json'),
    ).toBe(false);
  });

  it('builds a grant of two scopes with a condition, one the desk accepts', () => {
    const built = buildEvent('REQUEST_ANSWERED', form, {
      registry: 'confirmed',
      authorisation: 'given',
      'authorisation.scopes': ['board', 'search'],
      'authorisation.conditions.0.kind': 'report-results-within',
      'authorisation.conditions.0.hours': '24',
      'authorisation.conditions.1.kind': '',
      willAct: '',
    });
    expect(built).toEqual({
      ok: true,
      event: {
        type: 'REQUEST_ANSWERED',
        registry: 'confirmed',
        authorisation: {
          scopes: ['board', 'search'],
          conditions: [{ kind: 'report-results-within', hours: 24 }],
        },
      },
    });
    if (built.ok) expect(CaseEvent.safeParse(built.event).success).toBe(true);
  });

  it('leaves the authorisation out when not answered, null when refused', () => {
    const notYet = buildEvent('REQUEST_ANSWERED', form, { registry: 'refuted', authorisation: '' });
    expect(notYet).toEqual({ ok: true, event: { type: 'REQUEST_ANSWERED', registry: 'refuted' } });
    const refused = buildEvent('REQUEST_ANSWERED', form, {
      registry: 'confirmed',
      authorisation: 'none',
      'authorisation.scopes': ['board'],
    });
    expect(refused).toEqual({
      ok: true,
      event: { type: 'REQUEST_ANSWERED', registry: 'confirmed', authorisation: null },
    });
    if (refused.ok) expect(CaseEvent.safeParse(refused.event).success).toBe(true);
  });

  it('names every invalid input by its field before anything is sent', () => {
    const built = buildEvent('REQUEST_ANSWERED', form, {
      authorisation: 'given',
      'authorisation.conditions.0.kind': 'report-results-within',
      'authorisation.conditions.1.hours': '-3',
      'authorisation.conditions.2.kind': 'other',
      'authorisation.conditions.2.hours': 'soon',
    });
    expect(built).toEqual({
      ok: false,
      errors: [
        { name: 'registry', message: 'required' },
        { name: 'authorisation.scopes', message: 'required' },
        {
          name: 'authorisation.conditions.0.hours',
          message: 'required: report the results within how many hours',
        },
        { name: 'authorisation.conditions.1.kind', message: 'choose which condition' },
        { name: 'authorisation.conditions.1.hours', message: 'a number of hours greater than 0' },
        { name: 'authorisation.conditions.2.hours', message: 'a number of hours greater than 0' },
      ],
    });
  });
});
