// What happened, in numbers (GET /reports/indicators): operational indicators of the UNODC International
// Framework for Action to Implement the Smuggling of Migrants Protocol (its tables' column E, "operational
// indicators ... to measure and help monitor implementation over time") and of the Protocol's articles, counted
// from the cases' audit logs: each step as the law applied it, with the view before and after it, so a figure
// is what happened in the window and not what a case shows today. Pure: the logs and the window come in, counts
// and durations go out, never a name, a position, a free text or a case id. Training cases are never counted.

import { B } from '../../machines/citations.ts';
import type { CaseView } from '../../machines/engine.ts';
import { type LoggedStep, momentOf } from './log.ts';

export interface CaseLog {
  kind: string;
  training: boolean;
  entries: readonly LoggedStep[];
}

// Half-open, [from, to): an entry counts when the law's moment of it falls inside.
export interface Window {
  from?: string;
  to: string;
}

export interface Durations {
  count: number;
  // nearest rank, so each figure is a duration that occurred; minutes to one decimal
  medianMinutes: number | null;
  p90Minutes: number | null;
}

type Counts = Record<string, number>;

export interface IndicatorValues {
  casesOpened: { total: number; byKind: Counts; byLegalBasis: Counts };
  flagStateReplies: Record<string, { registryReply: Durations; authorisation: Durations }>;
  overdueReplies: { registry: number; authorisation: number; escalated: number };
  deemedConsents: { matured: number; byFlagState: Counts };
  incomingRequests: { answered: number; answerTime: Durations; overdue: number };
  personsRescued: { persons: number };
  personsTakenOnBoard: { persons: number };
  deliveredToPlaceOfSafety: { disembarkations: number; persons: number };
  protectionClaims: { recorded: number; referred: number };
  children: { children: number; unaccompaniedChildren: number };
  deceasedAndMissing: { deceased: number; missing: number };
  refusals: { total: number; byReason: Counts; byArticle: Counts };
  overrides: { total: number; byKind: Counts };
  incidents: { opened: Counts; reviewed: Counts };
  excludedPlaces: { refused: number; byEvent: Counts };
}

export type IndicatorId = keyof IndicatorValues;

export interface Indicator<K extends IndicatorId = IndicatorId> {
  title: string;
  // the Framework for Action line (table, row, column E) or the Protocol article the figure serves
  serves: string[];
  value: IndicatorValues[K];
}

export interface IndicatorReport {
  from: string | null;
  to: string;
  generatedAt: string;
  // live cases with at least one entry in the window
  cases: number;
  indicators: { [K in IndicatorId]: Indicator<K> };
  // the same figures for each week or month of the window, when asked for (`by`)
  periods?: PeriodReport[];
}

export type PeriodReport = Omit<IndicatorReport, 'generatedAt' | 'periods'> & { from: string };

// The Framework's lines, quoted from its operational indicators (column E) in short.
const FFA = {
  protection11:
    'Framework for Action, protection 11 (relief of imminent danger at sea), E: persons rescued at sea provided with assistance and delivered to a place of safety',
  protection11Measures:
    'Framework for Action, protection 11, E: measures taken to relieve imminent danger to lives irrespective of express authorization of the flag State',
  protection12:
    'Framework for Action, protection 12 (safety and humane treatment on board), E: vessels not returned where tantamount to refoulement; investigations of inappropriate force',
  protection13:
    'Framework for Action, protection 13 (refugees and asylum-seekers), E: smuggled persons who claimed asylum referred to refugee protection and asylum actors',
  protection16:
    'Framework for Action, protection 16 (unaccompanied or separated children), E: number and efficiency of children identified and registered',
  prevention2:
    'Framework for Action, prevention 2 (action on suspicions of smuggling by sea), E: boarding and measures in accordance with the Protocol and the law of the sea',
  cooperation13:
    'Framework for Action, cooperation 13 (smuggling by sea), E: decreased time for the central authority to confirm registry; assistance requested and rendered efficiently',
  cooperation16:
    'Framework for Action, cooperation 16 (agreements and arrangements), E: agreements concluded to prevent and combat smuggling of migrants',
} as const;

