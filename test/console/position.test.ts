// Positions as a watch officer types them (src/console/browser/position.ts): every common way of writing one
// is read to the same figures, and anything else is answered with what is wrong, never with a guess.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { position } from '../../src/console/browser/format.ts';
import type { LatLon } from '../../src/console/browser/map.ts';
import { parsePosition } from '../../src/console/browser/position.ts';

const LAMPEDUSA_SOUTH = { lat: 35 + 12.345 / 60, lon: 14 + 3.21 / 60 };

function read(text: string): LatLon {
  const p = parsePosition(text);
  if (typeof p === 'string') throw new Error(`${text}: ${p}`);
  return p;
}

function expectNear(p: LatLon, q: LatLon, digits = 9) {
  expect(p.lat).toBeCloseTo(q.lat, digits);
  expect(p.lon).toBeCloseTo(q.lon, digits);
}

describe('parsePosition', () => {
  it('reads decimal degrees, latitude first, with or without a comma or hemispheres', () => {
    for (const text of [
      '35.2058, 14.0535',
      '35.2058 14.0535',
      '35.2058,14.0535',
      '35.2058N 14.0535E',
      '35.2058° N, 14.0535° E',
      'Lat 35.2058 Lon 14.0535',
      '+35.2058; +14.0535',
    ]) {
      expectNear(read(text), { lat: 35.2058, lon: 14.0535 });
    }
    expectNear(read('-35.2, -14.05'), { lat: -35.2, lon: -14.05 });
    expectNear(read('−35.2 −14.05'), { lat: -35.2, lon: -14.05 });
    expectNear(read('.5, 14'), { lat: 0.5, lon: 14 });
  });

  it('reads degrees and decimal minutes as a GPS shows them, symbols optional', () => {
    for (const text of [
      "35°12.345'N 014°03.210'E",
      '35°12.345′N 014°03.210′E',
      '35°12.345’N, 014°03.210’E',
      '35° 12.345′ N  014° 03.210′ E',
      '35 12.345 N 14 3.21 E',
      '35 12.345N 14 3.21E',
      'N 35 12.345 E 014 03.210',
      'N35°12.345 E14°03.21',
      '35-12.345N 014-03.210E',
      '35 12.345 14 3.21',
      '35°12.345 14°3.21',
      '35 12.345, 14 3.21',
    ]) {
      expectNear(read(text), LAMPEDUSA_SOUTH);
    }
  });

  it('reads seconds, the southern and western hemispheres, and the longitude given first when lettered', () => {
    expectNear(read('35°12′20.7″N 14°03′12.6″E'), {
      lat: 35 + 12 / 60 + 20.7 / 3600,
      lon: 14 + 3 / 60 + 12.6 / 3600,
    });
    expectNear(read(`35°12'20.7"N 14°03'12.6"E`), read('35°12′20.7″N 14°03′12.6″E'));
    expectNear(read("35°12'20.7''N 14°03'12.6''E"), read('35°12′20.7″N 14°03′12.6″E'));
    expectNear(read('33 51.5 S 151 12.6 W'), { lat: -(33 + 51.5 / 60), lon: -(151 + 12.6 / 60) });
    expectNear(read('014°03.210′E 35°12.345′N'), LAMPEDUSA_SOUTH);
    expectNear(read('14.0535 e, 35.2058 n'), { lat: 35.2058, lon: 14.0535 });
  });

  it('reads back every position the console shows', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: -180, max: 180, noNaN: true }),
        (lat, lon) => {
          const back = read(position({ lat, lon }));
          // position() rounds to the thousandth of a minute: half of it either way, and no more
          expect(Math.abs(back.lat - lat)).toBeLessThanOrEqual(0.0005 / 60 + 1e-12);
          expect(Math.abs(back.lon - lon)).toBeLessThanOrEqual(0.0005 / 60 + 1e-12);
        },
      ),
    );
  });

  it('says what is wrong instead of guessing', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /no position given/],
      ['   ', /no position given/],
      ['35.2', /a latitude and a longitude are needed/],
      ['35.2,', /the longitude is missing/],
      ['95, 14', /latitude must be at most 90°/],
      ['35.2, 190', /longitude must be at most 180°/],
      ['35 61 N 14 3 E', /the latitude's minutes must be under 60 \(61\)/],
      ['35 12 N 14 3 75 E', /the longitude's seconds must be under 60 \(75\)/],
      ['35N 14N', /are latitudes or both longitudes/],
      ['14E 35W', /are latitudes or both longitudes/],
      ['-35.2S 14E', /latitude has both a minus sign and S/],
      ['35.5 12 N 14 E', /latitude's degrees have decimals/],
      ['35 12.5 30 N 14 E', /latitude's minutes have decimals/],
      ['35 -12 N 14 E', /minus sign only goes before the latitude's degrees/],
      ['35x 14', /"x" is not part of a position/],
      ['35, 14, 12', /more than one comma/],
      ['35 12 14', /cannot tell where the latitude ends/],
      ['35 12 14 3 2 1 0 9', /cannot tell where the latitude ends/],
      ["35' 14", /latitude's figures are out of order|has no degrees/],
      ['N S 35 14', /the latitude is missing/],
      ['N 35 E 14 W', /more than two of N, S, E, W/],
      ['35 12 45 10 N, 14 E', /latitude has more than degrees, minutes and seconds/],
      ['° 35, 14', /a degree sign \(°\) without a figure before it in the latitude/],
      ['35,2058 14,0535', /decimals take a point/],
    ];
    for (const [text, message] of cases) {
      const answer = parsePosition(text);
      expect(typeof answer, text).toBe('string');
      expect(answer, text).toMatch(message);
    }
  });
});
