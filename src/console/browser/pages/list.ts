/// <reference lib="dom" />
// The cases: open ones first, overdue deadlines first, with what each needs next. Follows every case the
// role may see ("*"), so a new case or a passing deadline shows without a reload.
import { whoMayOpen } from '../../../policy.ts';
import type { Ctx, Page } from '../context.ts';
import { fill, h, icon } from '../dom.ts';
import { countdown, humanize, utc } from '../format.ts';
import { sortCases } from '../law.ts';
import type { ApiErrorBody, CaseSummary, CaseView } from '../types.ts';

export class ListPage implements Page {
  readonly el: HTMLElement;
  readonly title = 'Cases';
  private readonly body = h('div');
  private readonly openBox = h('div');
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly ctx: Ctx) {
    const role = ctx.identity.role;
    const mayOpen = whoMayOpen('interception').includes(role);
    this.el = h(
      'div',
      { class: 'list-page' },
      h(
        'div',
        { class: 'page-head' },
        h('h1', { tabindex: -1 }, role === 'trainer' ? 'Training cases' : 'Cases'),
        mayOpen
          ? h(
              'button',
              { type: 'button', class: 'primary', onclick: () => this.showOpenForm() },
              'Open a case',
            )
          : null,
      ),
      this.openBox,
      this.body,
    );
  }

  async mount(): Promise<void> {
    this.ctx.live.followAll(true);
    fill(this.body, h('p', { class: 'hint' }, 'Loading…'));
    await this.load();
  }

  unmount(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ctx.live.followAll(false);
  }

  onOtherEvent(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), 300);
  }

  private async load(): Promise<void> {
    let cases: CaseSummary[];
    try {
      const [open, closed] = await Promise.all([
        this.ctx.api.get<CaseSummary[]>('/cases?status=open'),
        this.ctx.api.get<CaseSummary[]>('/cases?status=closed'),
      ]);
      cases = sortCases([...open, ...closed]);
    } catch (err) {
      if (!this.stopped)
        fill(
          this.body,
          h('p', { class: 'notice error' }, `The cases could not be loaded: ${(err as Error).message}`),
        );
      return;
    }
    if (this.stopped) return;
    const now = this.ctx.api.now();
    fill(
      this.body,
      cases.length === 0
        ? h('p', { class: 'hint' }, 'No cases yet.')
        : h(
            'div',
            { class: 'table-wrap card' },
            h(
              'table',
              { class: 'cases' },
              h('caption', { class: 'sr-only' }, 'Cases, open and overdue first'),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  ['Vessel', 'Status', 'Next due', 'Top action', 'Legal basis', 'Opened'].map((t) =>
                    h('th', { scope: 'col' }, t),
                  ),
                ),
              ),
              h(
                'tbody',
                null,
                cases.map((c) => {
                  const d = c.nextDueAt ? countdown(c.nextDueAt, now) : undefined;
                  return h(
                    'tr',
                    {
                      class: `${c.status}${c.overdue ? ' is-overdue' : ''}`,
                      'data-case': c.id,
                      'data-due-host': c.nextDueAt ? '' : null,
                    },
                    h(
                      'td',
                      null,
                      h(
                        'a',
                        { href: `#/case/${encodeURIComponent(c.id)}`, 'data-key': `case-${c.id}` },
                        c.vesselName ?? 'Unnamed vessel',
                      ),
                      h('div', { class: 'hint mono' }, c.id.slice(0, 8)),
                    ),
                    h(
                      'td',
                      null,
                      h('span', { class: `tag status-${c.status}` }, c.status),
                      c.training ? h('span', { class: 'tag training' }, 'training') : null,
                    ),
                    h(
                      'td',
                      null,
                      c.nextDueAt && d
                        ? h(
                            'span',
                            {
                              class: `due${d.overdue ? ' overdue' : d.soon ? ' soon' : ''}`,
                              'data-due': c.nextDueAt,
                            },
                            icon('clock'),
                            h('span', { class: 'due-text' }, d.text),
                          )
                        : '—',
                    ),
                    h(
                      'td',
                      null,
                      c.topAction
                        ? c.topPriority === 'life'
                          ? h(
                              'span',
                              { class: 'life-inline' },
                              h('span', { class: 'life-badge small' }, icon('life'), h('span', null, 'LIFE')),
                              ' ',
                              humanize(c.topAction),
                            )
                          : humanize(c.topAction)
                        : '—',
                    ),
                    h('td', null, humanize(c.legalBasis)),
                    h('td', null, utc(c.openedAt)),
                  );
                }),
              ),
            ),
          ),
    );
  }

  // The opening report (contract.md): what the patrol knows when it first meets the vessel.
  private showOpenForm(): void {
    const training = this.ctx.identity.role === 'trainer';
    const error = h('div', { 'aria-live': 'polite' });
    const field = (name: string, label: string, attrs: Record<string, string | number | boolean> = {}) =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: `open-${name}` }, label),
        h('input', { id: `open-${name}`, name, type: 'text', autocomplete: 'off', ...attrs }),
      );
    const check = (name: string, label: string) =>
      h(
        'div',
        { class: 'choice' },
        h('input', { type: 'checkbox', id: `open-${name}`, name }),
        h('label', { for: `open-${name}` }, label),
      );
    const form = h(
      'form',
      {
        class: 'card open-form',
        novalidate: true,
        onsubmit: (e: Event) => {
          e.preventDefault();
          void this.submitOpen(form, error, training);
        },
      },
      h('h2', null, training ? 'Open a training case' : 'Open a case'),
      h(
        'div',
        { class: 'grid2' },
        field('interceptingState', 'Intercepting State (code, e.g. IT)', {
          maxlength: 2,
          class: 'code',
          required: true,
        }),
        field('unitName', 'Unit (name)', { required: true }),
      ),
      h(
        'fieldset',
        { class: 'field group' },
        h('legend', null, 'The unit is'),
        h(
          'div',
          { class: 'choices inline' },
          check('governmentService', 'on government service'),
          check('clearlyMarked', 'clearly marked'),
          check('authorised', 'authorised'),
        ),
      ),
      h(
        'div',
        { class: 'grid2' },
        field('vesselName', 'Vessel name'),
        field('description', 'Description'),
        h(
          'div',
          { class: 'field' },
          h('label', { for: 'open-flag' }, 'Flag shown (code; empty: not seen yet)'),
          h(
            'div',
            { class: 'inline-input' },
            h('input', { id: 'open-flag', name: 'flag', type: 'text', maxlength: 2, class: 'code' }),
            h('input', { type: 'checkbox', id: 'open-noflag', name: 'noflag' }),
            h('label', { for: 'open-noflag' }, 'no flag shown'),
          ),
        ),
        field('mmsi', 'MMSI'),
        field('lat', 'Latitude (decimal, N positive)', { inputmode: 'decimal', required: true }),
        field('lon', 'Longitude (decimal, E positive)', { inputmode: 'decimal', required: true }),
        field('persons', 'Persons on board (estimate)', { type: 'number', min: 0 }),
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'open-grounds' }, 'Grounds for suspicion (one per line)'),
        h('textarea', { id: 'open-grounds', name: 'grounds', rows: 2 }),
      ),
      error,
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Open the case'),
        h('button', { type: 'button', class: 'secondary', onclick: () => fill(this.openBox) }, 'Cancel'),
      ),
    );
    fill(this.openBox, form);
    form.querySelector<HTMLInputElement>('input')?.focus();
  }

  private async submitOpen(form: HTMLFormElement, error: HTMLElement, training: boolean): Promise<void> {
    const d = new FormData(form);
    const text = (k: string) => String(d.get(k) ?? '').trim();
    const lat = Number(text('lat').replace(',', '.'));
    const lon = Number(text('lon').replace(',', '.'));
    const problems: string[] = [];
    if (!/^[A-Za-z]{2}$/.test(text('interceptingState')))
      problems.push('Intercepting State: a two-letter code');
    if (!text('unitName')) problems.push('Unit: its name');
    if (!text('lat') || !(Math.abs(lat) <= 90)) problems.push('Latitude: decimal degrees from -90 to 90');
    if (!text('lon') || !(Math.abs(lon) <= 180)) problems.push('Longitude: decimal degrees from -180 to 180');
    if (text('flag') && !/^[A-Za-z]{2}$/.test(text('flag'))) problems.push('Flag: a two-letter code');
    if (problems.length > 0) {
      fill(
        error,
        h(
          'div',
          { class: 'notice error', role: 'alert' },
          h('p', null, 'The case was not opened:'),
          h(
            'ul',
            null,
            problems.map((p) => h('li', null, p)),
          ),
        ),
      );
      return;
    }
    const grounds = text('grounds')
      .split('\n')
      .map((g) => g.trim())
      .filter(Boolean);
    const vessel: Record<string, unknown> = {};
    if (text('vesselName')) vessel.name = text('vesselName');
    if (text('description')) vessel.description = text('description');
    if (d.has('noflag')) vessel.flag = null;
    else if (text('flag')) vessel.flag = text('flag').toUpperCase();
    if (text('mmsi')) vessel.mmsi = text('mmsi');
    const body = {
      interceptingState: text('interceptingState').toUpperCase(),
      unit: {
        name: text('unitName'),
        governmentService: d.has('governmentService'),
        clearlyMarked: d.has('clearlyMarked'),
        authorised: d.has('authorised'),
      },
      vessel,
      position: { lat, lon },
      ...(text('persons') ? { personsOnBoard: Number(text('persons')) } : {}),
      ...(grounds.length > 0 ? { grounds } : {}),
      ...(training ? { training: true } : {}),
    };
    const answer = await this.ctx.api
      .post<CaseView | ApiErrorBody>('/cases', body)
      .catch((err: Error) => ({ status: 0, body: { error: 'network', message: err.message } }));
    if (answer.status === 201) {
      const view = answer.body as CaseView;
      this.ctx.announce('Case opened.');
      location.hash = `#/case/${encodeURIComponent(view.id)}`;
      return;
    }
    const err = answer.body as ApiErrorBody;
    fill(
      error,
      h(
        'div',
        { class: 'notice error', role: 'alert' },
        h('p', null, `The case was not opened: ${err.message}`),
        err.issues?.length
          ? h(
              'ul',
              null,
              err.issues.map((i) => h('li', null, `${i.path || 'body'}: ${i.message}`)),
            )
          : null,
      ),
    );
  }
}
