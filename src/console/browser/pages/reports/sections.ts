/// <reference lib="dom" />
// A report as the page shows it: the flag States' replies (per State, and over time when counted by week or
// month), the persons, the refusals; each plot a figure with its caption and its numbers (figure.ts).
import { h } from '../../dom.ts';
import { utc } from '../../format.ts';
import {
  dayOf,
  daysCounted,
  type IndicatorReport,
  PERSONS_FROM,
  type Period,
  personsRows,
  refusalRows,
  replyPoints,
  replyRows,
  servesOf,
} from './data.ts';
import { figure } from './figure.ts';
import { countPlot, replyOverTimePlot, replyPlot } from './plots.ts';

type Figure = ReturnType<typeof figure>;

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const REPLY_HEAD = ['Flag State', 'Reply', 'Replies', 'Median (min)', '90th percentile (min)'];
const NO_REPLY = 'No flag State replied in this window.';
const NO_REFUSAL = 'The desk refused no step in this window.';

function replyFigures(report: IndicatorReport, by: Period | undefined): Figure[] {
  const { title: t, serves } = report.indicators.flagStateReplies;
  const title = sentence(t);
  const rows = replyRows(report);
  const perState = figure({
    id: 'plot-replies',
    title,
    serves,
    plot: (w) => (rows.length ? replyPlot(rows, w, title) : undefined),
    empty: NO_REPLY,
    note: 'Bar: the median; tick: the 90th percentile (nearest rank), in minutes from the first notification to that State.',
    numbers: { head: REPLY_HEAD, rows: rows.map((r) => [r.state, r.measure, r.count, r.median, r.p90]) },
  });
  if (!by) return [perState];
  const points = replyPoints(report);
  const overTime = `${title}, by ${by}`;
  return [
    perState,
    figure({
      id: 'plot-replies-over-time',
      title: overTime,
      serves,
      plot: (w) => (points.length ? replyOverTimePlot(points, by, w, overTime) : undefined),
      empty: NO_REPLY,
      note: `Each point at the start of its ${by} (${by === 'week' ? 'from Monday' : 'from the 1st'}, UTC; the first and the last cut to the window). Solid: the median; dashed: the 90th percentile.`,
      numbers: {
        head: [`${sentence(by)} from`, ...REPLY_HEAD],
        rows: points.map((p) => [dayOf(p.period), p.state, p.measure, p.count, p.median, p.p90]),
      },
    }),
  ];
}

function personsFigure(report: IndicatorReport): Figure {
  const title = 'Persons rescued, taken on board, delivered to a place of safety, deceased and missing';
  const rows = personsRows(report);
  return figure({
    id: 'plot-persons',
    title,
    serves: servesOf(report, PERSONS_FROM),
    plot: (w) => countPlot(rows, w, title, 'persons'),
    empty: '',
    numbers: { head: ['Persons', 'Number'], rows: rows.map((r) => [r.label, r.value]) },
  });
}

// A refusal cites many articles at once: past a dozen bars the plot stops helping, the table goes on.
const MOST_CITED = 12;

function refusalFigures(report: IndicatorReport): Figure[] {
  const { serves } = report.indicators.refusals;
  const of = (by: 'byReason' | 'byArticle', id: string, title: string, head: string, note?: string) => {
    const rows = refusalRows(report, by);
    const drawn = by === 'byArticle' ? rows.slice(0, MOST_CITED) : rows;
    const cut =
      drawn.length < rows.length
        ? ` The plot shows the ${MOST_CITED} cited most; the table, all ${rows.length}.`
        : '';
    return figure({
      id,
      title,
      serves,
      plot: (w) => (drawn.length ? countPlot(drawn, w, title, 'refusals') : undefined),
      empty: NO_REFUSAL,
      ...(note || cut ? { note: `${note ?? ''}${cut}`.trim() } : {}),
      numbers: { head: [head, 'Refusals'], rows: rows.map((r) => [r.label, r.value]) },
    });
  };
  return [
    of('byReason', 'plot-refusals-reason', 'Steps refused by the desk, by reason', 'Reason'),
    of(
      'byArticle',
      'plot-refusals-article',
      'Steps refused by the desk, by the article cited',
      'Article',
      'A refusal citing several articles counts once under each.',
    ),
  ];
}

const section = (id: string, heading: string, ...children: Array<Node | null>) =>
  h('section', { class: 'card report-section', 'aria-labelledby': id }, h('h2', { id }, heading), children);

// The page's body for a report, and its figures, to be drawn once on the page (and again when it resizes).
export function reportSections(
  report: IndicatorReport,
  by: Period | undefined,
): { nodes: Node[]; figures: Figure[] } {
  const replies = replyFigures(report, by);
  const persons = personsFigure(report);
  const refusals = refusalFigures(report);
  const cases = `${report.cases} case${report.cases === 1 ? '' : 's'}`;
  return {
    nodes: [
      h(
        'p',
        { class: 'report-summary' },
        `${daysCounted(report)} (UTC days, both included): ${cases} with a step recorded. Generated ${utc(report.generatedAt)}.`,
      ),
      section(
        'rep-replies',
        "Flag States' replies",
        ...replies.map((f) => f.el),
        by ? null : h('p', { class: 'hint' }, 'Over time: shown for windows of up to five years.'),
      ),
      section('rep-persons', 'Persons', persons.el),
      section('rep-refusals', 'Refusals', ...refusals.map((f) => f.el)),
    ],
    figures: [...replies, persons, ...refusals],
  };
}
