/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The reports page's plots, drawn as SVG in the page by Observable Plot (bundled with the console: nothing is
// fetched). Each plot is one image to assistive technology, named by its caption: the numbers are read from the
// table under it (figure.ts), which holds the same rows.
import * as Plot from '@observablehq/plot';
import {
  type CountRow,
  MEASURE_NAMES,
  minutes,
  type Period,
  type ReplyPoint,
  type ReplyRow,
} from './data.ts';

// --blue and --navy of console.css: 4.5:1 or more on white, for the marks as for the text
const BAR = '#1d4ed8';
const MARK = '#0b1f3a';
const FONT = { fontSize: '13px', fontFamily: 'inherit', overflow: 'visible' } as const;
// Okabe-Ito, told apart with the common colour blindnesses; the table names each line in words anyway
const STATES = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

// Room on the left for the longest label at 13 px, within reason: a longer one is cut with an ellipsis.
const leftFor = (labels: readonly string[]) =>
  Math.min(280, Math.max(48, Math.ceil(Math.max(0, ...labels.map((l) => l.length)) * 7.2) + 14));

// Plot labels each group of marks ("bar", "x-axis tick") for exploring the SVG; inside one image nothing reads
// them, and ARIA forbids a label on an element with no role (axe: aria-prohibited-attr).
function asImage(plot: Element, label: string): Element {
  // with a legend, Plot gives a figure: the legend's swatches are SVGs too, the chart its own child
  const svg = plot instanceof SVGSVGElement ? plot : plot.querySelector(':scope > svg');
  for (const el of svg?.querySelectorAll('[aria-label], [aria-description]') ?? []) {
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  }
  svg?.setAttribute('role', 'img');
  svg?.setAttribute('aria-label', label);
  return plot;
}

// Per flag State and reply: a bar to the median, a tick at the 90th percentile.
export function replyPlot(rows: readonly ReplyRow[], width: number, label: string): Element {
  const states = [...new Set(rows.map((r) => r.state))].sort();
  return asImage(
    Plot.plot({
      width,
      height: 70 + states.length * 30,
      marginLeft: leftFor(states),
      marginRight: 24,
      style: FONT,
      fx: { domain: [...MEASURE_NAMES], label: null },
      y: { domain: states, label: null },
      x: {
        domain: [0, Math.max(1, ...rows.map((r) => r.p90))],
        label: 'minutes from notification',
        grid: true,
        nice: true,
        ticks: 6,
      },
      marks: [
        Plot.barX(rows, {
          fx: 'measure',
          y: 'state',
          x: 'median',
          fill: BAR,
          className: 'median',
          title: (r: ReplyRow) => `${r.state}, ${r.measure}: median ${minutes(r.median)}`,
        }),
        Plot.tickX(rows, {
          fx: 'measure',
          y: 'state',
          x: 'p90',
          stroke: MARK,
          strokeWidth: 3,
          className: 'p90',
          title: (r: ReplyRow) => `${r.state}, ${r.measure}: 90th percentile ${minutes(r.p90)}`,
        }),
        Plot.ruleX([0]),
      ],
    }),
    label,
  );
}

// The medians period by period, a line per flag State; the 90th percentiles dashed beside them.
export function replyOverTimePlot(
  points: readonly ReplyPoint[],
  by: Period,
  width: number,
  label: string,
): Element {
  const data = points.map((p) => ({ ...p, when: new Date(p.period) }));
  const states = [...new Set(points.map((p) => p.state))].sort();
  return asImage(
    Plot.plot({
      width,
      height: 400,
      marginLeft: 56,
      // the facets' names, on the right
      marginRight: 112,
      style: FONT,
      fy: { domain: [...MEASURE_NAMES], label: null },
      x: { type: 'utc', label: null, ticks: by === 'week' ? 'monday' : 'month', tickFormat: '%-d %b' },
      y: { domain: [0, Math.max(1, ...points.map((p) => p.p90))], label: 'minutes', grid: true, nice: true },
      color: { domain: states, range: STATES, legend: true, label: 'flag State' },
      marks: [
        Plot.lineY(data, {
          fy: 'measure',
          x: 'when',
          y: 'p90',
          z: 'state',
          stroke: 'state',
          strokeDasharray: '4 3',
          strokeOpacity: 0.7,
          className: 'p90',
        }),
        Plot.lineY(data, {
          fy: 'measure',
          x: 'when',
          y: 'median',
          z: 'state',
          stroke: 'state',
          strokeWidth: 2,
        }),
        Plot.dot(data, {
          fy: 'measure',
          x: 'when',
          y: 'median',
          fill: 'state',
          r: 3.5,
          className: 'median',
          title: (p: ReplyPoint) => `${p.state}, ${p.measure}: median ${minutes(p.median)}`,
        }),
      ],
    }),
    label,
  );
}

// One horizontal bar per row, its number written at its end, in the rows' order.
export function countPlot(rows: readonly CountRow[], width: number, label: string, unit: string): Element {
  const labels = rows.map((r) => r.label);
  // whole numbers on the axis, and an axis even when every count is 0
  const top = Math.max(1, ...rows.map((r) => r.value));
  return asImage(
    Plot.plot({
      width,
      height: 40 + rows.length * 30,
      marginLeft: leftFor(labels),
      marginRight: 48,
      style: FONT,
      y: { domain: labels, label: null },
      x: { domain: [0, top], label: unit, grid: true, nice: true, ticks: Math.min(8, top) },
      marks: [
        Plot.barX(rows, { y: 'label', x: 'value', fill: BAR, className: 'count' }),
        Plot.text(rows, {
          y: 'label',
          x: 'value',
          text: (r: CountRow) => String(r.value),
          textAnchor: 'start',
          dx: 4,
          fill: MARK,
        }),
        Plot.ruleX([0]),
      ],
    }),
    label,
  );
}
