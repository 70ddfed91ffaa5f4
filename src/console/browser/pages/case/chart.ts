/// <reference lib="dom" />
// Where the vessel is and has been, the territorial seas around it and the nearest places of safety.
import { fill, h } from '../../dom.ts';
import { position, utc } from '../../format.ts';
import { drawMap, type MapPort } from '../../map.ts';
import { type CaseScope, section, zoneText } from './parts.ts';
import { type CaseState, chartFrame } from './store.ts';

export function chartSection({ store }: CaseScope): HTMLElement {
  const { el, body } = section('map', 'Chart');
  store.subscribe(['view', 'rows', 'places', 'chart'], (state) => render(body, state));
  return el;
}

function render(body: HTMLElement, state: CaseState): void {
  const frame = chartFrame(state);
  if (!frame || !state.view) return;
  const { geo, note, failed } = state.chart;
  if (!geo || failed) {
    fill(body, h('p', { class: 'hint' }, note));
    return;
  }
  const { track, last, best } = frame;
  const ports: MapPort[] = [
    ...(state.places?.candidates ?? [])
      .slice(0, 6)
      .map((c, i) => ({ ...c.port, excluded: false, rank: i + 1 })),
    ...(state.places?.excluded ?? []).map((x) => ({ ...x.port, excluded: true })),
  ];
  const states = geo.territorialSea.map((t) => t.state).join(', ');
  const description = `Chart around the vessel: last reported at ${position(last)}, ${zoneText(state.view.zone)}. ${track.length} reported position${track.length === 1 ? '' : 's'}.${states ? ` Territorial seas in view: ${states}.` : ''}${best ? ` Nearest place of safety: ${best.port.name} (${best.port.country}).` : ''}`;
  fill(
    body,
    h(
      'div',
      { class: 'map-frame' },
      drawMap({ geo, track, ports, ...(best?.path ? { route: best.path } : {}), description }),
    ),
    h(
      'ul',
      { class: 'legend', 'aria-label': 'Chart legend' },
      h('li', null, h('span', { class: 'key key-ts' }), 'Territorial sea (12 nm) and land'),
      h('li', null, h('span', { class: 'key key-track' }), 'Reported positions'),
      h('li', null, h('span', { class: 'key key-route' }), 'Sea route to the first candidate'),
      h('li', null, h('span', { class: 'key key-port' }), 'Candidate port'),
      h('li', null, h('span', { class: 'key key-excluded' }), 'Excluded port'),
    ),
    h('p', { class: 'hint' }, `Last position ${position(last)}${last.at ? ` at ${utc(last.at)}` : ''}.`),
  );
}
