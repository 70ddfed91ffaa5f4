// The edges of rules.ts, acts-at-sea.ts and evolve.ts that the other suites leave open: messages that list
// several scopes, measures, States or actions; replies when no flag State is on record; the law asked without a
// moment; handovers counted against the screening; the view before anything was detained.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../machines/engine.ts';
import { decide } from '../../machines/rules.ts';
import type { Setting } from '../../machines/schemas.ts';
import { RES_2240_LINE } from '../../src/directory/demo.ts';
import { isValidImo, parseMmsi } from '../../src/reference/vessel-identity.ts';
import { AT, Case, CaseAt, opening, START } from './harness.ts';
import { grantedCase, noDanger, notExpected, OFF_TRIPOLI, ok, refused, setting } from './refusals-kit.ts';

const RES_2312 = RES_2240_LINE[1]!;

// The flag State (TG) asked and refused; a Security Council authorisation of the given shape is in force.
function underResolution(sc: Partial<typeof RES_2312>): CaseAt {
  const c = new CaseAt(
    '2016-11-20T03:00:00.000Z',
    opening({ vessel: { name: 'AL FARAJ', flag: 'TG' }, position: OFF_TRIPOLI }),
    setting({}, { securityCouncilAuthorisations: [{ ...RES_2312, ...sc }] }),
  );
  ok(c, noDanger);
  ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
  ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] });
  ok(c, { type: 'AUTHORISATION_REFUSED', state: 'TG' }, 30);
  return c;
}

describe('refusals that list what the basis allows (SoM art. 8(2), 8(5); UNSC res. 2240 (2015) paras 7-8)', () => {
  it('a measure outside the flag State’s grant is refused naming every scope it granted (SoM art. 8(2), 8(5))', () => {
    const c = grantedCase(['board', 'search']);
    ok(c, { type: 'BOARDING_STARTED' });
    const r = refused(c.send({ type: 'MEASURES_TAKEN', measures: ['divert'] }), 'outside-authorised-scope');
    expect(r.message).toBe('Refused: measures is outside the authorised scopes (board, search).');
  });

  it('a search outside a resolution that authorises boarding and measures is refused naming both (UNSC res. 2240 (2015) para. 7)', () => {
    const c = underResolution({ scopes: ['board', 'measures'], measures: [] });
    ok(c, { type: 'BOARDING_STARTED' });
    const r = refused(c.send({ type: 'SEARCH_COMPLETED', evidenceFound: true }), 'outside-authorised-scope');
    expect(r.message).toBe(
      'Refused: a search is outside the Security Council authorisation (board, measures).',
    );
  });

  it('a measure outside a resolution’s list is refused naming every measure it allows (UNSC res. 2240 (2015) para. 8)', () => {
    const c = underResolution({ measures: ['seize-vessel', 'divert'] });
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    const r = refused(
      c.send({ type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 }),
      'outside-authorised-measures',
    );
    expect(r.message).toBe('Refused: the basis allows only seize-vessel, divert.');
  });

  it('taking persons aboard is a measure of the kind “other”: a resolution that lists it allows it (SoM art. 8(2)(c); UNSC res. 2240 (2015) para. 8)', () => {
    const c = underResolution({ measures: ['seize-vessel', 'other'] });
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    ok(c, { type: 'PERSONS_TAKEN_ON_BOARD', count: 60 });
    expect(c.view.persons.takenOnBoard).toBe(true);
  });

  it('a pursuit refused outside the State’s own waters names every State that claims the waters the vessel is in (UNCLOS art. 111(1))', () => {
    const shared = createEngine({
      classifyZone: () => ({ zone: 'territorial-sea', state: 'TN', states: ['TN', 'LY'] }),
      vesselChecks: { parseMmsi, isValidImo },
    });
    let state = shared.open({ id: 'case-1', at: START, setting: setting(), opening: opening() });
    state = shared.apply(state, noDanger, '2026-06-01T02:01:00.000Z').state;
    const d = shared.apply(
      state,
      {
        type: 'HOT_PURSUIT_STARTED',
        startedIn: 'territorial-sea',
        signalGiven: true,
        violation: 'smuggling',
      },
      '2026-06-01T02:02:00.000Z',
    ).decision;
    const r = refused(d, 'pursuit-not-begun-in-own-waters');
    expect(r.message).toContain('the vessel is reported in territorial-sea of TN, LY.');
  });

  it('a case that cannot close lists every blocking action open (domain.md, Refusals and overrides)', () => {
    const c = grantedCase(['board', 'search', 'measures']);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
    ok(c, { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 });
    const blocking = c.view.requiredActions.filter((a) => a.blocking).map((a) => a.code);
    expect(blocking.length).toBeGreaterThan(1);
    const r = refused(c.send({ type: 'CASE_CLOSED', outcome: 'released' }), 'blocking-actions-open');
    expect(r.message).toBe(`Refused: the case cannot close while these are open: ${blocking.join(', ')}.`);
  });
});