const HEADINGS: { [K in IndicatorId]: { title: string; serves: string[] } } = {
  casesOpened: {
    title: 'cases opened, by kind and by legal basis at the opening',
    serves: [FFA.prevention2, B.somFlagRequest, B.somStateless],
  },
  flagStateReplies: {
    title: 'time from notifying the flag State to its registry reply and to its authorisation, by flag State',
    serves: [FFA.cooperation13, B.somExpeditious, B.somCentralAuthority],
  },
  overdueReplies: {
    title: 'flag-State replies overdue (the reply deadline passed unanswered) and escalations opened',
    serves: [FFA.cooperation13, B.somExpeditious],
  },
  deemedConsents: {
    title: 'deemed consents matured under an agreement, by flag State',
    serves: [FFA.cooperation16, B.somAgreements, B.somFlagRequest],
  },
  incomingRequests: {
    title: 'requests from other States answered, time to answer, answers overdue',
    serves: [FFA.cooperation13, B.somExpeditious],
  },
  personsRescued: {
    title: 'persons rescued (RESCUE_COMPLETED.rescued)',
    serves: [FFA.protection11, B.unclosAssistance, B.solasAssistance],
  },
  personsTakenOnBoard: {
    title: 'persons taken on board outside a rescue',
    serves: [FFA.protection12, B.somSafeguardsPersons],
  },
  deliveredToPlaceOfSafety: {
    title: 'disembarkations in a place of safety and the persons delivered',
    serves: [FFA.protection11, B.solasPlaceOfSafety, B.sarPlaceOfSafety],
  },
  protectionClaims: {
    title: 'protection claims recorded on board and referred',
    serves: [FFA.protection13, B.somNonRefoulement],
  },
  children: {
    title: 'children and unaccompanied children identified at screening',
    serves: [FFA.protection16, B.somWomenChildren],
  },
  deceasedAndMissing: {
    title: 'persons deceased and missing',
    serves: [FFA.protection11, B.iccprLife, B.somProtection],
  },
  refusals: {
    title: 'steps refused by the desk, by reason and by the article cited',
    serves: [FFA.prevention2, B.somSafeguards],
  },
  overrides: {
    title: 'steps recorded under an override, by kind',
    serves: [FFA.protection11Measures, B.somImminentDanger],
  },
  incidents: {
    title: 'incidents opened and reviewed, by category',
    serves: [FFA.protection12, B.somSafeguardsPersons],
  },
  excludedPlaces: {
    title: 'destinations refused as excluded places (refoulement), by step',
    serves: [FFA.protection12, B.somNonRefoulement],
  },
};

const KINDS = ['interception', 'incoming-request'];
const OVERRIDE_KINDS = ['imminent-danger', 'recorded-fact'];
const INCIDENT_CATEGORIES = [
  'legal',
  'possible-fundamental-rights-violation',
  'rescue-measure-review',
  'use-of-force',
];
const zeros = (keys: readonly string[]): Counts => Object.fromEntries(keys.map((k) => [k, 0]));
const bump = (c: Counts, key: string, by = 1) => {
  c[key] = (c[key] ?? 0) + by;
};

function nearestRank(sorted: readonly number[], percent: number): number {
  return sorted[Math.max(0, Math.ceil((percent / 100) * sorted.length) - 1)]!;
}

export function durations(minutes: readonly number[]): Durations {
  const sorted = [...minutes].sort((a, b) => a - b);
  const round = (m: number) => Math.round(m * 10) / 10;
  return sorted.length === 0
    ? { count: 0, medianMinutes: null, p90Minutes: null }
    : {
        count: sorted.length,
        medianMinutes: round(nearestRank(sorted, 50)),
        p90Minutes: round(nearestRank(sorted, 90)),
      };
}

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;
const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
const has = (view: CaseView | undefined, code: string) =>
  view?.requiredActions.some((a) => a.code === code) ?? false;

