/// <reference lib="dom" />
// The flag State's part, and a hot pursuit if one began: shown with the legal basis they decide.
import { h } from '../../dom.ts';
import { utc } from '../../format.ts';
import type { CaseView } from '../../types.ts';
import { dl, shown } from './parts.ts';

export function flagStateBlock(view: CaseView): HTMLElement | null {
  const fs = view.flagState;
  if (!fs.state && !fs.registry && !fs.reply) return null;
  return h(
    'div',
    null,
    h('h3', null, 'Flag State'),
    dl([
      ['State', fs.state ?? '—'],
      ['Registry', fs.registry ? String(fs.registry) : 'not confirmed'],
      ['Reply', fs.reply ? String(fs.reply) : 'none yet'],
      ['Scopes granted', fs.grantedScopes.length ? fs.grantedScopes.join(', ') : 'none'],
      ['Notified', fs.notifiedAt ? utc(fs.notifiedAt) : '—'],
      ['Acknowledged', fs.acknowledgedAt ? utc(fs.acknowledgedAt) : '—'],
    ]),
  );
}

export function hotPursuitBlock(view: CaseView): HTMLElement | null {
  const hp = view.hotPursuit as Record<string, unknown> | null;
  return hp ? h('div', null, h('h3', null, 'Hot pursuit'), shown(hp)) : null;
}