describe('events that belong to another kind of case (SoM art. 8(4))', () => {
  it('an acknowledgement of an incoming request is not an event of an interception case (SoM art. 8(4))', () => {
    const c = new Case(opening());
    ok(c, noDanger);
    const r = notExpected(c.send({ type: 'REQUEST_ACKNOWLEDGED' }));
    expect(r.message).toBe('This event belongs to an incoming request, not an interception case.');
  });
});

describe('the law at the moment of the step (UNSC res. 2240 (2015) para. 7; UN Charter ch. VII)', () => {
  it('asked without a moment, the law answers at the case’s own time: a resolution in force then still permits boarding (UNSC res. 2240 (2015) para. 7)', () => {
    const c = underResolution({});
    expect(c.basis.code).toBe('security-council-authorisation');
    expect(decide(c.state.context, { type: 'BOARDING_STARTED' })).toEqual({
      outcome: 'applied',
      mode: 'normal',
    });
  });
});

describe('release inside the territorial sea (domain.md, invariant 4; UNCLOS art. 2)', () => {
  it('a release inside the intercepting State’s own territorial sea moves nobody to a third State, whatever is on record of that State (invariant 4)', () => {
    const s: Setting = setting(
      {},
      { countryAssessments: { MT: { unsafe: true, source: 'test', date: '2026-05-01' } } },
    );
    const c = new Case(opening({ position: AT.maltaTerritorialSea }), s);
    ok(c, noDanger);
    ok(c, { type: 'VESSEL_RELEASED' });
  });
});

describe('handovers counted (SOLAS V/33.1-1; Hirsi)', () => {
  it('a handover of everyone the screening counted hands over all, though the opening estimated more (SOLAS V/33.1-1; MSC.167(78) 6.12)', () => {
    const c = new Case(opening({ personsOnBoard: 60 }));
    ok(c, noDanger);
    ok(c, { type: 'PERSONS_SCREENED', total: 40 });
    ok(c, { type: 'PERSONS_HANDED_OVER', to: { country: 'MT', authority: 'Malta Police Force' }, count: 40 });
    expect(c.view.persons.handedOver).toMatchObject({ country: 'MT', all: true });
    expect(notExpected(c.send({ type: 'DISEMBARKATION_COMPLETED', country: 'MT' })).message).toBe(
      'Persons were already handed over.',
    );
  });

  it('with nobody counted at all, a handover with a count hands over all (SOLAS V/33.1-1)', () => {
    const c = new Case(opening({ personsOnBoard: undefined }));
    ok(c, noDanger);
    ok(c, { type: 'PERSONS_HANDED_OVER', to: { country: 'MT', authority: 'Malta Police Force' }, count: 12 });
    expect(c.view.persons.handedOver).toMatchObject({ country: 'MT', all: true });
  });

  it('a handover of everyone owes them no further notice of the destination (EU 656/2014 art. 4(3) (practice))', () => {
    const c = new Case(opening());
    ok(c, noDanger);
    ok(c, { type: 'PERSONS_HANDED_OVER', to: { country: 'MT', authority: 'Malta Police Force' } });
    expect(c.view.persons.handedOver).toMatchObject({ country: 'MT', all: true });
    expect(c.actions).not.toContain('INFORM_PERSONS');
  });
});

describe('detention (ECHR art. 5(3); SoM art. 16(5))', () => {
  it('before anyone is detained the view shows no detention and no review of one (ECHR art. 5(3))', () => {
    const c = new Case(opening());
    expect(c.view.persons).toMatchObject({ detained: false, detentionReviewed: false });
  });
});
