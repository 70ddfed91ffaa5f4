/// <reference lib="dom" />
// Every edit of the directory (GET /directory/history, all its pages): who, when, what changed from what,
// and on what source. The seed is the directory the desk started with.
import type { DirectoryEntry } from '../../../../directory/chain.ts';
import { h } from '../../dom.ts';
import { utc, words } from '../../format.ts';

const shown = (v: unknown) => (v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function subject(e: DirectoryEntry): string {
  switch (e.kind) {
    case 'seed':
      return 'the directory the desk started with';
    case 'state-profile':
      return `profile of ${e.state}`;
    case 'country-assessment':
      return `assessment of ${e.country}`;
    case 'security-council-authorisation':
      return `Security Council resolution ${e.resolution}`;
  }
}

// One line per field that changed, from what to what.
function changes(e: DirectoryEntry): HTMLElement {
  if (e.kind === 'seed') {
    const n = (o: object | undefined) => Object.keys(o ?? {}).length;
    return h(
      'span',
      null,
      `${n(e.after.states)} State profiles, ${n(e.after.countryAssessments)} country assessments`,
    );
  }
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = e.after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => shown(before[k]) !== shown(after[k]),
  );
  if (keys.length === 0) return h('span', null, 'nothing changed');
  return h(
    'ul',
    { class: 'changes' },
    keys.map((k) =>
      h('li', null, `${words(k)}: `, e.before ? `${shown(before[k])} → ` : '', shown(after[k])),
    ),
  );
}

const sourceOf = (e: DirectoryEntry) =>
  e.kind === 'country-assessment' ? `${e.after.source} (${e.after.date})` : '—';

export function historyTable(entries: readonly DirectoryEntry[]): HTMLElement {
  // newest first: the edit just saved is read first
  const rows = [...entries]
    .reverse()
    .map((e) =>
      h(
        'tr',
        { 'data-seq': e.seq, 'data-kind': e.kind },
        h('td', null, String(e.seq)),
        h('td', null, h('time', { datetime: e.at }, utc(e.at, true))),
        h('td', null, e.actor),
        h('td', null, e.before === null && e.kind !== 'seed' ? `new ${subject(e)}` : subject(e)),
        h('td', null, changes(e)),
        h('td', null, sourceOf(e)),
      ),
    );
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'directory-history' },
      h('caption', null, `History of edits (${entries.length}, newest first)`),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['#', 'When', 'Who', 'What', 'Changed', 'Source'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h('tbody', null, rows),
    ),
  );
}
