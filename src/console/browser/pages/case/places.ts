/// <reference lib="dom" />
// Where the persons can be brought: the place decided, if any, then the desk's ranking by sea distance with
// the ports it excluded and why. A candidate can be proposed or designated from here.
import { basisList, type Child, fill, h, icon } from '../../dom.ts';
import { words } from '../../format.ts';
import type { RawValues } from '../../forms/fields.ts';
import type { Ranking } from '../../types.ts';
import { type CaseScope, dl, mayRecord, section, shown } from './parts.ts';
import type { CaseState } from './store.ts';

type Candidate = Ranking['candidates'][number];

export function placesSection(scope: CaseScope): HTMLElement {
  const { el, body } = section('places', 'Place of safety');
  scope.store.subscribe(['view', 'places', 'placesNote'], (state) => {
    if (state.view) render(body, state, scope);
  });
  return el;
}

function render(body: HTMLElement, { view, places: r, placesNote }: CaseState, scope: CaseScope): void {
  const pos = (view?.placeOfSafety ?? {}) as Record<string, unknown>;
  const decided =
    Object.keys(pos).length > 0 ? dl(Object.entries(pos).map(([k, v]) => [words(k), shown(v)])) : null;
  const buttons = (c: Candidate) => candidateButtons(c, scope, view);
  fill(
    body,
    decided,
    r
      ? [
          h('h3', null, `Candidates (by sea distance at ${r.speedKnots} kn)`),
          // no port within reach by sea: the RCC is asked, as the note says
          r.note
            ? h('p', { class: 'notice warn', 'data-note': 'reach' }, icon('warning'), ` ${r.note}`)
            : null,
          r.candidates.length === 0
            ? h('p', { class: 'hint' }, 'No candidate port.')
            : h(
                'ol',
                { class: 'places' },
                r.candidates.slice(0, 5).map((c) =>
                  h(
                    'li',
                    { 'data-port': c.port.name },
                    h(
                      'div',
                      { class: 'place-head' },
                      h(
                        'span',
                        null,
                        h('strong', null, c.port.name),
                        ` (${c.port.country}${c.port.locode ? `, ${c.port.locode}` : ''}) — `,
                        c.seaDistanceNm !== null
                          ? `${c.seaDistanceNm} nm, about ${c.hoursToReach} h`
                          : c.beyondReachNm !== undefined
                            ? `beyond reach (${c.beyondReachNm} nm in a straight line)`
                            : 'no sea route found',
                      ),
                      h('span', { class: 'place-buttons' }, buttons(c)),
                    ),
                    h(
                      'div',
                      { class: 'hint' },
                      `medical: ${c.medicalFacilities}, reception: ${c.receptionCapacity}`,
                      c.port.invented?.length ? ' (invented demo figures)' : '',
                      c.conditions ? ` — ${c.conditions}` : '',
                    ),
                    // what the law would still refuse here today: said beside the port, before anyone designates it
                    c.declined
                      ? h(
                          'div',
                          { class: 'notice warn' },
                          icon('cross'),
                          ' Declined disembarkation in this case.',
                        )
                      : null,
                    (c.pending ?? []).map((p) =>
                      h(
                        'div',
                        { class: 'notice warn', 'data-pending': p.reason },
                        `Not yet: ${p.message}.`,
                        basisList(p.basis),
                      ),
                    ),
                  ),
                ),
              ),
          r.candidates.length > 5
            ? h('p', { class: 'hint' }, `${r.candidates.length - 5} more further away.`)
            : null,
          h('h3', null, 'Excluded'),
          r.excluded.length === 0
            ? h('p', { class: 'hint' }, 'None excluded.')
            : h(
                'ul',
                { class: 'excluded' },
                r.excluded.map((x) =>
                  h(
                    'li',
                    null,
                    icon('cross'),
                    ' ',
                    h('strong', null, x.port.name),
                    ` (${x.port.country}): ${x.reason}`,
                    basisList(x.basis),
                  ),
                ),
              ),
        ]
      : h('p', { class: 'hint' }, placesNote),
  );
}

function candidateButtons(c: Candidate, { ctx, open }: CaseScope, view: CaseState['view']): Child {
  const prefill: RawValues = { country: c.port.country, port: c.port.name };
  return [
    mayRecord(ctx, view, 'PLACE_OF_SAFETY_PROPOSED')
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary small',
            'data-key': `propose-${c.port.name}`,
            onclick: () =>
              open('PLACE_OF_SAFETY_PROPOSED', {
                ...prefill,
                lat: String(c.port.lat),
                lon: String(c.port.lon),
              }),
          },
          'Propose',
        )
      : null,
    mayRecord(ctx, view, 'PLACE_OF_SAFETY_DESIGNATED')
      ? h(
          'button',
          {
            type: 'button',
            class: 'secondary small',
            'data-key': `designate-${c.port.name}`,
            onclick: () => open('PLACE_OF_SAFETY_DESIGNATED', prefill),
          },
          'Designate',
        )
      : null,
  ];
}
