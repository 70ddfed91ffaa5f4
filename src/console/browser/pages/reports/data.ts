// What the reports page asks the desk for and draws from its answer (GET /reports/indicators). Each plot and
// the table under it are made from the same rows, so the two cannot disagree. Pure, tested in Node
// (test/console/reports.test.ts).
import type { IndicatorId, IndicatorReport, Period } from '../../../../reports/indicators.ts';

export type { IndicatorReport, Period };

const DAY = 86_400_000;

// Whole UTC days, both included, as the date inputs hold them (yyyy-mm-dd).
export interface Span {
  from: string;
  to: string;
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const parseDay = (s: string) => (/^\d{4}-\d{2}-\d{2}$/.test(s) ? Date.parse(`${s}T00:00:00Z`) : Number.NaN);

// The last `days` days up to today, by the desk's clock.
export function lastDays(now: number, days = 30): Span {
  return { from: isoDay(now - (days - 1) * DAY), to: isoDay(now) };
}

// The days a span covers, or a sentence saying what is wrong with it.
export function daysIn(span: Span): number | string {
  const from = parseDay(span.from);
  const to = parseDay(span.to);
  if (Number.isNaN(from)) return 'Give the first day as a date.';
  if (Number.isNaN(to)) return 'Give the last day as a date.';
  if (to < from) return 'The last day comes before the first.';
  return (to - from) / DAY + 1;
}

// Weeks for a few months, months up to five years: a line of 5 to 60 points. Beyond, the window alone (the desk
// counts at most 120 periods).
export function periodFor(days: number): Period | undefined {
  if (days <= 190) return 'week';
  if (days <= 5 * 366) return 'month';
  return undefined;
}

// `to` a date alone is the whole of that day on the desk's side too.
export function indicatorsPath(span: Span, by?: Period): string {
  const q = new URLSearchParams({ from: span.from, to: span.to });
  if (by) q.set('by', by);
  return `/reports/indicators?${q}`;
}

export const csvFileName = (span: Span) => `indicators-${span.from}-to-${span.to}.csv`;

const MEASURES = { registryReply: 'registry reply', authorisation: 'authorisation' } as const;
export type Measure = (typeof MEASURES)[keyof typeof MEASURES];
export const MEASURE_NAMES: readonly Measure[] = Object.values(MEASURES);

export interface ReplyRow {
  state: string;
  measure: Measure;
  count: number;
  median: number;
  p90: number;
}

function repliesOf(indicators: Pick<IndicatorReport, 'indicators'>): ReplyRow[] {
  const rows: ReplyRow[] = [];
  for (const [state, replies] of Object.entries(indicators.indicators.flagStateReplies.value)) {
    for (const [key, measure] of Object.entries(MEASURES) as Array<[keyof typeof MEASURES, Measure]>) {
      const d = replies[key];
      if (d.count > 0 && d.medianMinutes !== null && d.p90Minutes !== null)
        rows.push({ state, measure, count: d.count, median: d.medianMinutes, p90: d.p90Minutes });
    }
  }
  return rows;
}

// Per flag State over the whole window: only the replies that came (a State that never answered has no time).
export const replyRows = (report: IndicatorReport): ReplyRow[] => repliesOf(report);

export interface ReplyPoint extends ReplyRow {
  // the period's first moment (ISO 8601)
  period: string;
}

// The same, period by period, when the report has periods.
export function replyPoints(report: IndicatorReport): ReplyPoint[] {
  return (report.periods ?? []).flatMap((p) => repliesOf(p).map((r) => ({ ...r, period: p.from })));
}

export interface CountRow {
  label: string;
  value: number;
}

export function personsRows(report: IndicatorReport): CountRow[] {
  const v = report.indicators;
  return [
    { label: 'rescued', value: v.personsRescued.value.persons },
    { label: 'taken on board (not in a rescue)', value: v.personsTakenOnBoard.value.persons },
    { label: 'delivered to a place of safety', value: v.deliveredToPlaceOfSafety.value.persons },
    { label: 'deceased', value: v.deceasedAndMissing.value.deceased },
    { label: 'missing', value: v.deceasedAndMissing.value.missing },
  ];
}

export const PERSONS_FROM: readonly IndicatorId[] = [
  'personsRescued',
  'personsTakenOnBoard',
  'deliveredToPlaceOfSafety',
  'deceasedAndMissing',
];

// The most frequent first; ties in the order of their names, so the same numbers draw the same plot.
export function refusalRows(report: IndicatorReport, by: 'byReason' | 'byArticle'): CountRow[] {
  return Object.entries(report.indicators.refusals.value[by])
    .map(([label, value]) => ({ label, value }))
    .sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}

// What a group of indicators serves, each line once, in the order the desk gives them.
export function servesOf(report: IndicatorReport, ids: readonly IndicatorId[]): string[] {
  return [...new Set(ids.flatMap((id) => report.indicators[id].serves))];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// The UTC day of a moment: "3 Nov 2026".
export function dayOf(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

// The window the desk counted as UTC days, both included (its `to` is the first moment after it).
export const daysCounted = (report: IndicatorReport): string =>
  `${report.from ? dayOf(report.from) : 'the first case'} to ${dayOf(new Date(Date.parse(report.to) - 1).toISOString())}`;

// Minutes as a reader takes them in: 410 -> "6 h 50 min".
export function minutes(m: number): string {
  if (m < 60) return `${m} min`;
  const whole = Math.round(m);
  const h = Math.floor(whole / 60);
  return whole % 60 === 0 ? `${h} h` : `${h} h ${whole % 60} min`;
}
