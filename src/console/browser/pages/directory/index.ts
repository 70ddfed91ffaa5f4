/// <reference lib="dom" />
// The authorities directory (SoM art. 8(6)): the State profiles and the country assessments as the desk holds
// them, and the history of every edit. The central authority edits it; every other role reads it, and the
// page says who may edit.
import type { Setting } from '../../../../../machines/schemas.ts';
import type { DirectoryEntry } from '../../../../directory/chain.ts';
import { mayEditDirectory, rolesThat } from '../../../../policy.ts';
import type { Ctx, Page } from '../../context.ts';
import { fill, h } from '../../dom.ts';
import { DirectoryEditor } from './editor.ts';
import { historyTable } from './history.ts';
import { assessmentsTable, profilesTable } from './tables.ts';

export class DirectoryPage implements Page {
  readonly el: HTMLElement;
  readonly title = 'Directory';
  private readonly body = h('div', { class: 'directory-body' });
  private readonly history = h('section', { class: 'card', 'aria-labelledby': 'dir-hist-h' });
  private readonly editor: DirectoryEditor;
  private readonly editable: boolean;
  private directory: Setting | undefined;
  private stopped = false;

  constructor(private readonly ctx: Ctx) {
    this.editable = mayEditDirectory(ctx.identity.role);
    this.editor = new DirectoryEditor(ctx, (message) => {
      ctx.announce(message);
      void this.load(message);
    });
    const editors = rolesThat(mayEditDirectory).join(' or ');
    this.el = h(
      'div',
      { class: 'directory-page' },
      h('div', { class: 'page-head' }, h('h1', { tabindex: -1 }, 'Directory')),
      h(
        'p',
        { class: 'hint who-edits' },
        this.editable
          ? `The authorities directory (SoM art. 8(6)). You may edit it: only the ${editors} does. Every edit is kept in the history below.`
          : `The authorities directory (SoM art. 8(6)), read-only: only the ${editors} may edit it.`,
      ),
      this.editor.el,
      this.body,
      this.history,
    );
  }

  async mount(): Promise<void> {
    await this.load();
  }

  unmount(): void {
    this.stopped = true;
  }

  private async load(saved?: string): Promise<void> {
    fill(this.body, h('p', { class: 'hint' }, 'Loading…'));
    try {
      const [directory, entries] = await Promise.all([
        this.ctx.api.get<Setting>('/directory'),
        this.ctx.api.all<DirectoryEntry>('/directory/history?limit=100'),
      ]);
      if (this.stopped) return;
      this.directory = directory;
      this.render(saved);
      fill(this.history, h('h2', { id: 'dir-hist-h' }, 'History'), historyTable(entries));
    } catch (err) {
      fill(
        this.body,
        h('p', { class: 'notice error' }, `The directory could not be loaded: ${(err as Error).message}`),
      );
    }
  }

  private render(saved?: string): void {
    const d = this.directory ?? { states: {}, countryAssessments: {} };
    const edit = (kind: 'state' | 'country') =>
      this.editable
        ? (code: string) =>
            this.editor.open(
              kind,
              code,
              (kind === 'state' ? d.states[code] : d.countryAssessments[code]) as Record<string, unknown>,
            )
        : undefined;
    const add = (kind: 'state' | 'country', text: string) =>
      this.editable
        ? h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: () => this.editor.open(kind, undefined, undefined),
            },
            text,
          )
        : null;
    fill(
      this.body,
      saved ? h('div', { class: 'notice ok', role: 'status' }, saved) : null,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'dir-states-h' },
        h('h2', { id: 'dir-states-h' }, 'State profiles'),
        profilesTable(d.states, edit('state')),
        add('state', 'Add a State profile'),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'dir-countries-h' },
        h('h2', { id: 'dir-countries-h' }, 'Country assessments'),
        assessmentsTable(d.countryAssessments, edit('country')),
        add('country', 'Add a country assessment'),
      ),
    );
  }
}
