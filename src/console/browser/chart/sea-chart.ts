/// <reference lib="dom" />
// The chart itself: OpenLayers on a canvas, vector layers only (no tiles: the desk runs on ships' networks),
// with its own zoom, pan and keyboard interactions, a nautical scale line, a graticule and the pointer's
// position in degrees and decimal minutes. North is always up, as on a paper chart.

import { defaults as defaultControls } from 'ol/control/defaults.js';
import MousePosition from 'ol/control/MousePosition.js';
import ScaleLine from 'ol/control/ScaleLine.js';
import Feature from 'ol/Feature.js';
import { LineString, MultiPolygon, Point, Polygon } from 'ol/geom.js';
import { defaults as defaultInteractions } from 'ol/interaction/defaults.js';
import Graticule from 'ol/layer/Graticule.js';
import VectorLayer from 'ol/layer/Vector.js';
import OlMap from 'ol/Map.js';
import type MapEvent from 'ol/MapEvent.js';
import { fromLonLat, toLonLat, transformExtent } from 'ol/proj.js';
import VectorSource from 'ol/source/Vector.js';
import type { StyleLike } from 'ol/style/Style.js';
import View from 'ol/View.js';
import type { BBox } from '../../geo-box.ts';
import { latitude, longitude, position } from '../format.ts';
import type { LatLon } from '../map.ts';
import type { ConsoleGeo } from '../types.ts';
import {
  contiguousZoneStyle,
  fixStyle,
  graticuleStroke,
  gridLabel,
  landStyle,
  latLabelStyle,
  lonLabelStyle,
  portStyle,
  routeStyle,
  territorialSeaStyle,
  trackStyle,
  vesselStyles,
} from './styles.ts';

type Position = number[];

const toMap = ([lon = 0, lat = 0]: Position) => fromLonLat([lon, lat]);
const rings = (polygon: Position[][]) => polygon.map((ring) => ring.map(toMap));
const at = (p: LatLon) => fromLonLat([p.lon, p.lat]);

// The console writes nautical miles as "nm" everywhere; OpenLayers writes "NM".
class NauticalScaleLine extends ScaleLine {
  constructor() {
    super({ units: 'nautical', minWidth: 80 });
  }

  override render(event: MapEvent): void {
    super.render(event);
    const inner = this.element?.firstElementChild;
    const text = inner?.textContent ?? '';
    if (inner && text.endsWith(' NM')) inner.textContent = `${text.slice(0, -3)} nm`;
  }
}

function layer(style: StyleLike, declutter?: string) {
  const source = new VectorSource();
  return { source, layer: new VectorLayer({ source, style, ...(declutter ? { declutter } : {}) }) };
}

export interface ChartPort extends LatLon {
  label: string;
  // the place the route goes to, a candidate, or a port the desk excluded
  kind: 'target' | 'candidate' | 'excluded';
}

export interface SituationOnChart {
  track: LatLon[];
  last: LatLon;
  ports: readonly ChartPort[];
  route?: readonly LatLon[];
}

export class SeaChart {
  private readonly map: OlMap;
  // bottom to top; labels share one declutter group, so the vessel's (on top) wins, then the ports'
  private readonly contiguous = layer(contiguousZoneStyle);
  private readonly territorial = layer(territorialSeaStyle, 'labels');
  private readonly land = layer(landStyle);
  private readonly route = layer(routeStyle);
  private readonly track = layer(trackStyle);
  private readonly ports = layer([], 'labels');
  private readonly vessel = layer(vesselStyles, 'labels');
  // the view as the chart last set it; once the officer moves it, the chart no longer moves it for them
  private placed: string | undefined;
  private box: string | undefined;
  private touched = false;
  private waiting: BBox | undefined;

