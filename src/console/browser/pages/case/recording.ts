/// <reference lib="dom" />
// The record form of the case, or why this role records nothing on it. The form stays while the case moves
// on, so what the officer is typing survives a live update; only the events it offers follow the case.
import { fill, h } from '../../dom.ts';
import type { RawValues } from '../../forms/fields.ts';
import { offeredTypes, recordableTypes } from '../../law.ts';
import { RecordPanel } from '../../record/panel.ts';
import type { CaseView } from '../../types.ts';
import type { CaseScope } from './parts.ts';
import type { CaseSync } from './sync.ts';

export interface Recording {
  el: HTMLElement;
  open(type: string, prefill?: RawValues): void;
}

export function recordingSection(
  { ctx, store }: Omit<CaseScope, 'open'>,
  sync: CaseSync,
  afterRecorded: () => void,
): Recording {
  const el = h('div');
  let panel: RecordPanel | undefined;
  const recordable = (view: CaseView) => recordableTypes(ctx.meta, ctx.identity.role, view);
  store.subscribe(['view', 'offers'], ({ view }) => {
    if (!view) return;
    if (recordable(view).length === 0) {
      panel = undefined;
      const why =
        view.status !== 'open'
          ? 'The case is closed: nothing more can be recorded.'
          : ctx.identity.role === 'auditor'
            ? 'Auditors read everything and record nothing.'
            : ctx.identity.role === 'trainer'
              ? 'Trainers record events on training cases only.'
              : 'Your role records nothing on this case.';
      fill(el, h('p', { class: 'hint card' }, why));
      return;
    }
    if (panel) {
      panel.refreshTypes();
      return;
    }
    panel = new RecordPanel({
      title: 'Record an event',
      mode: 'case',
      fields: ctx.fields,
      view: () => store.get().view,
      types: () => {
        const { view: shown, offers } = store.get();
        return shown
          ? offeredTypes(ctx.meta, recordable(shown), shown, offers?.byType)
          : { suggested: [], others: [] };
      },
      offer: (type) => store.get().offers?.byType.get(type),
      send: (event, key) => sync.send(event, key),
      announce: (m) => ctx.announce(m),
      onView: (v) => sync.recorded(v),
      onRecorded: afterRecorded,
      onConflict: () => void sync.reload(),
    });
    fill(el, panel.el);
  });
  return { el, open: (type, prefill = {}) => panel?.open(type, prefill) };
}
