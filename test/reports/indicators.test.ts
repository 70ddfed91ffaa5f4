// The indicators' arithmetic on logs written by hand: each figure from the entries and the views before and
// after them, in the window only, never from a training case; the CSV is the JSON's every number.
import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../machines/engine.ts';
import type { ChainedEntry } from '../../src/audit/chain.ts';
import {
  type CaseLog,
  computeIndicators,
  durations,
  indicatorsCsv,
  MAX_PERIODS,
  periodsOf,
} from '../../src/reports/indicators.ts';
import { type LoggedStep, momentOf } from '../../src/reports/log.ts';
import { figuresOf, parseCsv } from './csv.ts';

type ViewPart = {
  kind?: string;
  legalBasis?: string;
  actions?: string[];
  deadlines?: Array<{ id: string; about: string }>;
  flagState?: { state?: string; registry?: 'confirmed' | 'refuted' | null; reply?: string | null };
  incidents?: Array<{ id: string; category: string }>;
  persons?: Record<string, unknown>;
};

// Only what the indicators read of a view.
const view = (v: ViewPart = {}): CaseView =>
  ({
    kind: v.kind ?? 'interception',
    legalBasis: { code: v.legalBasis ?? 'stateless', basis: [], permits: [] },
    requiredActions: (v.actions ?? []).map((code) => ({ code })),
    deadlines: (v.deadlines ?? []).map((d) => ({ ...d, dueAt: '2026-01-01T00:00:00.000Z' })),
    flagState: { registry: null, reply: null, ...v.flagState },
    incidents: v.incidents ?? [],
    persons: v.persons ?? {},
  }) as unknown as CaseView;

let seq = 0;
const entry = (
  type: string,
  at: string,
  event: Record<string, unknown> = {},
  refusal?: ChainedEntry['refusal'],
): ChainedEntry => ({
  caseId: 'c',
  seq: ++seq,
  at,
  actor: { role: 'operator', subject: 'o' },
  type,
  event: { type, ...event },
  outcome: refusal ? 'refused' : 'applied',
  ...(refusal ? { refusal } : {}),
  prev: '',
  hash: '',
});

// A case from its steps, numbered from 1: each [entry, the view it left].
function caseOf(steps: Array<[ChainedEntry, CaseView]>, training = false, kind = 'interception'): CaseLog {
  let n = 0;
  const entries: LoggedStep[] = steps.map(([e, v]) => ({ entry: { ...e, seq: ++n }, view: v }));
  return { kind, training, entries };
}

const opened = (at: string, v: ViewPart = {}): [ChainedEntry, CaseView] => [
  entry('CASE_OPENED', at),
  view(v),
];

// Notified at `at`, the registry answered `minutes` later.
function replyCase(state: string, at: string, minutes: number, training = false): CaseLog {
  const answered = new Date(Date.parse(at) + minutes * 60_000).toISOString();
  return caseOf(
    [
      opened(at, { legalBasis: 'flag-state-authorisation' }),
      [entry('FLAG_STATE_NOTIFIED', at, { state }), view({ flagState: { state } })],
      [entry('REGISTRY_CONFIRMED', answered), view({ flagState: { state, registry: 'confirmed' } })],
    ],
    training,
  );
}

const ALL_TIME = { to: '2100-01-01T00:00:00Z' };
const report = (logs: CaseLog[], window: { from?: string; to: string } = ALL_TIME) =>
  computeIndicators(logs, window, '2026-12-31T00:00:00.000Z');

describe('durations', () => {
  it('gives the nearest-rank median and 90th percentile, each a duration that occurred', () => {
    expect(durations([40, 10, 30, 20])).toEqual({ count: 4, medianMinutes: 20, p90Minutes: 40 });
    expect(durations([7])).toEqual({ count: 1, medianMinutes: 7, p90Minutes: 7 });
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(durations(ten)).toEqual({ count: 10, medianMinutes: 5, p90Minutes: 9 });
    expect(durations([])).toEqual({ count: 0, medianMinutes: null, p90Minutes: null });
    expect(durations([1 / 3])).toMatchObject({ medianMinutes: 0.3 });
  });
});

