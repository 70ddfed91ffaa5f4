/// <reference lib="dom" />
// The trainer's desk: run a scenario on a sandbox case at a chosen pace, answer each paused decision as the
// trainee would, and read the score with the law's reasons. Session progress arrives over the stream. The
// desk keeps the sessions, so every tab lists them all and any can take one up, also after a restart. A
// trainee reads neutral titles, briefings and the situation at each decision; the scenario's own title and
// summary come as the debrief.
import type { Ctx, Page } from '../context.ts';
import { basisList, fill, h, icon } from '../dom.ts';
import { humanize, utc } from '../format.ts';
import { RecordPanel } from '../record/panel.ts';
import type { ScenarioInfo, SessionScore, SessionView } from '../types.ts';

const PACES: Array<[number, string]> = [
  [0, 'no waiting (straight to each decision)'],
  [60, '1 minute per second'],
  [600, '10 minutes per second'],
  [1, 'real time'],
];

export class TrainingPage implements Page {
  readonly el: HTMLElement;
  readonly title = 'Training';
  private readonly scenarioBox = h('div');
  private readonly sessionBox = h('div', { class: 'sessions' });
  private readonly sessions = new Map<string, SessionView>();
  private readonly cards = new Map<
    string,
    { el: HTMLElement; status: HTMLElement; panel: RecordPanel; score: HTMLElement }
  >();
  private stopped = false;

  constructor(private readonly ctx: Ctx) {
    this.el = h(
      'div',
      { class: 'training-page' },
      h('div', { class: 'page-head' }, h('h1', { tabindex: -1 }, 'Training')),
      h(
        'div',
        { class: 'columns' },
        h(
          'section',
          { class: 'col card', 'aria-labelledby': 'scen-h' },
          h('h2', { id: 'scen-h' }, 'Scenarios'),
          this.scenarioBox,
        ),
        h(
          'section',
          { class: 'col', 'aria-labelledby': 'sess-h' },
          h('h2', { id: 'sess-h' }, 'Sessions'),
          this.sessionBox,
        ),
      ),
    );
  }

  async mount(): Promise<void> {
    fill(this.scenarioBox, h('p', { class: 'hint' }, 'Loading…'));
    try {
      const scenarios = await this.ctx.api.get<ScenarioInfo[]>('/training/scenarios');
      if (!this.stopped) this.renderScenarios(scenarios);
    } catch (err) {
      fill(
        this.scenarioBox,
        h('p', { class: 'notice error' }, `The scenarios could not be loaded: ${(err as Error).message}`),
      );
    }
    try {
      const kept = await this.ctx.api.get<SessionView[]>('/training/sessions');
      // oldest first, each prepended: the newest ends on top
      for (const session of kept) if (!this.sessions.has(session.id) && !this.stopped) this.update(session);
    } catch (err) {
      fill(
        this.sessionBox,
        h('p', { class: 'notice error' }, `The sessions could not be loaded: ${(err as Error).message}`),
      );
    }
    this.renderEmpty();
  }

  unmount(): void {
    this.stopped = true;
  }

  onTraining(session: SessionView): void {
    if (!this.stopped) this.update(session);
  }

  private renderEmpty(): void {
    if (this.sessions.size === 0)
      fill(this.sessionBox, h('p', { class: 'hint' }, 'No session yet: start one from a scenario.'));
  }