// The tallies over every case, and the durations before they become medians.
class Tally {
  readonly v: Omit<IndicatorValues, 'flagStateReplies' | 'incomingRequests'> & {
    incomingRequests: { answered: number; overdue: number };
  } = {
    casesOpened: { total: 0, byKind: zeros(KINDS), byLegalBasis: {} },
    overdueReplies: { registry: 0, authorisation: 0, escalated: 0 },
    deemedConsents: { matured: 0, byFlagState: {} },
    incomingRequests: { answered: 0, overdue: 0 },
    personsRescued: { persons: 0 },
    personsTakenOnBoard: { persons: 0 },
    deliveredToPlaceOfSafety: { disembarkations: 0, persons: 0 },
    protectionClaims: { recorded: 0, referred: 0 },
    children: { children: 0, unaccompaniedChildren: 0 },
    deceasedAndMissing: { deceased: 0, missing: 0 },
    refusals: { total: 0, byReason: {}, byArticle: {} },
    overrides: { total: 0, byKind: zeros(OVERRIDE_KINDS) },
    incidents: { opened: zeros(INCIDENT_CATEGORIES), reviewed: zeros(INCIDENT_CATEGORIES) },
    excludedPlaces: { refused: 0, byEvent: {} },
  };
  readonly replies = new Map<string, { registryReply: number[]; authorisation: number[] }>();
  readonly answerTimes: number[] = [];
  cases = 0;

  replyTimes(state: string) {
    let r = this.replies.get(state);
    if (!r) {
      r = { registryReply: [], authorisation: [] };
      this.replies.set(state, r);
    }
    return r;
  }
}

