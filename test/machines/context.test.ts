// What a case knows when it opens (machines/context.ts, initialContext and freshFlagState) and the ids it gives
// its deadlines and incidents, as the case view and the decisions show them: nothing asked, nobody told, no
// claim, no danger, no rescue, no pursuit until an event records it.
import { describe, expect, it } from 'vitest';
import { copyPlain } from '../../machines/context.ts';
import type { DeskEvent } from '../../machines/schemas.ts';
import { Case, opening } from './harness.ts';
import {
  alert,
  heard,
  noDanger,
  ok,
  party,
  refused,
  STATELESS,
  setting,
  uncertainty,
  withoutGrounds,
} from './refusals-kit.ts';

describe('the case as it opens', () => {
  it('SoM art. 8(2): at the opening no State has been notified or asked about the registry: no inquiries, no reply, no consent', () => {
    const c = new Case(opening());
    expect(c.view.flagState).toEqual({
      state: undefined,
      registry: null,
      reply: null,
      grantedScopes: [],
      notifiedAt: undefined,
      acknowledgedAt: undefined,
      confirmedBy: undefined,
      consentFrom: undefined,
      withdrawnScopes: [],
      inquiries: [],
      lapsed: [],
    });
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'MT' });
    expect(c.view.flagState.inquiries).toEqual(['MT']);
  });

  it('SoM art. 19(1): at the opening no protection claim is recorded and none shows as referred; recorded claims show their countries of origin only', () => {
    const c = new Case(opening());
    expect(c.view.persons).toMatchObject({
      protectionClaims: { count: 0, countriesOfOrigin: [] },
      claimsReferred: false,
    });
    ok(c, noDanger);
    ok(c, { type: 'PROTECTION_CLAIMS_RECORDED', count: 2, countriesOfOrigin: ['ER'] });
    expect(c.view.persons).toMatchObject({
      protectionClaims: { count: 2, countriesOfOrigin: ['ER'] },
      claimsReferred: false,
    });
  });

  it('VCCR art. 36(1)(b): at the opening nobody is detained and no consular notification shows as made', () => {
    const c = new Case(opening());
    expect(c.view.persons).toMatchObject({ detained: false, consularRightsNotified: false });
  });

  it('ECHR Protocol 4 art. 4: at the opening nobody has been told of any destination; a notice shows as the only one', () => {
    const c = new Case(opening());
    expect(c.view.persons.informed).toEqual([]);
    ok(c, noDanger);
    ok(c, heard('MT'));
    expect(c.view.persons.informed).toEqual([{ country: 'MT', objectionsHeard: true }]);
  });

  it('SoM art. 8(7); UNCLOS art. 110(1): an opening report that gives no grounds records none: the boarding is refused no-grounds', () => {
    const c = new Case(withoutGrounds(opening({ vessel: STATELESS })));
    ok(c, noDanger);
    refused(c.send({ type: 'BOARDING_STARTED' }), 'no-grounds');
  });

  it('SoM art. 8(5): before any assessment no danger is open: a refused boarding offers recorded-fact only, never imminent-danger', () => {
    const c = new Case(withoutGrounds(opening({ vessel: STATELESS })));
    const boarding = refused(c.send({ type: 'BOARDING_STARTED' }), 'no-grounds');
    expect(boarding.allowedOverrides).toEqual(['recorded-fact']);
    ok(c, alert);
    expect(refused(c.send({ type: 'BOARDING_STARTED' }), 'no-grounds').allowedOverrides).toContain(
      'imminent-danger',
    );
  });

  it('SOLAS V/33: a rescue recorded under uncertainty, with no alert before it, is applied; a second one is not expected', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, uncertainty);
    ok(c, { type: 'RESCUE_COMPLETED', rescued: 60 });
    refused(c.send({ type: 'RESCUE_COMPLETED', rescued: 60 }), 'not-expected-now');
  });

  it('UNCLOS art. 111(8): a vessel never pursued is owed no compensation assessment', () => {
    const c = new Case(opening({ vessel: STATELESS }), setting({ MT: party() }));
    expect(c.actions).not.toContain('ASSESS_COMPENSATION');
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED' });
    expect(c.actions).not.toContain('ASSESS_COMPENSATION');
  });
});

describe('ids within the case', () => {
  it('SoM art. 8(4): the reply deadlines a notification arms carry ids numbered from 1 within the case', () => {
    const c = new Case(opening());
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    expect(c.view.deadlines.map((d) => d.id).sort()).toEqual(['registry-reply-1', 'reply-deadline-near-2']);
  });
});

describe('the copy an applied event edits (copyPlain)', () => {
  it('is what structuredClone makes of a context, undefined fields kept, and shares no object with it', () => {
    const c = new Case(opening({ personsOnBoard: 43 }), setting());
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' } as DeskEvent);
    const { setting: _s, ...rest } = c.state.context;
    const withUndefined = { ...rest, outcome: undefined, nested: [{ a: undefined, b: [1, null, 'x'] }] };
    const copy = copyPlain(withUndefined);
    expect(copy).toStrictEqual(structuredClone(withUndefined));
    expect(Object.keys(copy.nested[0]!)).toEqual(['a', 'b']);
    const shared: string[] = [];
    const walk = (a: unknown, b: unknown, path: string) => {
      if (typeof a !== 'object' || a === null) return;
      if (a === b) shared.push(path);
      for (const k of Object.keys(a)) walk((a as never)[k], (b as never)[k], `${path}.${k}`);
    };
    walk(withUndefined, copy, 'context');
    expect(shared).toEqual([]);
  });

  it('leaves the snapshot an event was applied to as it was: a later event does not edit an earlier state', () => {
    const c = new Case(opening({ personsOnBoard: 43 }), setting());
    const before = c.state;
    const frozen = JSON.stringify(before);
    c.send({ type: 'POSITION_REPORTED', lat: 35.1, lon: 14.2 } as DeskEvent);
    c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' } as DeskEvent);
    expect(c.state.context.position).toEqual({ lat: 35.1, lon: 14.2 });
    expect(JSON.stringify(before)).toBe(frozen);
  });
});