describe('the moment of an entry', () => {
  it("is the law's: a scenario time, a deadline's due time, else when recorded", () => {
    expect(momentOf(entry('X', '2026-01-01T10:00:00Z'))).toBe('2026-01-01T10:00:00Z');
    expect(momentOf(entry('X', '2026-01-01T10:00:00Z', { effectiveAt: '2025-05-05T00:00:00Z' }))).toBe(
      '2025-05-05T00:00:00Z',
    );
    expect(
      momentOf(entry('DEADLINE_PASSED', '2026-01-01T10:00:00Z', { dueAt: '2026-01-01T09:00:00Z' })),
    ).toBe('2026-01-01T09:00:00Z');
  });
});

describe('flag-State reply times', () => {
  it('are per flag State, from the first notification to the registry answer', () => {
    const r = report([
      replyCase('SL', '2026-03-01T00:00:00Z', 30),
      replyCase('SL', '2026-03-02T00:00:00Z', 600),
      replyCase('SL', '2026-03-03T00:00:00Z', 60),
      replyCase('LR', '2026-03-04T00:00:00Z', 145),
    ]);
    expect(r.indicators.flagStateReplies.value).toEqual({
      LR: {
        registryReply: { count: 1, medianMinutes: 145, p90Minutes: 145 },
        authorisation: { count: 0, medianMinutes: null, p90Minutes: null },
      },
      SL: {
        registryReply: { count: 3, medianMinutes: 60, p90Minutes: 600 },
        authorisation: { count: 0, medianMinutes: null, p90Minutes: null },
      },
    });
    expect(r.indicators.casesOpened.value).toEqual({
      total: 4,
      byKind: { interception: 4, 'incoming-request': 0 },
      byLegalBasis: { 'flag-state-authorisation': 4 },
    });
  });

  it('count a reply in the window even when the notification was before it', () => {
    const r = report([replyCase('SL', '2026-03-01T23:00:00Z', 120)], {
      from: '2026-03-02T00:00:00Z',
      to: '2026-03-03T00:00:00Z',
    });
    expect(r.indicators.flagStateReplies.value.SL?.registryReply.count).toBe(1);
    expect(r.indicators.casesOpened.value.total).toBe(0);
    expect(r.cases).toBe(1);
  });
});

