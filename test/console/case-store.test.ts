// The case page's store, in Node: a section hears only of the updates it draws from, and the keys that decide
// when the ranking and the chart are fetched again.
import { describe, expect, it } from 'vitest';
import { CaseStore, chartFrame, placesKey, type Row } from '../../src/console/browser/pages/case/store.ts';
import type { CaseView, Ranking } from '../../src/console/browser/types.ts';

const view = (version: number, position = { lat: 35.5, lon: 14.2 }) =>
  ({ version, position, persons: {} }) as unknown as CaseView;

const row = (seq: number, type: string, event: Record<string, unknown> = {}): Row => ({
  seq,
  type,
  event: { type, ...event },
  outcome: 'applied',
  hash: `h${seq}`,
  prev: `h${seq - 1}`,
});

describe('case store', () => {
  it('tells a listener of the updates naming its keys, with the state before', () => {
    const store = new CaseStore();
    const heard: Array<[number | undefined, number | undefined]> = [];
    store.subscribe(['view'], (state, before) => heard.push([before.view?.version, state.view?.version]));
    store.update({ view: view(1) });
    store.update({ verify: 'failed' });
    store.update({});
    store.update({ view: view(2) });
    expect(heard).toEqual([
      [undefined, 1],
      [1, 2],
    ]);
    expect(store.get().verify).toBe('failed');
  });

  it('draws nothing more once the page is left', () => {
    const store = new CaseStore();
    let calls = 0;
    store.subscribe(['rows'], () => calls++);
    store.close();
    store.update({ rows: new Map() });
    expect(calls).toBe(0);
  });
});

describe('what the ranking and the chart are fetched for', () => {
  it('ranks again after the vessel moves or a directory edit, not after any other entry', () => {
    const store = new CaseStore();
    expect(placesKey(store.get())).toBeUndefined();
    store.update({ view: view(1), rows: new Map([[1, row(1, 'CASE_OPENED')]]) });
    const first = placesKey(store.get());
    store.update({ rows: new Map([...store.get().rows, [2, row(2, 'RCC_NOTIFIED')]]) });
    expect(placesKey(store.get())).toBe(first);
    store.update({ rows: new Map([...store.get().rows, [3, row(3, 'SETTING_CHANGED')]]) });
    expect(placesKey(store.get())).not.toBe(first);
    const settled = placesKey(store.get());
    store.update({ view: view(2, { lat: 35.6, lon: 14.2 }) });
    expect(placesKey(store.get())).not.toBe(settled);
  });

  it('centres the chart on the reported track, or the case position before any, with a near first port', () => {
    const store = new CaseStore();
    expect(chartFrame(store.get())).toBeUndefined();
    store.update({ view: view(1, { lat: 34, lon: 12 }) });
    expect(chartFrame(store.get())?.track).toEqual([{ lat: 34, lon: 12, seq: 0 }]);
    store.update({
      rows: new Map([
        [1, row(1, 'CASE_OPENED', { opening: { position: { lat: 35, lon: 14 } } })],
        [2, row(2, 'POSITION_REPORTED', { lat: 35.2, lon: 14.1 })],
      ]),
    });
    const alone = chartFrame(store.get());
    expect(alone?.last).toMatchObject({ lat: 35.2, lon: 14.1, seq: 2 });
    const port = (lat: number, lon: number) =>
      ({
        candidates: [{ port: { name: 'P', country: 'MT', lat, lon } }],
        excluded: [],
      }) as unknown as Ranking;
    store.update({ places: port(35.9, 14.5) });
    expect(chartFrame(store.get())?.key).not.toBe(alone?.key);
    store.update({ places: port(40, 20) });
    expect(chartFrame(store.get())?.key).toBe(alone?.key);
  });
});
