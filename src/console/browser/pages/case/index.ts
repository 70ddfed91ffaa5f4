/// <reference lib="dom" />
// One case as the watch officer follows it: what must be done now (life first), what the law permits, what
// to watch out for, where the vessel is, and everything recorded so far. Live over the stream. The page is
// its store (store.ts), the loader that alone writes to it (sync.ts), and one section per file that draws
// from it.
import type { Ctx, Page } from '../../context.ts';
import { h } from '../../dom.ts';
import { vesselName } from '../../format.ts';
import type { CaseView, StreamEventMessage } from '../../types.ts';
import { actionsSection } from './actions.ts';
import { auditSection } from './audit.ts';
import { basisSection } from './basis.ts';
import { chartSection } from './chart.ts';
import { deadlinesSection } from './deadlines.ts';
import { headerSection } from './header.ts';
import { incidentsSection } from './incidents.ts';
import { messagesSection } from './messages.ts';
import type { CaseScope } from './parts.ts';
import { personsSection } from './persons.ts';
import { placesSection } from './places.ts';
import { recordingSection } from './recording.ts';
import { refusedSection } from './refused.ts';
import { CaseStore } from './store.ts';
import { CaseSync } from './sync.ts';
import { warningsSection } from './warnings.ts';

export class CasePage implements Page {
  readonly el: HTMLElement;
  private readonly store = new CaseStore();
  private readonly sync: CaseSync;
  // the chart's map listens on the document: let go of it with the page
  private readonly chart: ReturnType<typeof chartSection>;

  constructor(ctx: Ctx, caseId: string) {
    const store = this.store;
    this.sync = new CaseSync(ctx, caseId, store);
    // the form first: the other sections open it, on the action, warning, incident or port shown beside;
    // after a recording it hands the officer back to the actions, to see what the step changed
    const recording = recordingSection({ ctx, store }, this.sync, () => actions.focus());
    const scope: CaseScope = { ctx, store, open: recording.open };
    const actions = actionsSection(scope);
    this.chart = chartSection(scope);
    this.el = h(
      'div',
      { class: 'case-page' },
      headerSection(scope),
      warningsSection(scope),
      h(
        'div',
        { class: 'columns' },
        h(
          'div',
          { class: 'col col-main' },
          actions.el,
          refusedSection(scope),
          recording.el,
          personsSection(scope),
          incidentsSection(scope),
          deadlinesSection(scope),
        ),
        h(
          'div',
          { class: 'col col-side' },
          basisSection(scope),
          // beside the flag State's part it carries: what reached the other desk, and what did not
          messagesSection(scope),
          this.chart.el,
          placesSection(scope),
        ),
      ),
      auditSection(scope),
    );
    store.subscribe(['load'], ({ load }) => {
      if (typeof load === 'object') this.showFailure(load.failed);
    });
  }

  get title(): string {
    const view = this.store.get().view;
    return view ? `${vesselName(view)} — case` : 'Case';
  }

  mount(): Promise<void> {
    return this.sync.load();
  }

  unmount(): void {
    this.sync.stop();
    this.store.close();
    this.chart.dispose();
  }

  onEvent(message: StreamEventMessage): void {
    this.sync.onEvent(message);
  }

  onReset(caseId: string, view: CaseView): void {
    this.sync.onReset(caseId, view);
  }

  private showFailure(message: string): void {
    this.el.replaceChildren(
      h('h1', { tabindex: -1 }, 'Case not available'),
      h('p', { class: 'notice error' }, message),
      h('p', null, h('a', { href: '#/' }, 'Back to the cases')),
    );
  }
}
