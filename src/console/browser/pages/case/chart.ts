/// <reference lib="dom" />
// Where the vessel is and has been, the zones around it and the places of safety, on a chart the officer can
// zoom and pan (chart/sea-chart.ts), and the same in words beside it for anyone who cannot see the chart.
// The chart is made once and then only its features change, so a live update never throws away the view
// the officer zoomed to.
import { ChartGeography, claimsParam, type GeographyStatus } from '../../chart/geography.ts';
import { SeaChart } from '../../chart/sea-chart.ts';
import { swatch } from '../../chart/styles.ts';
import { fill, h } from '../../dom.ts';
import { MAP_HEIGHT, MAP_WIDTH } from '../../map.ts';
import type { ConsoleGeo } from '../../types.ts';
import { type Situation, situationOf } from './chart-situation.ts';
import { type CaseScope, section } from './parts.ts';
import type { CaseState } from './store.ts';

const ROUTE_LEGEND: Record<NonNullable<Situation['target']>['why'], string> = {
  designated: 'Sea route to the place of safety designated',
  proposed: 'Sea route to the place of safety proposed',
  nearest: 'Sea route to the nearest candidate',
};

function legend(situation: Situation): HTMLElement {
  const item = (key: Parameters<typeof swatch>[0], text: string) => h('li', null, swatch(key), text);
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Chart legend' },
    item('land', 'Land'),
    item('territorialSea', 'Territorial sea (12 nm)'),
    item('contiguousZone', 'Contiguous zone claimed (to 24 nm)'),
    item('vessel', 'Vessel, last position'),
    item('track', 'Track (reported positions)'),
    situation.route && situation.target ? item('route', ROUTE_LEGEND[situation.target.why]) : null,
    item('port', 'Candidate port (numbered by sea distance)'),
    item('excluded', 'Excluded port'),
  );
}

// The zones the loaded geography shows, in words.
function zonesInView(geo: ConsoleGeo, claimsNote: string): string {
  const seas = geo.territorialSea.map((t) => t.state);
  const zones = (geo.contiguousZone ?? []).map((z) => `${z.state} (${z.breadthNm} nm)`);
  return (
    `Territorial seas on the chart: ${seas.length > 0 ? seas.join(', ') : 'none'}.` +
    ` Contiguous zones claimed: ${zones.length > 0 ? zones.join(', ') : 'none'}.${claimsNote}`
  );
}

export function chartSection({ ctx, store }: CaseScope): { el: HTMLElement; dispose(): void } {
  const { el, body } = section('map', 'Chart');
  const mapEl = h('div', {
    class: 'chart-map',
    tabindex: 0,
    role: 'application',
    'aria-label': 'Chart around the vessel',
    'aria-describedby': 'chart-summary chart-zones chart-keys',
    'data-geography': 'loading',
    style: `aspect-ratio: ${MAP_WIDTH} / ${MAP_HEIGHT}`,
  });
  const cursor = h('span', { class: 'chart-cursor' });
  const summary = h('p', { id: 'chart-summary', class: 'chart-summary' });
  const zones = h('p', { id: 'chart-zones', class: 'hint' });
  const legendSlot = h('div');
  fill(body, h('p', { class: 'hint' }, 'Loading the chart…'));
  let situation: Situation | undefined;
  let chart: SeaChart | undefined;
  let claimsNote = '';
  let claimsKey: number | undefined;

  const geography = new ChartGeography(
    ctx.api,
    (geo) => {
      chart?.showGeography(geo);
      zones.textContent = zonesInView(geo, claimsNote);
    },
    (status: GeographyStatus) => {
      mapEl.dataset.geography = typeof status === 'string' ? status : 'failed';
      if (typeof status === 'object')
        zones.textContent = `The land and seas could not be loaded: ${status.failed}`;
    },
  );

  // Only States that claim a contiguous zone have one: the directory says which. Read again after a
  // directory edit reached the case.
  const readClaims = (state: CaseState) => {
    const key = [...state.rows.values()].filter((r) => r.type === 'SETTING_CHANGED').length;
    if (key === claimsKey) return;
    claimsKey = key;
    ctx.api.get<{ states?: Record<string, { contiguousZoneNm?: number }> }>('/directory').then(
      (directory) => {
        claimsNote = '';
        geography.setClaims(claimsParam(directory));
      },
      (err: Error) => {
        claimsKey = undefined;
        claimsNote = ` Contiguous zones are not shown: the directory could not be read (${err.message}).`;
        geography.setClaims('');
      },
    );
  };

  const start = (first: Situation) => {
    fill(
      body,
      h(
        'div',
        { class: 'chart-bar' },
        h('p', { class: 'chart-readout' }, 'Pointer ', cursor),
        h(
          'button',
          {
            type: 'button',
            class: 'secondary small',
            onclick: () => situation && chart?.open(situation.box),
          },
          'Centre on the vessel',
        ),
      ),
      h('div', { class: 'chart-frame' }, mapEl),
      summary,
      zones,
      legendSlot,
      h(
        'p',
        { id: 'chart-keys', class: 'hint' },
        'Drag to pan; the wheel or the + and − buttons zoom. With the chart focused, the arrow keys pan and + and − zoom.',
      ),
    );
    chart = new SeaChart(mapEl, cursor, (box) => geography.follow(box));
    chart.open(first.box);
  };

  store.subscribe(['view', 'rows', 'places'], (state) => {
    const next = situationOf(state);
    if (!next) return;
    situation = next;
    if (!chart) start(next);
    else chart.follow(next.box);
    readClaims(state);
    chart?.showSituation(next);
    summary.textContent = next.summary;
    fill(legendSlot, legend(next));
  });

  return {
    el,
    dispose: () => {
      geography.stop();
      chart?.dispose();
    },
  };
}
