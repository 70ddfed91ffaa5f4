/// <reference lib="dom" />
// How each thing on the chart looks, and the legend that names it: one palette for both, so the legend can
// never show a colour the chart does not use. Zones differ in line pattern as well as colour, for officers
// who cannot tell the blues and violets apart at night.
import type { FeatureLike } from 'ol/Feature.js';
import { Circle, Fill, RegularShape, Stroke, Style, Text } from 'ol/style.js';
import { type Child, s } from '../dom.ts';

const FONT = 'system-ui, "DejaVu Sans", "Liberation Sans", Arial, sans-serif';
const INK = '#111827';
const HALO = new Stroke({ color: 'rgba(255, 255, 255, 0.92)', width: 3 });

export const PALETTE = {
  land: { fill: '#efe6cf', stroke: '#8a7f68', dash: [] as number[] },
  territorialSea: { fill: '#b4d3ee', stroke: '#1d4ed8', dash: [6, 4] },
  contiguousZone: { fill: '#e6defa', stroke: '#6d28d9', dash: [12, 4, 2, 4] },
  track: { stroke: INK, dash: [] as number[] },
  route: { stroke: '#166534', dash: [8, 6] },
  vessel: { fill: '#b91c1c', stroke: '#ffffff' },
  port: { fill: '#166534', stroke: '#ffffff' },
  excluded: { stroke: '#b91c1c' },
  graticule: { stroke: 'rgba(30, 41, 59, 0.4)' },
} as const;

const zone = (p: { fill: string; stroke: string; dash: readonly number[] }, width: number) =>
  new Style({
    fill: new Fill({ color: p.fill }),
    stroke: new Stroke({ color: p.stroke, width, lineDash: [...p.dash] }),
  });

export const contiguousZoneStyle = zone(PALETTE.contiguousZone, 1.5);

// styles are asked for on every frame: one per State, made once
const territorialSeas = new Map<string, Style>();

// the State's code inside its territorial sea, where the piece in view is wide enough to hold it
export function territorialSeaStyle(feature: FeatureLike): Style {
  const state = String(feature.get('state') ?? '');
  let style = territorialSeas.get(state);
  if (!style) {
    style = zone(PALETTE.territorialSea, 1.5);
    style.setText(
      new Text({ text: state, font: `700 13px ${FONT}`, fill: new Fill({ color: '#1e3a8a' }), stroke: HALO }),
    );
    territorialSeas.set(state, style);
  }
  return style;
}