// One case, entry by entry. What a case records more than once (a screening repeated, a rescue and then the
// screening of the same persons) is taken once: the last screening, the larger of the two records of dead and
// missing, the first delivery to a place of safety.
function countCase(t: Tally, log: CaseLog, inWindow: (at: string) => boolean): void {
  const v = t.v;
  const awaiting = { registry: new Map<string, string>(), authorisation: new Map<string, string>() };
  let openedAt: string | undefined;
  let claimsPending = 0;
  let lastScreening: Record<string, unknown> | undefined;
  let rescueDeceased = 0;
  let rescueMissing = 0;
  let rescuedCount: number | undefined;
  let delivered = false;
  let counted = false;
  let before: CaseView | undefined;
  for (const { entry, view } of log.entries) {
    const at = momentOf(entry);
    const inside = inWindow(at);
    if (inside) counted = true;
    const e = entry.event as Record<string, unknown> & { type: string };
    const applied = entry.outcome === 'applied';
    if (entry.seq === 1) openedAt = at;
    if (!applied) {
      if (inside && entry.refusal) {
        const r = entry.refusal;
        v.refusals.total += 1;
        bump(v.refusals.byReason, r.reason);
        for (const article of new Set(r.basis)) bump(v.refusals.byArticle, article);
        if (r.reason === 'excluded-place') {
          v.excludedPlaces.refused += 1;
          bump(v.excludedPlaces.byEvent, entry.type);
        }
      }
      before = view;
      continue;
    }
    const override = (e.override as { kind?: string } | undefined)?.kind;
    const openedIncidents = view.incidents.filter((i) => !before?.incidents.some((b) => b.id === i.id));
    const flagState = before?.flagState.state ?? (e.state as string | undefined);
    switch (entry.type) {
      case 'CASE_OPENED':
        if (inside) {
          v.casesOpened.total += 1;
          bump(v.casesOpened.byKind, view.kind);
          bump(v.casesOpened.byLegalBasis, view.legalBasis.code);
        }
        break;
      case 'FLAG_STATE_NOTIFIED':
        // from the first notification to that State; a notification again does not restart the clock
        for (const map of [awaiting.registry, awaiting.authorisation])
          if (!map.has(e.state as string)) map.set(e.state as string, at);
        break;
      case 'AUTHORISATION_GRANTED': {
        const since = flagState ? awaiting.authorisation.get(flagState) : undefined;
        if (flagState && since !== undefined) {
          awaiting.authorisation.delete(flagState);
          if (inside) t.replyTimes(flagState).authorisation.push(minutesBetween(since, at));
        }
        break;
      }
      case 'DEADLINE_PASSED': {
        if (!inside) break;
        const about = before?.deadlines.find((d) => d.id === e.deadlineId)?.about;
        // overdue as the desk saw it: the deadline passed while the case still awaited that reply
        if (about === 'registry-reply' && has(before, 'AWAIT_REGISTRY_REPLY')) v.overdueReplies.registry += 1;
        if (about === 'authorisation-reply' && has(before, 'AWAIT_AUTHORISATION'))
          v.overdueReplies.authorisation += 1;
        if (about === 'answer-request' && has(before, 'ANSWER_REQUEST')) v.incomingRequests.overdue += 1;
        // as the law decides it (machines/flag-state.ts): silence until the deadline is consent
        if (
          about === 'deemed-consent' &&
          before?.flagState.registry === null &&
          before.flagState.reply === null
        ) {
          v.deemedConsents.matured += 1;
          bump(v.deemedConsents.byFlagState, before.flagState.state ?? 'unknown');
        }
        break;
      }
      case 'REQUEST_ANSWERED':
        if (inside && has(before, 'ANSWER_REQUEST')) {
          v.incomingRequests.answered += 1;
          if (openedAt) t.answerTimes.push(minutesBetween(openedAt, at));
        }
        break;
      case 'RESCUE_COMPLETED':
        rescuedCount = num(e.rescued);
        if (inside) {
          v.personsRescued.persons += num(e.rescued);
          rescueDeceased += num(e.deceased);
          rescueMissing += num(e.missing);
        }
        break;
      case 'PERSONS_TAKEN_ON_BOARD':
        if (inside) v.personsTakenOnBoard.persons += num(e.count);
        break;
      case 'PERSONS_SCREENED':
        if (inside) lastScreening = e;
        break;
      case 'PROTECTION_CLAIMS_RECORDED':
        claimsPending += num(e.count);
        if (inside) v.protectionClaims.recorded += num(e.count);
        break;
      case 'PROTECTION_CLAIMS_REFERRED':
        if (inside) v.protectionClaims.referred += claimsPending;
        claimsPending = 0;
        break;
      case 'DISEMBARKATION_COMPLETED': {
        // a landing recorded as fact where persons face refoulement is an incident, not a place of safety
        const unsafe = openedIncidents.some((i) => i.category === 'possible-fundamental-rights-violation');
        if (inside && !unsafe && !delivered) {
          delivered = true;
          v.deliveredToPlaceOfSafety.disembarkations += 1;
          // the persons the desk knows of (machines/evolve.ts, knownTotal): screened, rescued, else reported
          const screened = before?.persons.screened as { total?: unknown } | null | undefined;
          v.deliveredToPlaceOfSafety.persons +=
            typeof screened?.total === 'number'
              ? screened.total
              : (rescuedCount ?? num(before?.persons.onBoard));
        }
        break;
      }
      case 'INCIDENT_REVIEWED': {
        const reviewed = before?.incidents.find((i) => i.id === e.incidentId);
        if (inside && reviewed) bump(v.incidents.reviewed, reviewed.category);
        break;
      }
    }
    // the registry answered, expressly or by a grant (which implies it): the desk's view says so either way
    const registryState = before?.flagState.state;
    const since = registryState ? awaiting.registry.get(registryState) : undefined;
    if (
      registryState &&
      since !== undefined &&
      before?.flagState.registry === null &&
      view.flagState.registry
    ) {
      awaiting.registry.delete(registryState);
      if (inside) t.replyTimes(registryState).registryReply.push(minutesBetween(since, at));
    }
    if (inside) {
      if (override) {
        v.overrides.total += 1;
        bump(v.overrides.byKind, override);
      }
      for (const i of openedIncidents) bump(v.incidents.opened, i.category);
      if (!has(before, 'ESCALATE_OVERDUE_REPLY') && has(view, 'ESCALATE_OVERDUE_REPLY'))
        v.overdueReplies.escalated += 1;
    }
    before = view;
  }
  if (lastScreening) {
    v.children.children += num(lastScreening.children);
    v.children.unaccompaniedChildren += num(lastScreening.unaccompaniedChildren);
  }
  v.deceasedAndMissing.deceased += Math.max(rescueDeceased, num(lastScreening?.deceased));
  v.deceasedAndMissing.missing += Math.max(rescueMissing, num(lastScreening?.missing));
  if (counted) t.cases += 1;
}

export const PERIODS = ['week', 'month'] as const;
export type Period = (typeof PERIODS)[number];
// each period counts every log again: a bound keeps a long window by week from costing a thousand reports
export const MAX_PERIODS = 120;
const DAY_MS = 86_400_000;

