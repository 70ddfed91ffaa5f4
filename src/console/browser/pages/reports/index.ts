/// <reference lib="dom" />
// What happened, for the central authority and the auditor (GET /reports/indicators): a window of whole UTC
// days, plots of the indicators read first (flag States' reply times, persons, refusals), each with its
// numbers, and the whole report as CSV. Other roles are told the page is not theirs; the desk refuses them too.
import { mayReadIndicators } from '../../../../policy.ts';
import { ApiError } from '../../api.ts';
import type { Ctx, Page } from '../../context.ts';
import { fill, h } from '../../dom.ts';
import {
  csvFileName,
  daysIn,
  type IndicatorReport,
  indicatorsPath,
  lastDays,
  type Period,
  periodFor,
  type Span,
} from './data.ts';
import { reportSections } from './sections.ts';

function problem(err: unknown): string {
  const issues = err instanceof ApiError ? (err.body?.issues ?? []) : [];
  return issues.length > 0 ? issues.map((i) => i.message).join('; ') : (err as Error).message;
}

function save(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  // the download has started by then; the URL is only a handle to it
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export class ReportsPage implements Page {
  readonly el: HTMLElement;
  readonly title = 'Reports';
  private readonly allowed: boolean;
  private readonly from = h('input', { type: 'date', id: 'report-from', name: 'from', required: true });
  private readonly to = h('input', { type: 'date', id: 'report-to', name: 'to', required: true });
  private readonly problemBox = h('div', { class: 'report-problem', role: 'alert' });
  private readonly body = h('div', { class: 'report-body' });
  private figures: Array<{ draw(): void }> = [];
  private loads = 0;
  private stopped = false;
  private resizing: ReturnType<typeof setTimeout> | undefined;
  private readonly onResize = () => {
    clearTimeout(this.resizing);
    this.resizing = setTimeout(() => {
      for (const f of this.figures) f.draw();
    }, 200);
  };

  constructor(private readonly ctx: Ctx) {
    this.allowed = mayReadIndicators(ctx.identity.role);
    const head = h('div', { class: 'page-head' }, h('h1', { tabindex: -1 }, 'Reports'));
    if (!this.allowed) {
      this.el = h(
        'div',
        { class: 'reports-page' },
        head,
        h(
          'p',
          { class: 'notice' },
          'Reports are for central authorities and auditors: they count what happened across every live case.',
        ),
      );
      return;
    }
    const picker = h(
      'form',
      {
        class: 'card report-window',
        'aria-label': 'Window of the report',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void this.load();
        },
      },
      h('div', { class: 'field' }, h('label', { for: 'report-from' }, 'From (UTC day)'), this.from),
      h('div', { class: 'field' }, h('label', { for: 'report-to' }, 'To, included'), this.to),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Show'),
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => void this.download() },
          'Download CSV',
        ),
      ),
    );
    this.el = h(
      'div',
      { class: 'reports-page' },
      head,
      h(
        'p',
        { class: 'hint' },
        'Counted from the audit logs of the live cases: what happened in the window, not what the cases show today. Training cases are never counted; no name, position or case is shown.',
      ),
      picker,
      this.problemBox,
      this.body,
    );
  }

  async mount(): Promise<void> {
    if (!this.allowed) return;
    addEventListener('resize', this.onResize);
    // the default window is the desk's last 30 days: learn its clock first where nothing has been asked yet
    if (!this.ctx.api.deskTime) await this.ctx.api.request('GET', '/health').catch(() => undefined);
    if (this.stopped) return;
    const span = lastDays(this.ctx.api.now());
    this.from.value = span.from;
    this.to.value = span.to;
    await this.load();
  }

  unmount(): void {
    this.stopped = true;
    clearTimeout(this.resizing);
    removeEventListener('resize', this.onResize);
  }

  // The window on the form, with the periods it is counted by, or undefined after saying what is wrong.
  private asked(): { span: Span; by: Period | undefined } | undefined {
    const span = { from: this.from.value, to: this.to.value };
    const days = daysIn(span);
    if (typeof days === 'string') {
      fill(this.problemBox, h('p', { class: 'notice error' }, days));
      return undefined;
    }
    fill(this.problemBox);
    return { span, by: periodFor(days) };
  }

  private async load(): Promise<void> {
    const asked = this.asked();
    if (!asked) return;
    const n = ++this.loads;
    this.body.setAttribute('aria-busy', 'true');
    fill(this.body, h('p', { class: 'hint' }, 'Counting…'));
    try {
      const report = await this.ctx.api.get<IndicatorReport>(indicatorsPath(asked.span, asked.by));
      if (this.stopped || n !== this.loads) return;
      this.render(report, asked.by);
      this.ctx.announce(`Report shown: ${report.cases} case${report.cases === 1 ? '' : 's'} in the window.`);
    } catch (err) {
      if (this.stopped || n !== this.loads) return;
      fill(this.body);
      fill(this.problemBox, h('p', { class: 'notice error' }, `No report: ${problem(err)}`));
    } finally {
      if (n === this.loads) this.body.removeAttribute('aria-busy');
    }
  }

  private async download(): Promise<void> {
    const asked = this.asked();
    if (!asked) return;
    try {
      const csv = await this.ctx.api.text(indicatorsPath(asked.span, asked.by), 'text/csv');
      save(csv, csvFileName(asked.span));
      this.ctx.announce('The CSV is downloading.');
    } catch (err) {
      fill(this.problemBox, h('p', { class: 'notice error' }, `No CSV: ${problem(err)}`));
    }
  }

  private render(report: IndicatorReport, by: Period | undefined): void {
    const { nodes, figures } = reportSections(report, by);
    fill(this.body, nodes);
    this.figures = figures;
    for (const f of figures) f.draw();
  }
}
