// The land and seas under the chart, asked of the desk (GET /console/geo) for what the officer looks at: the
// view and half of it again on every side, so a small pan needs nothing new; asked again when the view leaves
// that box or is zoomed in well past the detail it was simplified for. The box decision is pure, tested in
// Node (test/console/chart.test.ts).
import { type BBox, MAX_SPAN_DEG } from '../../geo-box.ts';
import type { Api } from '../api.ts';
import type { ConsoleGeo } from '../types.ts';

// a hair under the desk's limit, so rounding outwards never asks for more than it allows
const CAP = MAX_SPAN_DEG - 0.01;
// the desk simplifies to about a pixel of an 800-pixel box: a view over a third of the box still shows edges
// within two pixels or so; one zoom step in (half the view) asks again
const FINER = 3;

const spanOf = (b: BBox) => Math.max(b[2] - b[0], b[3] - b[1]);
const contains = (outer: BBox, inner: BBox) =>
  outer[0] <= inner[0] && outer[1] <= inner[1] && outer[2] >= inner[2] && outer[3] >= inner[3];

// An axis grown by `grow` each way, at most CAP wide around its middle, within [min, max].
function axis(lo: number, hi: number, grow: number, min: number, max: number): [number, number] {
  const mid = (lo + hi) / 2;
  const half = Math.min(CAP, hi - lo + 2 * grow) / 2;
  let a = mid - half;
  let b = mid + half;
  if (a < min) [a, b] = [min, Math.min(max, b + (min - a))];
  if (b > max) [a, b] = [Math.max(min, a - (b - max)), max];
  // to the desk's thousandth of a degree, outwards (past floating-point dust), so the same view asks for the
  // same box
  return [
    Math.max(min, Math.floor(a * 1000 + 1e-6) / 1000),
    Math.min(max, Math.ceil(b * 1000 - 1e-6) / 1000),
  ];
}

const capped = (view: BBox, growX: number, growY: number): BBox => {
  const [minLon, maxLon] = axis(view[0], view[2], growX, -180, 180);
  const [minLat, maxLat] = axis(view[1], view[3], growY, -90, 90);
  return [minLon, minLat, maxLon, maxLat];
};

// The box to ask for now, or undefined when what is loaded still serves the view.
export function boxToLoad(view: BBox, loaded: BBox | undefined): BBox | undefined {
  const needed = capped(view, 0, 0);
  if (loaded && contains(loaded, needed) && spanOf(loaded) <= FINER * spanOf(view)) return undefined;
  return capped(view, (view[2] - view[0]) / 2, (view[3] - view[1]) / 2);
}

// The directory's claims as /console/geo takes them: "IT:24,MT:24".
export function claimsParam(directory: { states?: Record<string, { contiguousZoneNm?: number }> }): string {
  return Object.entries(directory.states ?? {})
    .flatMap(([state, profile]) =>
      profile.contiguousZoneNm !== undefined ? [`${state}:${profile.contiguousZoneNm}`] : [],
    )
    .sort()
    .join(',');
}

export type GeographyStatus = 'loading' | 'loaded' | { failed: string };

// One chart's geography: the last box asked for wins; an answer overtaken by a later question is dropped.
export class ChartGeography {
  private loaded: BBox | undefined;
  private asked = 0;
  private view: BBox | undefined;
  private claims: string | undefined;

  constructor(
    private readonly api: Api,
    private readonly show: (geo: ConsoleGeo) => void,
    private readonly status: (status: GeographyStatus) => void,
  ) {}

  // The contiguous zones claimed ("" for none, or when the directory could not be read): nothing is asked
  // before, so the first answer already has them; a change asks everything again.
  setClaims(claims: string): void {
    if (claims === this.claims) return;
    this.claims = claims;
    this.loaded = undefined;
    if (this.view) this.follow(this.view);
  }

  follow(view: BBox): void {
    this.view = view;
    const box = boxToLoad(view, this.loaded);
    if (!box || this.claims === undefined) return;
    const ask = ++this.asked;
    this.status('loading');
    const query = `bbox=${box.join(',')}&contiguous=${encodeURIComponent(this.claims)}`;
    this.api.get<ConsoleGeo>(`/console/geo?${query}`).then(
      (geo) => {
        if (ask !== this.asked) return;
        this.loaded = box;
        this.show(geo);
        this.status('loaded');
      },
      (err: Error) => {
        if (ask !== this.asked) return;
        this.status({ failed: err.message });
      },
    );
  }

  stop(): void {
    // any answer still on its way is now overtaken
    this.asked++;
  }
}