// Land is every ring of the desk's land, lakes included, as one shape filled even-odd: the rings come
// without telling outer from inner, and canvas' even-odd rule is what tells them apart.
export const landStyle = new Style({
  renderer(coordinates, state) {
    const ctx = state.context;
    ctx.beginPath();
    for (const ring of coordinates as number[][][]) {
      for (const [i, [x = 0, y = 0]] of ring.entries()) {
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.closePath();
    }
    ctx.fillStyle = PALETTE.land.fill;
    ctx.fill('evenodd');
    ctx.lineWidth = state.pixelRatio;
    ctx.strokeStyle = PALETTE.land.stroke;
    ctx.stroke();
  },
});

export const trackStyle = new Style({
  stroke: new Stroke({ color: PALETTE.track.stroke, width: 2 }),
});

export const fixStyle = new Style({
  image: new Circle({
    radius: 3.5,
    fill: new Fill({ color: '#ffffff' }),
    stroke: new Stroke({ color: PALETTE.track.stroke, width: 1.5 }),
  }),
});

export const routeStyle = new Style({
  stroke: new Stroke({ color: PALETTE.route.stroke, width: 2.5, lineDash: [...PALETTE.route.dash] }),
});

const portLabel = (text: string, color: string, weight: number) =>
  new Text({
    text,
    font: `${weight} 13px ${FONT}`,
    fill: new Fill({ color }),
    stroke: HALO,
    textAlign: 'left',
    offsetX: 11,
    offsetY: 1,
  });

// Marks are never decluttered, only labels: the vessel and every port always show, and the vessel's label,
// drawn first (its layer is on top), keeps its place against the ports'. (Marks as declutter obstacles, so
// labels also kept off them, hid every label of the group in OpenLayers 10.11.)
export const vesselStyles = [
  new Style({
    image: new Circle({
      radius: 14,
      stroke: new Stroke({ color: PALETTE.vessel.fill, width: 2.5 }),
      declutterMode: 'none',
    }),
  }),
  new Style({
    image: new Circle({
      radius: 7,
      fill: new Fill({ color: PALETTE.vessel.fill }),
      stroke: new Stroke({ color: PALETTE.vessel.stroke, width: 2.5 }),
      declutterMode: 'none',
    }),
    text: new Text({
      text: 'Vessel',
      font: `800 14px ${FONT}`,
      fill: new Fill({ color: PALETTE.vessel.fill }),
      stroke: HALO,
      textAlign: 'left',
      offsetX: 18,
      offsetY: -12,
    }),
  }),
];

const portMark = new RegularShape({
  points: 4,
  radius: 7,
  angle: Math.PI / 4,
  fill: new Fill({ color: PALETTE.port.fill }),
  stroke: new Stroke({ color: PALETTE.port.stroke, width: 1.5 }),
  declutterMode: 'none',
});

const excludedMark = new RegularShape({
  points: 4,
  radius: 7,
  radius2: 0,
  angle: Math.PI / 4,
  stroke: new Stroke({ color: PALETTE.excluded.stroke, width: 2.5 }),
  declutterMode: 'none',
});

// Port labels are decluttered (the layer says so): where two would overlap, the one drawn first stays, so
// the ports come in the order they matter. A feature's style is made once, when the feature is.
export function portStyle(label: string, kind: 'target' | 'candidate' | 'excluded'): Style[] {
  const excluded = kind === 'excluded';
  return [
    new Style({ image: excluded ? excludedMark : portMark }),
    new Style({ text: portLabel(label, excluded ? '#7f1d1d' : INK, kind === 'target' ? 800 : 600) }),
  ];
}

// Graticule labels as the chart's edge reads them: 35°30′N, not 35°30.000′N.
export const gridLabel = (text: string) => text.replace(/\.?0+′/, '′');

export const graticuleStroke = new Stroke({ color: PALETTE.graticule.stroke, width: 1, lineDash: [2, 4] });
export const lonLabelStyle = new Text({
  font: `11px ${FONT}`,
  textBaseline: 'bottom',
  offsetY: -4,
  fill: new Fill({ color: INK }),
  stroke: HALO,
});
export const latLabelStyle = new Text({
  font: `11px ${FONT}`,
  textAlign: 'end',
  offsetX: -4,
  fill: new Fill({ color: INK }),
  stroke: HALO,
});

// The legend's swatches, drawn from the palette above.
type Swatch =
  | 'land'
  | 'territorialSea'
  | 'contiguousZone'
  | 'track'
  | 'route'
  | 'vessel'
  | 'port'
  | 'excluded';

export function swatch(kind: Swatch): Child {
  const svg = (...children: Child[]) =>
    s(
      'svg',
      { class: 'key', viewBox: '0 0 24 16', width: 24, height: 16, 'aria-hidden': 'true' },
      ...children,
    );
  switch (kind) {
    case 'land':
    case 'territorialSea':
    case 'contiguousZone': {
      const p = PALETTE[kind];
      return svg(
        s('rect', {
          x: 1,
          y: 1,
          width: 22,
          height: 14,
          fill: p.fill,
          stroke: p.stroke,
          'stroke-width': 1.5,
          'stroke-dasharray': p.dash.length > 0 ? p.dash.map((n) => n / 2).join(' ') : null,
        }),
      );
    }
    case 'track':
      return svg(
        s('path', { d: 'M2 12L12 6L22 4', fill: 'none', stroke: PALETTE.track.stroke, 'stroke-width': 2 }),
        s('circle', {
          cx: 12,
          cy: 6,
          r: 2.5,
          fill: '#fff',
          stroke: PALETTE.track.stroke,
          'stroke-width': 1.2,
        }),
      );
    case 'route':
      return svg(
        s('path', {
          d: 'M1 8H23',
          stroke: PALETTE.route.stroke,
          'stroke-width': 2.5,
          'stroke-dasharray': PALETTE.route.dash.map((n) => n / 2).join(' '),
        }),
      );
    case 'vessel':
      return svg(
        s('circle', {
          cx: 12,
          cy: 8,
          r: 6.5,
          fill: 'none',
          stroke: PALETTE.vessel.fill,
          'stroke-width': 1.5,
        }),
        s('circle', {
          cx: 12,
          cy: 8,
          r: 3.5,
          fill: PALETTE.vessel.fill,
          stroke: '#fff',
          'stroke-width': 1.2,
        }),
      );
    case 'port':
      return svg(s('rect', { x: 7, y: 3, width: 10, height: 10, fill: PALETTE.port.fill, stroke: '#fff' }));
    case 'excluded':
      return svg(
        s('path', { d: 'M7 3L17 13M17 3L7 13', stroke: PALETTE.excluded.stroke, 'stroke-width': 2.5 }),
      );
  }
}