  private renderScenarios(scenarios: ScenarioInfo[]): void {
    const paceId = 'pace';
    const pace = h(
      'select',
      { id: paceId },
      PACES.map(([v, label]) => h('option', { value: String(v) }, label)),
    );
    fill(
      this.scenarioBox,
      h('div', { class: 'field' }, h('label', { for: paceId }, 'Pace'), pace),
      h(
        'ul',
        { class: 'scenarios' },
        scenarios.map((s) =>
          h(
            'li',
            { 'data-scenario': s.id },
            h('strong', null, s.title),
            h('p', null, s.briefing),
            h('p', { class: 'hint' }, `${s.decisions} decision${s.decisions === 1 ? '' : 's'}`),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () => void this.start(s.id, Number(pace.value)),
              },
              `Start “${s.title}”`,
            ),
          ),
        ),
      ),
    );
  }

  private async start(scenarioId: string, pace: number): Promise<void> {
    const answer = await this.ctx.api.post<SessionView & { message?: string }>('/training/sessions', {
      scenarioId,
      pace,
    });
    if (answer.status !== 201) {
      this.ctx.announce(`The session did not start: ${answer.body.message ?? answer.status}`);
      return;
    }
    // the stream may have told us more already (a session at pace 0 reaches its first decision at once)
    if (!this.sessions.has(answer.body.id)) this.update(answer.body);
    this.ctx.announce(`Session started: ${answer.body.title}.`);
    this.cards.get(answer.body.id)?.el.scrollIntoView({ block: 'start' });
  }

  private update(session: SessionView): void {
    const previous = this.sessions.get(session.id);
    this.sessions.set(session.id, session);
    let card = this.cards.get(session.id);
    if (!card) {
      const status = h('div');
      const score = h('div', { class: 'score' });
      const panel = new RecordPanel({
        title: 'Your decision',
        mode: 'decision',
        fields: this.ctx.fields,
        view: () => undefined,
        types: () => ({ suggested: [], others: [...this.ctx.meta.eventTypes] }),
        send: (event) =>
          this.ctx.api.post(`/training/sessions/${encodeURIComponent(session.id)}/decisions`, event),
        announce: (m) => this.ctx.announce(m),
      });
      const el = h(
        'article',
        { class: 'card session', 'data-session': session.id },
        status,
        panel.el,
        h(
          'div',
          { class: 'form-actions' },
          h(
            'button',
            { type: 'button', class: 'secondary', onclick: () => void this.score(session.id) },
            'Show the score',
          ),
        ),
        score,
      );
      card = { el, status, panel, score };
      this.cards.set(session.id, card);
      if (this.sessions.size === 1) fill(this.sessionBox);
      this.sessionBox.prepend(el);
    }
    const s = session;
    fill(
      card.status,
      h('h3', null, s.title),
      h(
        'p',
        null,
        h('span', { class: `tag session-${s.status}`, 'data-status': s.status }, humanize(s.status)),
        ` scenario time ${utc(s.at)} · pace ${s.pace} · `,
        h('a', { href: `#/case/${encodeURIComponent(s.caseId)}` }, 'open the training case'),
      ),
      h('p', { class: 'briefing' }, s.briefing),
      s.pendingDecision
        ? h(
            'div',
            { class: 'decision-now' },
            h(
              'p',
              { class: 'prompt' },
              icon('clock'),
              ` Step ${s.pendingDecision.step}: ${s.pendingDecision.prompt}`,
            ),
            h(
              'ul',
              { class: 'situation', 'aria-label': 'The situation now' },
              s.pendingDecision.situation.map((line) => h('li', null, line)),
            ),
          )
        : null,
      s.debrief
        ? h(
            'details',
            { class: 'debrief' },
            h('summary', null, `Debrief: ${s.debrief.title}`),
            h('p', null, s.debrief.summary),
          )
        : null,
      s.decisions.length > 0
        ? h(
            'p',
            { class: 'hint' },
            `${s.decisions.filter((d) => d.correct).length} of ${s.decisions.length} decisions correct so far.`,
          )
        : null,
    );
    card.panel.setEnabled(
      s.status === 'awaiting-decision',
      s.status === 'finished'
        ? 'The session is finished.'
        : 'The scenario is running; the next decision will appear here.',
    );
    if (s.status === 'awaiting-decision' && previous?.status !== 'awaiting-decision') {
      this.ctx.announce(`Decision needed: ${s.pendingDecision?.prompt ?? ''}`);
    }
    if (s.status === 'finished' && previous && previous.status !== 'finished') void this.score(s.id);
  }

  private async score(id: string): Promise<void> {
    const card = this.cards.get(id);
    if (!card) return;
    try {
      const score = await this.ctx.api.get<SessionScore>(
        `/training/sessions/${encodeURIComponent(id)}/score`,
      );
      fill(
        card.score,
        h('h3', null, `Score: ${score.correct} of ${score.total}`),
        score.decisions.length === 0
          ? h('p', { class: 'hint' }, 'No decision answered yet.')
          : h(
              'ol',
              { class: 'decisions' },
              score.decisions.map((d) =>
                h(
                  'li',
                  { class: d.correct ? 'correct' : 'wrong' },
                  icon(d.correct ? 'check' : 'cross'),
                  ` Step ${d.step} (${d.at}): chose ${humanize(d.chosen.type)} (${d.outcome}); expected ${humanize(d.expected.type)} (${d.expectedOutcome}).`,
                  h('p', null, d.explanation),
                  differenceTable(d),
                  basisList(d.basis),
                ),
              ),
            ),
      );
    } catch (err) {
      fill(
        card.score,
        h('p', { class: 'notice error' }, `The score could not be loaded: ${(err as Error).message}`),
      );
    }
  }
}

const shown = (v: unknown) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

// Field by field: what the trainee's event said beside the scenario's, and what of it the law acts on.
function differenceTable(d: SessionScore['decisions'][number]): HTMLElement | null {
  const rows = [
    ...d.decisive.map((x) => ({ ...x, decisive: true })),
    ...d.differences.map((x) => ({ ...x, decisive: false })),
  ];
  if (rows.length === 0) return null;
  return h(
    'table',
    { class: 'differences' },
    h('caption', null, 'Where the choice differs from the scenario'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, 'What'),
        h('th', { scope: 'col' }, 'Scenario'),
        h('th', { scope: 'col' }, 'Trainee'),
        h('th', { scope: 'col' }, 'Decisive'),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((r) =>
        h(
          'tr',
          { class: r.decisive ? 'decisive' : undefined, 'data-field': r.field },
          h('th', { scope: 'row' }, r.decisive ? `${r.field} (after the step)` : `${r.field} (in the event)`),
          h('td', null, shown(r.expected)),
          h('td', null, shown(r.chosen)),
          // an event field is not decisive by itself: what it leads to is (the rows after the step)
          h('td', null, r.decisive ? 'yes: the law acts on it' : d.correct ? 'no' : '—'),
        ),
      ),
    ),
  );
}
