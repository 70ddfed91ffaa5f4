// The demo directory carries res. 2240 (2015)'s line with its renewals as dated data (domain.md, row 8b): a 2016
// replay off Libya finds an authorisation in force after a good-faith attempt at consent; a case today does not.
import { addMinutes } from 'date-fns';
import { describe, expect, it } from 'vitest';
import type { PersistedCase } from '../../machines/engine.ts';
import type { CaseEvent } from '../../machines/schemas.ts';
import { DEMO_SETTING, RES_2240_LINE } from '../../src/directory/demo.ts';
import { engine, opening } from '../machines/harness.ts';

// On the high seas north of Tripoli, inside the demo area; the harness classifies it as beyond every State.
const OFF_TRIPOLI = { lat: 33.6, lon: 13.4 };
const OFF_CRETE = { lat: 35.0, lon: 24.0 };

function run(start: string, position = OFF_TRIPOLI) {
  let state: PersistedCase = engine.open({
    id: 'sc',
    at: start,
    setting: DEMO_SETTING,
    opening: opening({ vessel: { name: 'AL FARAJ', flag: 'TG' }, position }),
  });
  let minute = 0;
  const send = (event: CaseEvent, minutes = 1) => {
    minute += minutes;
    const r = engine.apply(state, event, addMinutes(new Date(start), minute).toISOString());
    state = r.state;
    return r.decision;
  };
  send({ type: 'DISTRESS_ASSESSED', phase: 'none', factors: [] });
  send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
  send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] });
  send({ type: 'AUTHORISATION_REFUSED' }, 30);
  return { send, view: () => engine.view(state, 1) };
}

describe('res. 2240 (2015) and its renewals in the demo directory (domain.md, row 8b)', () => {
  it('holds one entry per resolution, each in force twelve months, the line lapsing on 29 September 2024', () => {
    expect(RES_2240_LINE.map((a) => a.resolution.split(' ')[0])).toEqual([
      '2240',
      '2312',
      '2380',
      '2437',
      '2491',
      '2546',
      '2598',
      '2652',
      '2698',
    ]);
    expect(RES_2240_LINE.at(-1)!.until).toBe('2024-09-29T00:00:00Z');
  });

  it('row 8b: in a 2016 replay off Libya, after a refused request, the flagged vessel may be boarded and searched (UNSC res. 2312 (2016); res. 2240 (2015) paras 7-8)', () => {
    const c = run('2016-11-20T03:00:00.000Z');
    expect(c.view().legalBasis).toMatchObject({
      code: 'security-council-authorisation',
      permits: ['board', 'search'],
    });
    expect(c.view().legalBasis.basis[0]).toBe('UNSC res. 2312 (2016)');
    expect(c.send({ type: 'BOARDING_STARTED' }).outcome).toBe('applied');
    expect(c.send({ type: 'SEARCH_COMPLETED', evidenceFound: true }).outcome).toBe('applied');
    // seizure only, never detention, under the resolution's own list
    expect(c.send({ type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 })).toMatchObject({
      outcome: 'refused',
      reason: 'outside-authorised-measures',
    });
    expect(c.send({ type: 'MEASURES_TAKEN', measures: ['seize-vessel'] }).outcome).toBe('applied');
  });

  it('row 8b gives nothing today: the line lapsed on 29 September 2024 (the flag State’s refusal stands)', () => {
    const c = run('2026-11-20T03:00:00.000Z');
    expect(c.view().legalBasis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
    expect(c.send({ type: 'BOARDING_STARTED' })).toMatchObject({
      outcome: 'refused',
      reason: 'authorisation-refused',
    });
  });

  it('row 8b gives nothing outside the area, in force or not', () => {
    const c = run('2016-11-20T03:00:00.000Z', OFF_CRETE);
    expect(c.view().legalBasis.code).toBe('flag-state-authorisation');
  });

  it('row 8b needs the good-faith attempt: notified and asked, before the refusal or the deadline, nothing', () => {
    let state = engine.open({
      id: 'sc',
      at: '2016-11-20T03:00:00.000Z',
      setting: DEMO_SETTING,
      opening: opening({ vessel: { name: 'AL FARAJ', flag: 'TG' }, position: OFF_TRIPOLI }),
    });
    state = engine.apply(
      state,
      { type: 'FLAG_STATE_NOTIFIED', state: 'TG' },
      '2016-11-20T03:05:00.000Z',
    ).state;
    expect(engine.view(state, 1).legalBasis.code).toBe('flag-state-authorisation');
  });
});
