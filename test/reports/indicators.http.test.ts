// GET /reports/indicators over four scenario files replayed as live cases: the numbers the files give (their
// steps, the outcomes they expect, the profiles' reply targets) come back out, in JSON and in CSV, for the
// window asked; training cases are not counted; only the central authority and the auditor may ask.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndicatorReport } from '../../src/reports/indicators.ts';
import { atToMinutes, type Scenario } from '../../src/scenarios/format.ts';
import { figuresOf, parseCsv } from './csv.ts';
import { liveDesk, replayLive, scenario } from './live-replay.ts';

// in the order they happened (March, July, August, September 2026)
const FILES = [
  '03-no-reply-by-deadline',
  '11-excluded-destination',
  '12-search-and-rescue',
  '07-authorisation-with-conditions',
];

type AnyEvent = Record<string, unknown> & { type: string };

// What a file says happened: its steps with the outcome it expects (a step it expects nothing of is applied).
function told(s: Scenario) {
  return s.steps.map((step, i) => {
    const expected = s.expect.find((e) => 'step' in e && e.step === i + 1) as
      | { outcome: string; reason?: string }
      | undefined;
    return {
      n: i + 1,
      minutes: atToMinutes(step.at),
      event: step.event as AnyEvent,
      outcome: expected?.outcome ?? 'applied',
      reason: expected?.reason,
    };
  });
}

// The indicators computed from the files alone, with the law's rules spelt out where a figure needs one.
function fromTheFiles(scenarios: Scenario[]) {
  const n = {
    byLegalBasis: {} as Record<string, number>,
    replies: {} as Record<string, { registry: number[]; authorisation: number[] }>,
    overdue: { registry: 0, authorisation: 0, escalated: 0 },
    rescued: 0,
    delivered: { disembarkations: 0, persons: 0 },
    claims: { recorded: 0, referred: 0 },
    children: { children: 0, unaccompaniedChildren: 0 },
    deceased: 0,
    missing: 0,
    refusals: 0,
    reasons: {} as Record<string, number>,
    excluded: { refused: 0, byEvent: {} as Record<string, number> },
    overrides: { 'imminent-danger': 0, 'recorded-fact': 0 },
    incidents: 0,
  };
  const bump = (c: Record<string, number>, k: string) => {
    c[k] = (c[k] ?? 0) + 1;
  };
  for (const s of scenarios) {
    const steps = told(s);
    const applied = steps.filter((x) => x.outcome === 'applied');
    const first = (...types: string[]) => applied.find((x) => types.includes(x.event.type));
    const last = (type: string) => applied.filter((x) => x.event.type === type).at(-1);
    // no flag and no registry claimed: without nationality; a flag beyond any territorial sea: the flag
    // State's authorisation is needed (domain.md, rows 6 and 10)
    bump(n.byLegalBasis, s.opening?.vessel.flag ? 'flag-state-authorisation' : 'stateless');
    const notified = first('FLAG_STATE_NOTIFIED');
    if (notified) {
      const state = notified.event.state as string;
      const hours = (s.setting.states[state]?.replyWithinHours ?? 4) * 60;
      // a grant implies the registry's confirmation (domain.md, nationality status)
      const registry = first('REGISTRY_CONFIRMED', 'REGISTRY_REFUTED', 'AUTHORISATION_GRANTED');
      const granted = first('AUTHORISATION_GRANTED');
      const requested = first('AUTHORISATION_REQUESTED');
      const answered = first('AUTHORISATION_GRANTED', 'AUTHORISATION_REFUSED', 'FLAG_STATE_WILL_ACT');
      n.replies[state] = {
        registry: registry ? [registry.minutes - notified.minutes] : [],
        authorisation: granted ? [granted.minutes - notified.minutes] : [],
      };
      const registryLate = notified.minutes + hours < (registry?.minutes ?? Number.POSITIVE_INFINITY);
      const authorisationLate =
        !!requested && requested.minutes + hours < (answered?.minutes ?? Number.POSITIVE_INFINITY);
      if (registryLate) n.overdue.registry += 1;
      if (authorisationLate) n.overdue.authorisation += 1;
      if (registryLate || authorisationLate) n.overdue.escalated += 1;
    }
    for (const x of applied.filter((y) => y.event.type === 'RESCUE_COMPLETED'))
      n.rescued += x.event.rescued as number;
    const screening = last('PERSONS_SCREENED')?.event;
    n.children.children += (screening?.children as number | undefined) ?? 0;
    n.children.unaccompaniedChildren += (screening?.unaccompaniedChildren as number | undefined) ?? 0;
    const rescue = last('RESCUE_COMPLETED')?.event;
    n.deceased += Math.max((rescue?.deceased as number) ?? 0, (screening?.deceased as number) ?? 0);
    n.missing += Math.max((rescue?.missing as number) ?? 0, (screening?.missing as number) ?? 0);
    if (first('DISEMBARKATION_COMPLETED')) {
      n.delivered.disembarkations += 1;
      n.delivered.persons += (screening?.total as number) ?? 0;
    }
    const claims = applied
      .filter((x) => x.event.type === 'PROTECTION_CLAIMS_RECORDED')
      .reduce((sum, x) => sum + (x.event.count as number), 0);
    n.claims.recorded += claims;
    if (first('PROTECTION_CLAIMS_REFERRED')) n.claims.referred += claims;
    for (const x of steps.filter((y) => y.outcome === 'refused')) {
      n.refusals += 1;
      if (x.reason) bump(n.reasons, x.reason);
      if (x.reason === 'excluded-place') {
        n.excluded.refused += 1;
        bump(n.excluded.byEvent, x.event.type);
      }
    }
    for (const x of applied) {
      const kind = (x.event.override as { kind?: 'imminent-danger' | 'recorded-fact' } | undefined)?.kind;
      if (kind) n.overrides[kind] += 1;
    }
    const end = s.expect.find((e) => 'end' in e) as { incidents?: number } | undefined;
    n.incidents += end?.incidents ?? 0;
  }
  return n;
}