// The next turn of a calendar week (Monday 00:00 UTC, as ISO 8601 weeks) or month after `t`.
function nextTurn(t: number, by: Period): number {
  const d = new Date(t);
  if (by === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return day + ((8 - d.getUTCDay()) % 7 || 7) * DAY_MS;
}

// The window cut at each turn of a week or a month, its first and last periods cut to the window; undefined
// past MAX_PERIODS.
export function periodsOf(window: { from: string; to: string }, by: Period): Window[] | undefined {
  const periods: Window[] = [];
  const end = Date.parse(window.to);
  for (let t = Date.parse(window.from); t < end; ) {
    if (periods.length === MAX_PERIODS) return undefined;
    const next = Math.min(nextTurn(t, by), end);
    periods.push({ from: new Date(t).toISOString(), to: new Date(next).toISOString() });
    t = next;
  }
  return periods;
}

// Case by case, so a report over many cases holds one log at a time; each period is a window of its own, so a
// period's figures are what the window's would be, had it been asked for alone.
export class IndicatorCounter {
  private readonly tally = new Tally();
  private readonly from: number | undefined;
  private readonly to: number;
  private readonly periods: IndicatorCounter[];

  constructor(window: Window, periods: readonly Window[] = []) {
    this.from = window.from === undefined ? undefined : Date.parse(window.from);
    this.to = Date.parse(window.to);
    this.periods = periods.map((p) => new IndicatorCounter(p));
  }

  add(log: CaseLog): void {
    if (log.training) return;
    countCase(this.tally, log, (at) => {
      const t = Date.parse(at);
      return (this.from === undefined || t >= this.from) && t < this.to;
    });
    for (const period of this.periods) period.add(log);
  }

  report(generatedAt: string): IndicatorReport {
    const { tally } = this;
    const { incomingRequests, ...rest } = tally.v;
    const values: IndicatorValues = {
      ...rest,
      flagStateReplies: Object.fromEntries(
        [...tally.replies.entries()]
          .filter(([, r]) => r.registryReply.length + r.authorisation.length > 0)
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([state, r]) => [
            state,
            { registryReply: durations(r.registryReply), authorisation: durations(r.authorisation) },
          ]),
      ),
      incomingRequests: { ...incomingRequests, answerTime: durations(tally.answerTimes) },
    };
    const indicators = Object.fromEntries(
      (Object.keys(HEADINGS) as IndicatorId[]).map((id) => [id, { ...HEADINGS[id], value: values[id] }]),
    ) as IndicatorReport['indicators'];
    return {
      from: this.from === undefined ? null : new Date(this.from).toISOString(),
      to: new Date(this.to).toISOString(),
      generatedAt,
      cases: tally.cases,
      indicators,
      ...(this.periods.length > 0
        ? {
            periods: this.periods.map((p) => {
              const { generatedAt: _, ...period } = p.report(generatedAt);
              return period as PeriodReport;
            }),
          }
        : {}),
    };
  }
}

export function computeIndicators(
  logs: Iterable<CaseLog>,
  window: Window,
  generatedAt: string,
  periods: readonly Window[] = [],
): IndicatorReport {
  const counter = new IndicatorCounter(window, periods);
  for (const log of logs) counter.add(log);
  return counter.report(generatedAt);
}

// RFC 4180; a text cell that a spreadsheet would read as a formula is written as text.
function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function leaves(value: unknown, path: string[], out: Array<[string[], number | null]>): void {
  if (value === null || typeof value === 'number') out.push([path, value]);
  else if (typeof value === 'object')
    for (const [k, v] of Object.entries(value as object)) leaves(v, [...path, k], out);
}

// The same report as rows, one per figure: the JSON's every number, with the path to it as its breakdown; then
// each period's, under its own from and to.
export function indicatorsCsv(report: IndicatorReport): string {
  const rows = [['from', 'to', 'indicator', 'breakdown', 'value', 'serves'].join(',')];
  for (const part of [report, ...(report.periods ?? [])]) {
    for (const [id, indicator] of Object.entries(part.indicators)) {
      const figures: Array<[string[], number | null]> = [];
      leaves(indicator.value, [], figures);
      for (const [path, value] of figures) {
        rows.push(
          [part.from ?? '', part.to, id, path.join(' / '), value, indicator.serves.join('; ')]
            .map(cell)
            .join(','),
        );
      }
    }
  }
  return `${rows.join('\r\n')}\r\n`;
}