  constructor(
    private readonly el: HTMLElement,
    cursor: HTMLElement,
    // the view changed (in degrees): the geography follows it
    private readonly onView: (box: BBox) => void,
  ) {
    const graticule = new Graticule({
      strokeStyle: graticuleStroke,
      showLabels: true,
      wrapX: false,
      lonLabelFormatter: (lon) => gridLabel(longitude(lon)),
      latLabelFormatter: (lat) => gridLabel(latitude(lat)),
      lonLabelStyle,
      latLabelStyle,
    });
    this.map = new OlMap({
      target: el,
      layers: [
        this.contiguous.layer,
        this.territorial.layer,
        this.land.layer,
        graticule,
        this.route.layer,
        this.track.layer,
        this.ports.layer,
        this.vessel.layer,
      ],
      view: new View({ center: [0, 0], zoom: 3, minZoom: 3, maxZoom: 17, enableRotation: false }),
      controls: defaultControls({
        attribution: false,
        rotate: false,
        zoomOptions: { zoomInTipLabel: 'Zoom in', zoomOutTipLabel: 'Zoom out' },
      }).extend([
        new NauticalScaleLine(),
        new MousePosition({
          target: cursor,
          className: 'chart-cursor-value',
          projection: 'EPSG:4326',
          // what a GPS shows, and what the rest of the console shows: one formatter
          coordinateFormat: (c) => (c ? position({ lon: c[0] ?? 0, lat: c[1] ?? 0 }) : ''),
          placeholder: '—',
        }),
      ]),
      interactions: defaultInteractions({ altShiftDragRotate: false, pinchRotate: false }),
    });
    // "+" and "–" are what a screen reader would otherwise call these buttons
    el.querySelector('.ol-zoom-in')?.setAttribute('aria-label', 'Zoom in');
    el.querySelector('.ol-zoom-out')?.setAttribute('aria-label', 'Zoom out');
    this.map.on('moveend', () => this.moved());
  }

  // Shows the box around the vessel. The first view waits for the chart to have a size: a fit on a
  // zero-sized map lands anywhere.
  open(box: BBox): void {
    const size = this.map.getSize();
    if (!size || size[0] === 0 || size[1] === 0) {
      if (!this.waiting) this.map.once('change:size', () => this.waiting && this.open(this.waiting));
      this.waiting = box;
      return;
    }
    this.waiting = undefined;
    this.box = box.join(',');
    this.map.getView().fit(transformExtent(box, 'EPSG:4326', 'EPSG:3857'), { padding: [8, 8, 8, 8] });
    this.placed = this.viewKey();
    this.touched = false;
    this.moved();
  }

  // A new position, or a near port ranked: the chart keeps the vessel in view until the officer has moved
  // it, and then leaves it where they put it.
  follow(box: BBox): void {
    const view = this.map.getView();
    // a drag or a zoom under way is the officer's, even before it ends
    if (this.touched || view.getInteracting() || view.getAnimating() || box.join(',') === this.box) return;
    this.open(box);
  }

  showGeography(geo: ConsoleGeo): void {
    this.contiguous.source.clear(true);
    this.contiguous.source.addFeatures(
      (geo.contiguousZone ?? []).map(
        (z) => new Feature({ geometry: new MultiPolygon(z.polygons.map(rings)), state: z.state }),
      ),
    );
    this.territorial.source.clear(true);
    this.territorial.source.addFeatures(
      geo.territorialSea.map(
        (t) => new Feature({ geometry: new MultiPolygon(t.polygons.map(rings)), state: t.state }),
      ),
    );
    this.land.source.clear(true);
    if (geo.land.length > 0) this.land.source.addFeature(new Feature(new Polygon(rings(geo.land))));
  }

  showSituation(s: SituationOnChart): void {
    this.track.source.clear(true);
    if (s.track.length > 1) this.track.source.addFeature(new Feature(new LineString(s.track.map(at))));
    this.track.source.addFeatures(
      s.track.slice(0, -1).map((p) => {
        const fix = new Feature(new Point(at(p)));
        fix.setStyle(fixStyle);
        return fix;
      }),
    );
    this.vessel.source.clear(true);
    this.vessel.source.addFeature(new Feature(new Point(at(s.last))));
    this.route.source.clear(true);
    if (s.route && s.route.length > 1)
      this.route.source.addFeature(new Feature(new LineString(s.route.map(at))));
    this.ports.source.clear(true);
    this.ports.source.addFeatures(
      s.ports.map((port) => {
        const f = new Feature(new Point(at(port)));
        f.setStyle(portStyle(port.label, port.kind));
        return f;
      }),
    );
  }

  private viewKey(): string {
    const view = this.map.getView();
    return `${view.getCenter()?.join(',')}@${view.getResolution()}`;
  }

  dispose(): void {
    this.map.setTarget(undefined);
    this.map.dispose();
  }

  // What a test or a screen reader's neighbour may read of the view, and what the geography follows.
  private moved(): void {
    const view = this.map.getView();
    this.el.dataset.resolution = String(view.getResolution());
    this.el.dataset.zoom = (view.getZoom() ?? 0).toFixed(2);
    const [lon = 0, lat = 0] = toLonLat(view.getCenter() ?? [0, 0]);
    this.el.dataset.centre = position({ lat, lon });
    if (this.placed === undefined) return;
    if (this.viewKey() !== this.placed) this.touched = true;
    const extent = transformExtent(view.calculateExtent(this.map.getSize()), 'EPSG:3857', 'EPSG:4326');
    this.onView(extent as BBox);
  }
}
