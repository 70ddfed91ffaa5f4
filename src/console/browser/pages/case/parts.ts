/// <reference lib="dom" />
// What the case page's sections share: the card they sit in, the way they show facts and zones.
import type { Ctx } from '../../context.ts';
import { type Child, h } from '../../dom.ts';
import { words } from '../../format.ts';
import type { RawValues } from '../../forms/fields.ts';
import { recordableTypes } from '../../law.ts';
import type { CaseView } from '../../types.ts';
import type { CaseStore } from './store.ts';

// What a section is given: it reads the case from the store and opens the record form through `open`.
export interface CaseScope {
  ctx: Ctx;
  store: CaseStore;
  // nothing happens when the role records nothing on this case
  open(type: string, prefill?: RawValues): void;
}

export function section(
  id: string,
  title: string,
  ...extra: Child[]
): { el: HTMLElement; body: HTMLElement; heading: HTMLElement } {
  const body = h('div', { class: 'section-body' });
  const heading = h('h2', { id: `${id}-h` }, title, extra);
  const el = h('section', { class: 'card', id, 'aria-labelledby': `${id}-h` }, heading, body);
  return { el, body, heading };
}

export function mayRecord(ctx: Ctx, view: CaseView | undefined, type: string): boolean {
  return !!view && recordableTypes(ctx.meta, ctx.identity.role, view).includes(type);
}

export const yesNo = (v: unknown) =>
  v === true ? 'yes' : v === false ? 'no' : v === null || v === undefined ? '—' : String(v);

export function dl(entries: Array<[string, Child]>): HTMLElement {
  return h(
    'dl',
    { class: 'facts' },
    entries.map(([k, v]) => [
      h('dt', null, k),
      h('dd', null, v === undefined || v === null || v === '' ? '—' : v),
    ]),
  );
}

// A value of the case view whose shape the page does not know in advance, as readable as it gets.
export function shown(v: unknown): Child {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return yesNo(v);
  if (Array.isArray(v))
    return v.length === 0
      ? 'none'
      : v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '—';
    return h(
      'ul',
      { class: 'plain' },
      entries.map(([k, x]) =>
        h('li', null, `${words(k)}: `, typeof x === 'object' && x !== null ? JSON.stringify(x) : yesNo(x)),
      ),
    );
  }
  return String(v);
}

export function zoneText(zone: CaseView['zone']): string {
  const z = zone as
    | { zone?: string; state?: string; states?: string[]; distanceToTerritorialSeaNm?: number }
    | undefined;
  if (!z?.zone) return 'unknown';
  const states = z.states && z.states.length > 1 ? ` (claimed by ${z.states.join(', ')})` : '';
  if (z.zone === 'territorial-sea') return `territorial sea of ${z.state ?? '?'}${states}`;
  if (z.zone === 'contiguous-zone') return `contiguous zone of ${z.state ?? '?'}${states}`;
  return `beyond any territorial sea${z.distanceToTerritorialSeaNm !== undefined ? ` (${z.distanceToTerritorialSeaNm} nm from the nearest)` : ''}`;
}

// contract.md, The case view: `legalBasis.suspendedBy` ("distress") while the danger bars boarding
export function suspendedBy(view: CaseView): string | undefined {
  const by = (view.legalBasis as { suspendedBy?: unknown }).suspendedBy;
  return typeof by === 'string' && by ? by : undefined;
}