describe('the window and training cases', () => {
  it('counts from `from` included to `to` excluded', () => {
    const logs = [
      replyCase('SL', '2026-03-01T00:00:00Z', 1),
      replyCase('SL', '2026-03-02T00:00:00Z', 1),
      replyCase('SL', '2026-03-03T00:00:00Z', 1),
    ];
    const r = report(logs, { from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' });
    expect(r.indicators.casesOpened.value.total).toBe(1);
    expect(r.cases).toBe(1);
    expect(r.from).toBe('2026-03-02T00:00:00.000Z');
    expect(r.to).toBe('2026-03-03T00:00:00.000Z');
  });

  it('never counts a training case', () => {
    const r = report([replyCase('SL', '2026-03-01T00:00:00Z', 1, true)]);
    expect(r.cases).toBe(0);
    expect(r.indicators.casesOpened.value.total).toBe(0);
    expect(r.indicators.flagStateReplies.value).toEqual({});
  });
});

describe('what the desk itself recorded', () => {
  const at = (h: number) => `2026-05-01T${String(h).padStart(2, '0')}:00:00.000Z`;

  it('counts a reply overdue only while the case still awaited it, and the escalation it opened', () => {
    const awaiting = view({
      flagState: { state: 'SL' },
      actions: ['AWAIT_REGISTRY_REPLY', 'AWAIT_AUTHORISATION'],
      deadlines: [
        { id: 'registry-reply-1', about: 'registry-reply' },
        { id: 'authorisation-reply-2', about: 'authorisation-reply' },
      ],
    });
    const escalated = view({
      flagState: { state: 'SL' },
      actions: ['AWAIT_REGISTRY_REPLY', 'AWAIT_AUTHORISATION', 'ESCALATE_OVERDUE_REPLY'],
      deadlines: [{ id: 'authorisation-reply-2', about: 'authorisation-reply' }],
    });
    const answered = view({
      flagState: { state: 'SL', registry: 'confirmed' },
      deadlines: [{ id: 'authorisation-reply-2', about: 'authorisation-reply' }],
    });
    const r = report([
      caseOf([
        opened(at(0)),
        [entry('AUTHORISATION_REQUESTED', at(1)), awaiting],
        [entry('DEADLINE_PASSED', at(6), { deadlineId: 'registry-reply-1', dueAt: at(5) }), escalated],
        [entry('REGISTRY_CONFIRMED', at(7)), answered],
        // the authorisation's deadline passes after the answer took AWAIT_AUTHORISATION away: not overdue
        [entry('DEADLINE_PASSED', at(8), { deadlineId: 'authorisation-reply-2', dueAt: at(8) }), answered],
      ]),
    ]);
    expect(r.indicators.overdueReplies.value).toEqual({ registry: 1, authorisation: 0, escalated: 1 });
  });

  it('counts a deemed consent only where the flag State stayed silent until it matured', () => {
    const deemed = (reply: string | null) =>
      caseOf([
        opened(at(0)),
        [
          entry('FLAG_STATE_ACKNOWLEDGED', at(1)),
          view({
            flagState: { state: 'KN', reply },
            deadlines: [{ id: 'deemed-consent-3', about: 'deemed-consent' }],
          }),
        ],
        [
          entry('DEADLINE_PASSED', at(5), { deadlineId: 'deemed-consent-3', dueAt: at(5) }),
          view({ legalBasis: 'agreement-authorisation', flagState: { state: 'KN' } }),
        ],
      ]);
    const r = report([deemed(null), deemed(null), deemed('refused')]);
    expect(r.indicators.deemedConsents.value).toEqual({ matured: 2, byFlagState: { KN: 2 } });
  });

  it('takes persons once: the last screening, the larger record of the dead, the first landing', () => {
    const r = report([
      caseOf([
        opened(at(0), { persons: { onBoard: 60 } }),
        [entry('RESCUE_COMPLETED', at(1), { rescued: 58, deceased: 1, missing: 1 }), view()],
        [entry('PERSONS_SCREENED', at(2), { total: 50, children: 4, unaccompaniedChildren: 1 }), view()],
        [
          entry('PERSONS_SCREENED', at(3), {
            total: 58,
            children: 5,
            unaccompaniedChildren: 2,
            deceased: 2,
          }),
          view({ persons: { screened: { total: 58 } } }),
        ],
        [entry('PROTECTION_CLAIMS_RECORDED', at(4), { count: 7, countriesOfOrigin: ['SD'] }), view()],
        [entry('PROTECTION_CLAIMS_REFERRED', at(5)), view()],
        [entry('PROTECTION_CLAIMS_RECORDED', at(6), { count: 2, countriesOfOrigin: ['ER'] }), view()],
        [entry('DISEMBARKATION_COMPLETED', at(7), { country: 'IT' }), view()],
        [entry('DISEMBARKATION_COMPLETED', at(8), { country: 'IT' }), view()],
      ]),
    ]);
    const v = r.indicators;
    expect(v.personsRescued.value).toEqual({ persons: 58 });
    expect(v.children.value).toEqual({ children: 5, unaccompaniedChildren: 2 });
    expect(v.deceasedAndMissing.value).toEqual({ deceased: 2, missing: 1 });
    expect(v.protectionClaims.value).toEqual({ recorded: 9, referred: 7 });
    expect(v.deliveredToPlaceOfSafety.value).toEqual({ disembarkations: 1, persons: 58 });
  });

  it('does not count a landing that opened a possible fundamental-rights violation as a place of safety', () => {
    const r = report([
      caseOf([
        opened(at(0)),
        [
          entry('DISEMBARKATION_COMPLETED', at(1), {
            country: 'LY',
            override: { kind: 'recorded-fact', justification: 'it happened' },
          }),
          view({ incidents: [{ id: 'INC-1', category: 'possible-fundamental-rights-violation' }] }),
        ],
        [
          entry('INCIDENT_REVIEWED', at(2), { incidentId: 'INC-1', finding: 'referred to prosecutor' }),
          view({ incidents: [{ id: 'INC-1', category: 'possible-fundamental-rights-violation' }] }),
        ],
      ]),
    ]);
    expect(r.indicators.deliveredToPlaceOfSafety.value).toEqual({ disembarkations: 0, persons: 0 });
    expect(r.indicators.overrides.value).toEqual({
      total: 1,
      byKind: { 'imminent-danger': 0, 'recorded-fact': 1 },
    });
    expect(r.indicators.incidents.value.opened['possible-fundamental-rights-violation']).toBe(1);
    expect(r.indicators.incidents.value.reviewed['possible-fundamental-rights-violation']).toBe(1);
  });

  it('counts refusals by reason and each article once per refusal, excluded places by step', () => {
    const basis = ['SoM art. 19(1)', 'CAT art. 3', 'SoM art. 19(1)'];
    const refused = (type: string, reason: string) =>
      [entry(type, at(1), {}, { reason, message: 'no', basis, allowedOverrides: [] }), view()] as [
        ChainedEntry,
        CaseView,
      ];
    const r = report([
      caseOf([
        opened(at(0)),
        refused('PLACE_OF_SAFETY_PROPOSED', 'excluded-place'),
        refused('MEASURES_TAKEN', 'excluded-place'),
        refused('BOARDING_STARTED', 'no-grounds'),
      ]),
    ]);
    expect(r.indicators.refusals.value).toEqual({
      total: 3,
      byReason: { 'excluded-place': 2, 'no-grounds': 1 },
      byArticle: { 'SoM art. 19(1)': 3, 'CAT art. 3': 3 },
    });
    expect(r.indicators.excludedPlaces.value).toEqual({
      refused: 2,
      byEvent: { PLACE_OF_SAFETY_PROPOSED: 1, MEASURES_TAKEN: 1 },
    });
  });

  it("counts an incoming request's answer, its time and a deadline it missed", () => {
    const open = view({ kind: 'incoming-request', actions: ['ANSWER_REQUEST'] });
    const due = view({
      kind: 'incoming-request',
      actions: ['ANSWER_REQUEST'],
      deadlines: [{ id: 'answer-request-1', about: 'answer-request' }],
    });
    const r = report([
      caseOf(
        [
          [entry('CASE_OPENED', at(0)), due],
          [entry('DEADLINE_PASSED', at(4), { deadlineId: 'answer-request-1', dueAt: at(4) }), open],
          [entry('REQUEST_ANSWERED', at(5), { registry: 'confirmed' }), view({ kind: 'incoming-request' })],
        ],
        false,
        'incoming-request',
      ),
    ]);
    expect(r.indicators.incomingRequests.value).toEqual({
      answered: 1,
      overdue: 1,
      answerTime: { count: 1, medianMinutes: 300, p90Minutes: 300 },
    });
    expect(r.indicators.casesOpened.value.byKind).toEqual({ interception: 0, 'incoming-request': 1 });
  });
});

describe('the CSV', () => {
  it('holds every figure of the JSON, one row each, with what it serves, quoted where needed', () => {
    const basis = ['SoM art. 8(2), (7)', '=not a formula'];
    const r = report([
      replyCase('SL', '2026-03-01T00:00:00Z', 30),
      caseOf([
        opened('2026-03-01T00:00:00Z'),
        [
          entry(
            'BOARDING_STARTED',
            '2026-03-01T01:00:00Z',
            {},
            {
              reason: 'say "no"',
              message: '',
              basis,
              allowedOverrides: [],
            },
          ),
          view(),
        ],
      ]),
    ]);
    const rows = parseCsv(indicatorsCsv(r));
    expect(rows[0]).toEqual(['from', 'to', 'indicator', 'breakdown', 'value', 'serves']);
    const body = rows.slice(1);
    expect(new Map(body.map((x) => [`${x[2]}|${x[3]}`, x[4]]))).toEqual(figuresOf(r));
    expect(body.every((x) => x.length === 6 && x[0] === '' && x[1] === '2100-01-01T00:00:00.000Z')).toBe(
      true,
    );
    const find = (indicator: string, breakdown: string) =>
      body.find((x) => x[2] === indicator && x[3] === breakdown);
    expect(find('refusals', 'byReason / say "no"')?.[4]).toBe('1');
    expect(find('refusals', 'byArticle / SoM art. 8(2), (7)')?.[4]).toBe('1');
    expect(find('refusals', 'byArticle / =not a formula')?.[4]).toBe('1');
    expect(find('flagStateReplies', 'SL / registryReply / medianMinutes')?.[4]).toBe('30');
    expect(find('flagStateReplies', 'SL / authorisation / medianMinutes')?.[4]).toBe('');
    expect(find('personsRescued', 'persons')?.[5]).toContain('Framework for Action, protection 11');
  });
});

describe('periods (by week or month)', () => {
  const day = (d: string) => `2026-${d}T00:00:00.000Z`;

  it('cut the window at each Monday or first of the month (UTC), the ends cut to the window', () => {
    // 4 March 2026 is a Wednesday, 8 March a Sunday
    expect(periodsOf({ from: day('03-04'), to: day('03-20') }, 'week')).toEqual([
      { from: day('03-04'), to: day('03-09') },
      { from: day('03-09'), to: day('03-16') },
      { from: day('03-16'), to: day('03-20') },
    ]);
    expect(periodsOf({ from: '2026-03-08T23:00:00Z', to: day('03-10') }, 'week')).toEqual([
      { from: '2026-03-08T23:00:00.000Z', to: day('03-09') },
      { from: day('03-09'), to: day('03-10') },
    ]);
    expect(periodsOf({ from: day('01-15'), to: day('03-10') }, 'month')).toEqual([
      { from: day('01-15'), to: day('02-01') },
      { from: day('02-01'), to: day('03-01') },
      { from: day('03-01'), to: day('03-10') },
    ]);
    expect(periodsOf({ from: day('03-02'), to: day('03-09') }, 'week')).toEqual([
      { from: day('03-02'), to: day('03-09') },
    ]);
  });

  it(`stop at ${MAX_PERIODS}`, () => {
    expect(periodsOf({ from: '2016-01-01T00:00:00Z', to: day('01-01') }, 'month')).toHaveLength(120);
    expect(periodsOf({ from: '2016-01-01T00:00:00Z', to: day('01-02') }, 'month')).toBeUndefined();
    expect(periodsOf({ from: '2000-01-01T00:00:00Z', to: day('01-01') }, 'week')).toBeUndefined();
  });

  it("give each period the figures of its window asked alone, in the JSON and in the CSV's rows", () => {
    const logs = [
      replyCase('SL', '2026-03-04T10:00:00Z', 30),
      replyCase('SL', '2026-03-11T10:00:00Z', 90),
      replyCase('LR', '2026-03-12T10:00:00Z', 60),
    ];
    const window = { from: day('03-04'), to: day('03-20') };
    const periods = periodsOf(window, 'week')!;
    const r = computeIndicators(logs, window, '2026-12-31T00:00:00.000Z', periods);
    expect(r.indicators.casesOpened.value.total).toBe(3);
    expect(r.periods).toEqual(
      periods.map((p) => {
        const { generatedAt: _, ...alone } = report(logs, p);
        return alone;
      }),
    );
    expect(
      r.periods?.map((p) => p.indicators.flagStateReplies.value.SL?.registryReply.medianMinutes),
    ).toEqual([30, 90, undefined]);
    const rows = parseCsv(indicatorsCsv(r)).slice(1);
    const second = rows.filter((x) => x[0] === day('03-09') && x[1] === day('03-16'));
    expect(
      second.find((x) => x[2] === 'flagStateReplies' && x[3] === 'LR / registryReply / medianMinutes')?.[4],
    ).toBe('60');
    for (const part of [r, ...r.periods!]) {
      const own = rows.filter((x) => x[0] === part.from && x[1] === part.to);
      expect(new Map(own.map((x) => [`${x[2]}|${x[3]}`, x[4]]))).toEqual(figuresOf(part));
    }
    expect(rows).toHaveLength([r, ...r.periods!].reduce((n, part) => n + figuresOf(part).size, 0));
    // without periods, none in the report
    expect(report(logs, window).periods).toBeUndefined();
  });
});
