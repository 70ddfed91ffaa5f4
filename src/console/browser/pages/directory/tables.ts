/// <reference lib="dom" />
// The directory as it is now (GET /directory): one row per State profile and per country assessment, each
// with an Edit button for whoever may edit it.
import type { CountryAssessment, Setting, StateProfile } from '../../../../../machines/schemas.ts';
import { h } from '../../dom.ts';

const yes = (v: boolean | undefined) => (v === undefined ? '—' : v ? 'yes' : 'no');
const or = (v: unknown) => (v === undefined || v === '' ? '—' : String(v));

type Edit = ((key: string) => void) | undefined;

const editCell = (edit: Edit, key: string, what: string) =>
  edit
    ? h(
        'td',
        null,
        h(
          'button',
          { type: 'button', class: 'secondary small', onclick: () => edit(key) },
          'Edit',
          h('span', { class: 'sr-only' }, ` ${what}`),
        ),
      )
    : null;

const table = (caption: string, heads: string[], edit: Edit, rows: HTMLElement[]) =>
  h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'directory' },
      h('caption', { class: 'sr-only' }, caption),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          heads.map((t) => h('th', { scope: 'col' }, t)),
          edit ? h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Edit')) : null,
        ),
      ),
      h('tbody', null, rows),
    ),
  );

export function profilesTable(states: Setting['states'], edit: Edit): HTMLElement {
  const entries = Object.entries(states).sort(([a], [b]) => a.localeCompare(b));
  const row = ([state, p]: [string, StateProfile]) =>
    h(
      'tr',
      { 'data-state': state },
      h('th', { scope: 'row' }, state),
      h('td', null, yes(p.protocolParty)),
      h('td', null, or(p.replyWithinHours)),
      h('td', null, or(p.contiguousZoneNm)),
      h(
        'td',
        null,
        p.officeHours ? `${p.officeHours.from}–${p.officeHours.to}` : '—',
        p.timeZone ? ` (${p.timeZone})` : '',
      ),
      h('td', null, or(p.languages?.join(', '))),
      h('td', null, or(p.contact)),
      h('td', null, or(p.rcc)),
      h(
        'td',
        null,
        p.deemedConsent ? `${p.deemedConsent.agreement} (after ${p.deemedConsent.afterHours} h)` : '—',
      ),
      editCell(edit, state, `the profile of ${state}`),
    );
  return table(
    'State profiles',
    [
      'State',
      'Protocol party',
      'Reply within (h)',
      'Contiguous zone (nm)',
      'Office hours',
      'Languages',
      'Contact',
      'RCC',
      'Deemed consent',
    ],
    edit,
    entries.map(row),
  );
}

export function assessmentsTable(assessments: Setting['countryAssessments'], edit: Edit): HTMLElement {
  const entries = Object.entries(assessments).sort(([a], [b]) => a.localeCompare(b));
  const row = ([country, a]: [string, CountryAssessment]) =>
    h(
      'tr',
      { 'data-country': country },
      h('th', { scope: 'row' }, country),
      h('td', { class: a.unsafe ? 'unsafe' : null }, a.unsafe ? 'unsafe' : 'not unsafe'),
      h('td', null, a.source),
      h('td', null, a.date),
      h('td', null, or(a.conditions)),
      editCell(edit, country, `the assessment of ${country}`),
    );
  return table(
    'Country assessments',
    ['Country', 'For disembarkation', 'Source', 'Date', 'Note'],
    edit,
    entries.map(row),
  );
}