const ALL_2026 = 'from=2026-01-01&to=2026-12-31';

describe('GET /reports/indicators over scenario files replayed as live cases', () => {
  const scenarios = FILES.map(scenario);
  let desk: Awaited<ReturnType<typeof liveDesk>>;

  beforeAll(async () => {
    desk = await liveDesk(scenarios);
    for (const s of scenarios) {
      const outcomes = await replayLive(desk, desk.clock, s);
      // every step the file expects nothing of was applied: the figures below rest on it
      expect(Object.fromEntries(outcomes)).toEqual(Object.fromEntries(told(s).map((x) => [x.n, x.outcome])));
    }
    // a training case with a rescue of its own: never counted
    desk.next.id = 'training-1';
    const training = await desk.runtime.openCase(
      scenarios[2]!.opening!,
      { role: 'trainer', subject: 't' },
      {
        training: true,
      },
    );
    if (training.status !== 'applied') throw new Error('the training case did not open');
    const trainer = { role: 'trainer', subject: 't' } as const;
    await desk.runtime.applyEvent(
      training.view.id,
      { type: 'DISTRESS_ASSESSED', phase: 'distress', factors: ['overcrowded'] },
      trainer,
    );
    const rescue = await desk.runtime.applyEvent(
      training.view.id,
      { type: 'RESCUE_COMPLETED', rescued: 1000 },
      trainer,
    );
    expect(rescue.status).toBe('applied');
  });
  afterAll(() => desk?.close());

  const get = async (role: string, query: string, accept?: string) =>
    desk.app.inject({
      method: 'GET',
      url: `/reports/indicators?${query}`,
      headers: { ...(await desk.auth(role)), ...(accept ? { accept } : {}) },
    });

  it('gives in JSON the numbers the files put in', async () => {
    const res = await get('authority', ALL_2026);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const r = res.json() as IndicatorReport;
    const n = fromTheFiles(scenarios);
    const v = r.indicators;
    expect(r.from).toBe('2026-01-01T00:00:00.000Z');
    expect(r.to).toBe('2027-01-01T00:00:00.000Z');
    expect(r.generatedAt).toBe(desk.clock.now().toISOString());
    expect(r.cases).toBe(4);
    expect(v.casesOpened.value).toEqual({
      total: 4,
      byKind: { interception: 4, 'incoming-request': 0 },
      byLegalBasis: n.byLegalBasis,
    });
    const median = (xs: number[]) => (xs.length ? xs[0] : null);
    expect(v.flagStateReplies.value).toEqual(
      Object.fromEntries(
        Object.entries(n.replies).map(([state, r]) => [
          state,
          {
            registryReply: {
              count: r.registry.length,
              medianMinutes: median(r.registry),
              p90Minutes: median(r.registry),
            },
            authorisation: {
              count: r.authorisation.length,
              medianMinutes: median(r.authorisation),
              p90Minutes: median(r.authorisation),
            },
          },
        ]),
      ),
    );
    // and as figures: Sierra Leone answered the registry request 6 h 50 min after it was sent
    expect(v.flagStateReplies.value.SL?.registryReply.medianMinutes).toBe(410);
    expect(v.flagStateReplies.value.LR?.authorisation.medianMinutes).toBe(145);
    expect(v.overdueReplies.value).toEqual(n.overdue);
    expect(v.overdueReplies.value).toEqual({ registry: 1, authorisation: 1, escalated: 1 });
    expect(v.deemedConsents.value).toEqual({ matured: 0, byFlagState: {} });
    expect(v.personsRescued.value).toEqual({ persons: n.rescued });
    expect(n.rescued).toBe(86);
    expect(v.personsTakenOnBoard.value).toEqual({ persons: 0 });
    expect(v.deliveredToPlaceOfSafety.value).toEqual(n.delivered);
    expect(v.protectionClaims.value).toEqual(n.claims);
    expect(v.children.value).toEqual(n.children);
    expect(v.deceasedAndMissing.value).toEqual({ deceased: n.deceased, missing: n.missing });
    expect(v.refusals.value.total).toBe(n.refusals);
    expect(v.refusals.value.byReason).toMatchObject(n.reasons);
    expect(Object.values(v.refusals.value.byReason).reduce((a, b) => a + b, 0)).toBe(n.refusals);
    expect(v.refusals.value.byArticle['SoM art. 19(1)']).toBeGreaterThanOrEqual(n.excluded.refused);
    expect(v.excludedPlaces.value).toEqual(n.excluded);
    expect(v.overrides.value).toEqual({
      total: n.overrides['imminent-danger'] + n.overrides['recorded-fact'],
      byKind: n.overrides,
    });
    // a breach of a condition recorded as fact opens a legal incident (domain.md, refusals and overrides)
    expect(v.incidents.value.opened).toEqual({
      legal: n.incidents,
      'possible-fundamental-rights-violation': 0,
      'rescue-measure-review': 0,
      'use-of-force': 0,
    });
    for (const indicator of Object.values(v)) expect(indicator.serves.length).toBeGreaterThan(0);
    expect(v.flagStateReplies.serves).toContain('SoM art. 8(4)');
    expect(v.personsRescued.serves.join(' ')).toContain('Framework for Action, protection 11');
  });

  it('gives the same figures in CSV with Accept: text/csv', async () => {
    const json = (await get('auditor', ALL_2026)).json() as IndicatorReport;
    const res = await get('auditor', ALL_2026, 'text/csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers.vary).toMatch(/accept/i);
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual(['from', 'to', 'indicator', 'breakdown', 'value', 'serves']);
    const body = rows.slice(1);
    expect(new Map(body.map((x) => [`${x[2]}|${x[3]}`, x[4]]))).toEqual(figuresOf(json));
    expect(body).toContainEqual([
      '2026-01-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
      'personsRescued',
      'persons',
      '86',
      expect.stringContaining('UNCLOS art. 98'),
    ]);
    expect(
      body.find((x) => x[2] === 'flagStateReplies' && x[3] === 'SL / registryReply / medianMinutes')?.[4],
    ).toBe('410');
    // JSON when the client prefers it, or names neither
    expect(
      (await get('auditor', ALL_2026, 'application/json, text/csv;q=0.5')).headers['content-type'],
    ).toMatch(/^application\/json/);
    expect((await get('auditor', ALL_2026, '*/*')).headers['content-type']).toMatch(/^application\/json/);
  });

  it('counts only what happened in the window (a date alone is a whole day)', async () => {
    const summer = (await get('authority', 'from=2026-07-01&to=2026-08-31')).json() as IndicatorReport;
    const n = fromTheFiles(scenarios.filter((s) => s.start >= '2026-07' && s.start < '2026-09'));
    expect(summer.to).toBe('2026-09-01T00:00:00.000Z');
    expect(summer.cases).toBe(2);
    expect(summer.indicators.casesOpened.value.byLegalBasis).toEqual({ stateless: 2 });
    expect(summer.indicators.refusals.value.total).toBe(n.refusals);
    expect(summer.indicators.personsRescued.value.persons).toBe(86);
    expect(summer.indicators.flagStateReplies.value).toEqual({});
    // Liberia's grant at 18:45 falls in a window opened after its notification at 16:20: counted; the case
    // was opened before the window: not
    const evening = (
      await get('authority', 'from=2026-09-21T18:00:00Z&to=2026-09-22')
    ).json() as IndicatorReport;
    expect(evening.indicators.flagStateReplies.value.LR?.authorisation).toEqual({
      count: 1,
      medianMinutes: 145,
      p90Minutes: 145,
    });
    expect(evening.indicators.casesOpened.value.total).toBe(0);
    // without `to`, the window ends at the desk's now
    const untilNow = (await get('authority', 'from=2026-09-01')).json() as IndicatorReport;
    expect(untilNow.to).toBe(desk.clock.now().toISOString());
    expect(untilNow.cases).toBe(1);
  });

  it('gives the figures of each month or week with `by`, each as its window asked alone', async () => {
    const year = (await get('authority', ALL_2026)).json() as IndicatorReport;
    const r = (await get('authority', `${ALL_2026}&by=month`)).json() as IndicatorReport;
    expect(r.periods?.map((p) => p.from.slice(0, 7))).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    );
    expect(r.periods?.at(-1)?.to).toBe('2027-01-01T00:00:00.000Z');
    expect({ ...r, periods: undefined }).toEqual({ ...year, periods: undefined });
    const summer = (await get('authority', 'from=2026-08-01&to=2026-08-31')).json() as IndicatorReport;
    const { generatedAt: _, ...august } = summer;
    expect(r.periods?.[7]).toEqual(august);
    const rescued = r.periods?.map((p) => p.indicators.personsRescued.value.persons) ?? [];
    expect(rescued.reduce((a, b) => a + b, 0)).toBe(year.indicators.personsRescued.value.persons);
    const csv = parseCsv((await get('auditor', `${ALL_2026}&by=month`, 'text/csv')).body).slice(1);
    expect(new Set(csv.map((x) => `${x[0]}|${x[1]}`)).size).toBe(13);
  });

  it('is for the central authority and the auditor only', async () => {
    for (const role of ['operator', 'trainer']) {
      const res = await get(role, ALL_2026);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: 'forbidden', rolesAllowed: ['authority', 'auditor'] });
    }
  });

  it('answers a bad window with a 400 problem naming the field', async () => {
    for (const [query, path] of [
      ['from=yesterday', 'from'],
      ['from=2026-02-30T25:00:00Z', 'from'],
      ['from=2026-02-30', 'from'],
      ['to=2026-02-29T10:00:00Z', 'to'],
      ['to=2026-01-01T00:00:00', 'to'],
      ['from=2026-09-01&to=2026-07-01', 'to'],
      ['from=2099-01-01', 'from'],
      ['by=month', 'from'],
      ['from=2026-01-01&by=day', 'by'],
      ['from=2000-01-01&to=2026-01-01&by=week', 'by'],
    ] as const) {
      const res = await get('auditor', query);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json(), query).toMatchObject({ error: 'invalid', status: 400, issues: [{ path }] });
    }
  });
});
