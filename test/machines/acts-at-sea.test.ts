// Acts at sea (boarding, search, measures, persons taken aboard) refused where the law bites, with the reason,
// the articles and the overrides it fixes, and applied where it does not: one describe per rule of
// domain.md's legal-basis table and flag-State procedure.
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../machines/schemas.ts';
import { RES_2240_LINE } from '../../src/directory/demo.ts';
import { AT, Case, CaseAt, opening } from './harness.ts';
import {
  alert,
  assessment,
  distress,
  grantedCase,
  heard,
  imminentDanger,
  noDanger,
  notExpected,
  OFF_TRIPOLI,
  ok,
  party,
  recordedFact,
  refused,
  STATELESS,
  setting,
  withoutGrounds,
} from './refusals-kit.ts';

const seize: CaseEvent = { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] };
const escortHome: CaseEvent = {
  type: 'MEASURES_TAKEN',
  measures: ['escort-to-port'],
  destination: { country: 'MT', port: 'Valletta' },
};
const search = (evidenceFound: boolean): CaseEvent => ({ type: 'SEARCH_COMPLETED', evidenceFound });

describe('row 1: a government vessel is immune (SoM art. 3(d); UNCLOS arts 95-96)', () => {
  it('a government vessel is immune: no boarding, search or measures, and no override sets that aside but recorded-fact (SoM art. 3(d); UNCLOS arts 95-96)', () => {
    const c = new Case(opening({ vessel: { name: 'P-12', flag: 'LY', government: true } }));
    ok(c, noDanger);
    const boarding = refused(c.send({ type: 'BOARDING_STARTED' }), 'government-vessel-immune');
    expect(boarding.basis).toEqual(['SoM art. 3(d)', 'UNCLOS arts 95-96']);
    expect(boarding.allowedOverrides).toEqual(['recorded-fact']);
    expect(boarding.alsoFailed).toBeUndefined();
    expect(boarding.message).toContain('no boarding');
    expect(
      refused(c.send({ type: 'BOARDING_STARTED', override: imminentDanger() }), 'override-not-available')
        .refused,
    ).toEqual({ reason: 'government-vessel-immune', basis: ['SoM art. 3(d)', 'UNCLOS arts 95-96'] });
    expect(c.send({ type: 'BOARDING_STARTED', override: recordedFact() })).toMatchObject({
      outcome: 'applied',
      mode: 'recorded-fact',
      incident: { category: 'legal', reason: 'government-vessel-immune' },
    });
    expect(refused(c.send(search(true)), 'government-vessel-immune').basis).toEqual([
      'SoM art. 3(d)',
      'UNCLOS arts 95-96',
    ]);
    const measures = refused(c.send(escortHome), 'government-vessel-immune');
    expect(measures.message).toContain('no measures');
    expect(measures.allowedOverrides).toEqual(['recorded-fact']);
  });
});

describe('row 3: another State’s territorial sea (UNCLOS art. 2)', () => {
  it('in another State’s territorial sea nothing but rescue until that State consents, naming it; then only what it consented to (UNCLOS art. 2)', () => {
    const c = new Case(opening({ position: AT.tunisiaTerritorialSea }));
    ok(c, noDanger);
    const boarding = refused(c.send({ type: 'BOARDING_STARTED' }), 'coastal-state-consent-required');
    expect(boarding.basis).toEqual(['UNCLOS art. 2']);
    expect(boarding.allowedOverrides).toEqual(['recorded-fact']);
    expect(boarding.message).toContain('territorial sea of TN');
    ok(c, { type: 'COASTAL_STATE_CONSENTED', state: 'TN', scopes: ['board'] });
    ok(c, { type: 'BOARDING_STARTED' });
    const searching = refused(c.send(search(true)), 'coastal-state-consent-required');
    expect(searching.message).toContain('TN');
    expect(searching.basis).toEqual(['UNCLOS art. 2']);
  });
});

describe('rows 6-7: without nationality, or nationality undetermined (SoM art. 8(7); UNCLOS art. 110(1)(d), 110(2))', () => {
  it('nationality undetermined: a visit may verify it, but no search until nationality is determined (SoM art. 8(2), 8(7); UNCLOS art. 110(1)(d), 110(2))', () => {
    const c = new Case(opening({ vessel: { name: 'NO NAME' } }));
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED' });
    const searching = refused(c.send(search(false)), 'nationality-undetermined');
    expect(searching.basis).toEqual([
      'SoM art. 8(2)',
      'SoM art. 8(7)',
      'UNCLOS art. 110(1)(d)',
      'UNCLOS art. 110(2)',
    ]);
    expect(searching.allowedOverrides).toEqual(['recorded-fact']);
  });

  it('a vessel without nationality is boarded and searched; measures wait for evidence found by a search (SoM art. 8(7); UNCLOS art. 110(1)(d))', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED' });
    const early = refused(c.send(seize), 'no-evidence-found');
    expect(early.basis).toEqual(['SoM art. 8(7)', 'UNCLOS art. 110(1)(d)']);
    expect(early.allowedOverrides).toEqual(['recorded-fact']);
    ok(c, search(true));
    ok(c, seize);
  });
});

describe('rows 9-11: the flag State’s consent (SoM art. 8(2), 8(5); UNCLOS art. 92(1))', () => {
  it('no boarding or measures without the express authorisation of the flag State of record, named in the refusal (SoM art. 8(2); UNCLOS art. 92(1))', () => {
    const c = new Case(opening());
    ok(c, noDanger);
    const boarding = refused(c.send({ type: 'BOARDING_STARTED' }), 'flag-state-authorisation-required');
    expect(boarding.basis).toEqual(['SoM art. 8(2)', 'UNCLOS art. 92(1)']);
    expect(boarding.allowedOverrides).toEqual(['recorded-fact']);
    expect(boarding.alsoFailed).toBeUndefined();
    expect(boarding.message).toContain('no boarding');
    expect(boarding.message).toContain('TG');
    const measures = refused(c.send(escortHome), 'flag-state-authorisation-required');
    expect(measures.message).toContain('no measures');
  });

  it('a flag State outside the Protocol: no boarding without its consent under general law (UNCLOS art. 92(1))', () => {
    const c = new Case(
      opening({ vessel: { name: 'SEA STAR', flag: 'SL' } }),
      setting({ SL: party({ protocolParty: false }) }),
    );
    ok(c, noDanger);
    const boarding = refused(c.send({ type: 'BOARDING_STARTED' }), 'flag-state-consent-required');
    expect(boarding.basis).toEqual(['UNCLOS art. 92(1)']);
    expect(boarding.message).toContain('SL');
  });

  it('the flag State refused: no boarding, and the refusal is the reason given (SoM art. 8(2); UNCLOS art. 92(1))', () => {
    const c = new Case(opening());
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    ok(c, { type: 'AUTHORISATION_REFUSED', state: 'TG', reason: 'will not consent' });
    const boarding = refused(c.send({ type: 'BOARDING_STARTED' }), 'authorisation-refused');
    expect(boarding.basis).toEqual(['SoM art. 8(2)', 'UNCLOS art. 92(1)']);
    expect(boarding.allowedOverrides).toEqual(['recorded-fact']);
  });

  it('a refusal refuses only what was pending: the earlier grant stands, and a search outside it is outside the authorised scopes (SoM art. 8(2), 8(5))', () => {
    const c = grantedCase(['board']);
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['search'] });
    ok(c, { type: 'AUTHORISATION_REFUSED', state: 'TG' });
    ok(c, { type: 'BOARDING_STARTED' });
    const searching = refused(c.send(search(true)), 'outside-authorised-scope');
    expect(searching.basis).toEqual(['SoM art. 8(2)', 'SoM art. 8(5)']);
    expect(searching.message).toContain('(board)');
    expect(searching.allowedOverrides).toEqual(['recorded-fact']);
  });

  it('the flag State will act itself: no boarding (SoM art. 8(2); UNCLOS art. 92(1))', () => {
    const c = new Case(opening());
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    ok(c, { type: 'FLAG_STATE_WILL_ACT', jointly: false });
    const boarding = refused(c.send({ type: 'BOARDING_STARTED' }), 'flag-state-will-act');
    expect(boarding.basis).toEqual(['SoM art. 8(2)', 'UNCLOS art. 92(1)']);
    expect(boarding.allowedOverrides).toEqual(['recorded-fact']);
  });

  it('DP19 a withdrawn scope is refused as withdrawn from then on; granted again, it is applied (SoM art. 8(2); UNCLOS art. 92(1))', () => {
    const c = grantedCase(['board', 'search', 'measures']);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'AUTHORISATION_WITHDRAWN', scopes: ['search'] });
    const searching = refused(c.send(search(true)), 'authorisation-withdrawn');
    expect(searching.basis).toEqual(['SoM art. 8(2)', 'UNCLOS art. 92(1)']);
    expect(searching.allowedOverrides).toEqual(['recorded-fact']);
    expect(searching.message).toContain('withdrew');
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['search'] });
    ok(c, { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['search'], conditions: [] });
    ok(c, search(true));
  });

  it('row 9: under a standing authorisation a step outside the agreement’s scopes is refused, citing the agreement (SoM arts 8(5), 17)', () => {
    const agreement = 'Malta-Togo maritime cooperation agreement (fictional)';
    const c = new Case(
      opening(),
      setting({ TG: party({ standingAuthorisation: { agreement, with: ['MT'], scopes: ['board'] } }) }),
    );
    ok(c, noDanger);
    expect(c.basis.code).toBe('agreement-authorisation');
    ok(c, { type: 'BOARDING_STARTED' });
    const searching = refused(c.send(search(true)), 'outside-authorised-scope');
    expect(searching.basis).toEqual(['SoM arts 8(5), 17', agreement, 'SoM art. 8(5)']);
    expect(searching.message).toContain('(board)');
  });

  it('row 11: outside the scopes a flag State outside the Protocol consented to, the refusal rests on UNCLOS art. 92(1) alone', () => {
    const c = grantedCase(['board'], [], setting({ SL: party({ protocolParty: false }) }), {
      vessel: { name: 'SEA STAR', flag: 'SL' },
    });
    ok(c, { type: 'BOARDING_STARTED' });
    const searching = refused(c.send(search(true)), 'outside-authorised-scope');
    expect(searching.basis).toEqual(['UNCLOS art. 92(1)']);
  });

  it('measures granted by the flag State wait until a search found evidence (SoM art. 8(2)(c))', () => {
    const c = grantedCase(['board', 'search', 'measures']);
    ok(c, { type: 'BOARDING_STARTED' });
    const early = refused(c.send(seize), 'no-evidence-found');
    expect(early.basis).toEqual(['SoM art. 8(2)(c)']);
    expect(early.allowedOverrides).toEqual(['recorded-fact']);
    ok(c, search(true));
    ok(c, seize);
  });

  it('measures consented to by a flag State outside the Protocol wait for evidence too, on UNCLOS art. 92(1)', () => {
    const c = grantedCase(
      ['board', 'search', 'measures'],
      [],
      setting({ SL: party({ protocolParty: false }) }),
      {
        vessel: { name: 'SEA STAR', flag: 'SL' },
      },
    );
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, search(false));
    expect(refused(c.send(seize), 'no-evidence-found').basis).toEqual(['UNCLOS art. 92(1)']);
  });
});

describe('row 8b: a Security Council authorisation in force (UNSC res. 2240 (2015) paras 7-8; UN Charter ch. VII)', () => {
  const RES_2312 = ['UNSC res. 2312 (2016)', 'UNSC res. 2240 (2015) paras 7-8', 'UN Charter ch. VII'];
  const refusedFlagState = (
    start: string,
    s = setting({}, { securityCouncilAuthorisations: RES_2240_LINE }),
  ) => {
    const c = new CaseAt(
      start,
      opening({ vessel: { name: 'AL FARAJ', flag: 'TG' }, position: OFF_TRIPOLI }),
      s,
    );
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search', 'measures'] });
    ok(c, { type: 'AUTHORISATION_REFUSED', state: 'TG' }, 30);
    return c;
  };

  it('under res. 2312 (2016) the vessel is boarded and searched; seizure waits for evidence; detaining suspects or taking persons aboard is outside the resolution’s measures (UNSC res. 2240 (2015) paras 7-8)', () => {
    const c = refusedFlagState('2016-11-20T03:00:00.000Z');
    expect(c.basis.code).toBe('security-council-authorisation');
    ok(c, { type: 'BOARDING_STARTED' });
    const early = refused(c.send(seize), 'no-evidence-found');
    expect(early.basis).toEqual(RES_2312);
    expect(early.allowedOverrides).toEqual(['recorded-fact']);
    expect(early.message).toContain('2312 (2016)');
    expect(early.message).toContain('evidence');
    ok(c, search(true));
    const detaining = refused(
      c.send({ type: 'MEASURES_TAKEN', measures: ['seize-vessel', 'detain-suspects'], detained: 2 }),
      'outside-authorised-measures',
    );
    expect(detaining.basis).toEqual(RES_2312);
    expect(detaining.message).toContain('seize-vessel');
    expect(
      refused(c.send({ type: 'PERSONS_TAKEN_ON_BOARD', count: 60 }), 'outside-authorised-measures').basis,
    ).toEqual(RES_2312);
    ok(c, seize);
  });

  it('a resolution that authorises boarding only: a search is outside the Security Council authorisation, which the refusal lists (row 8b)', () => {
    const boardingOnly = { ...RES_2240_LINE[1]!, scopes: ['board' as const] };
    const c = refusedFlagState(
      '2016-11-20T03:00:00.000Z',
      setting({}, { securityCouncilAuthorisations: [boardingOnly] }),
    );
    ok(c, { type: 'BOARDING_STARTED' });
    const searching = refused(c.send(search(true)), 'outside-authorised-scope');
    expect(searching.basis).toEqual(RES_2312);
    expect(searching.message).toContain('outside the Security Council authorisation (board)');
    expect(searching.allowedOverrides).toEqual(['recorded-fact']);
  });

  it('the law answers at the moment of the step: refused the evening before res. 2240 (2015) entered into force, the vessel may be boarded after midnight (UNSC res. 2240 (2015) para. 7; UN Charter ch. VII)', () => {
    const c = refusedFlagState('2015-10-08T22:00:00.000Z');
    expect(c.basis).toMatchObject({ code: 'flag-state-authorisation', permits: [] });
    // 9 October 2015, 00:33 UTC
    ok(c, { type: 'BOARDING_STARTED' }, 120);
    expect(c.basis.code).toBe('security-council-authorisation');
    expect(c.basis.basis[0]).toBe('UNSC res. 2240 (2015)');
  });
});

describe('row 4: the intercepting State’s contiguous zone (UNCLOS art. 33; machines/README.md 5)', () => {
  const cz = setting(
    { MT: party({ contiguousZoneNm: 24 }) },
    { countryAssessments: { TN: assessment(false) } },
  );

  it('in its own contiguous zone the State may only prevent entry: an escort into its own port or a seizure is refused; a diversion away is applied (UNCLOS art. 33(1)(a); EU 656/2014 art. 8 (practice))', () => {
    const c = new Case(opening({ position: AT.maltaContiguousZone }), cz);
    ok(c, noDanger);
    expect(c.basis.code).toBe('contiguous-zone-control');
    ok(c, { type: 'BOARDING_STARTED' });
    const inward = refused(c.send(escortHome), 'contiguous-zone-prevention-only');
    expect(inward.basis).toEqual(['UNCLOS art. 33(1)(a)', 'EU 656/2014 art. 8 (practice)']);
    expect(inward.allowedOverrides).toEqual(['recorded-fact']);
    expect(refused(c.send(seize), 'contiguous-zone-prevention-only').basis).toEqual([
      'UNCLOS art. 33(1)(a)',
      'EU 656/2014 art. 8 (practice)',
    ]);
    ok(c, { type: 'PERSONS_SCREENED', total: 60 });
    ok(c, heard('TN'));
    ok(c, { type: 'MEASURES_TAKEN', measures: ['divert'], destination: { country: 'TN' } });
  });

  it('an infringement already committed in its territorial sea lets the State take measures to punish it from the contiguous zone (UNCLOS art. 33(1)(b))', () => {
    const c = new Case(opening({ position: AT.maltaContiguousZone }), cz);
    ok(c, noDanger);
    ok(c, { type: 'INFRINGEMENT_COMMITTED', where: 'territorial-sea' });
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, escortHome);
  });

  it('the zone adds powers to the flag State’s consent and takes none away: a seizure failing both ways is refused with both reasons; after an infringement it is applied without waiting for evidence (UNCLOS art. 33; SoM art. 8(2)(c))', () => {
    const c = grantedCase(['board', 'search', 'measures'], [], cz, { position: AT.maltaContiguousZone });
    expect(c.basis.code).toBe('flag-state-authorisation');
    ok(c, { type: 'BOARDING_STARTED' });
    const both = refused(c.send(seize), 'no-evidence-found');
    expect(both.alsoFailed).toEqual(['contiguous-zone-prevention-only']);
    expect(both.basis).toEqual(['SoM art. 8(2)(c)']);
    expect(both.allowedOverrides).toEqual(['recorded-fact']);
    ok(c, { type: 'INFRINGEMENT_COMMITTED', where: 'territorial-sea' });
    ok(c, seize);
  });
});

describe('the flag State’s conditions (SoM art. 8(5); contract.md, Conditions)', () => {
  it('flag-officer-on-board: a boarding without the flag State’s officer is refused, one with the officer applied; the condition concerns the boarding only (SoM art. 8(5))', () => {
    const c = grantedCase(['board', 'search', 'measures'], [{ kind: 'flag-officer-on-board' }]);
    const without = refused(c.send({ type: 'BOARDING_STARTED' }), 'condition-breached');
    expect(without.basis).toEqual(['SoM art. 8(5)']);
    expect(without.allowedOverrides).toEqual(['recorded-fact']);
    expect(without.message).toContain('flag-officer-on-board');
    ok(c, { type: 'BOARDING_STARTED', flagOfficerOnBoard: true });
    ok(c, search(true));
    ok(c, seize);
  });

  it('flag-officer-on-board with a flag State outside the Protocol: the breach rests on UNCLOS art. 92(1)', () => {
    const c = grantedCase(
      ['board'],
      [{ kind: 'flag-officer-on-board' }],
      setting({ SL: party({ protocolParty: false }) }),
      { vessel: { name: 'SEA STAR', flag: 'SL' } },
    );
    expect(refused(c.send({ type: 'BOARDING_STARTED' }), 'condition-breached').basis).toEqual([
      'UNCLOS art. 92(1)',
    ]);
  });

  it('force-self-defence-only: a step with force other than in self-defence is refused; self-defence is applied (SoM art. 8(5))', () => {
    const c = grantedCase(['board', 'search'], [{ kind: 'force-self-defence-only' }]);
    const force = refused(c.send({ type: 'BOARDING_STARTED', forceUsed: 'other' }), 'condition-breached');
    expect(force.message).toContain('force-self-defence-only');
    expect(force.basis).toEqual(['SoM art. 8(5)']);
    ok(c, { type: 'BOARDING_STARTED', forceUsed: 'self-defence' });
  });

  it('without force-self-defence-only among the conditions, force other than in self-defence breaches no condition (contract.md, Conditions)', () => {
    const c = grantedCase(['board', 'search'], [{ kind: 'report-results-within', hours: 24 }]);
    ok(c, { type: 'BOARDING_STARTED', forceUsed: 'other' });
  });

  it('no-detention-without-consent: detaining suspects, or detaining anyone under another measure, is refused; a seizure alone is applied (SoM art. 8(5); machines/README.md 10)', () => {
    const c = grantedCase(['board', 'search', 'measures'], [{ kind: 'no-detention-without-consent' }]);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, search(true));
    const detain = refused(
      c.send({ type: 'MEASURES_TAKEN', measures: ['detain-suspects'] }),
      'condition-breached',
    );
    expect(detain.message).toContain('no-detention-without-consent');
    expect(detain.basis).toEqual(['SoM art. 8(5)']);
    refused(
      c.send({ type: 'MEASURES_TAKEN', measures: ['seize-vessel'], detained: 2 }),
      'condition-breached',
    );
    ok(c, seize);
  });

  it('notify-before-moving-vessel: diverting, escorting or seizing the vessel is refused until the flag State is informed of the move; detaining suspects does not move it (SoM art. 8(5))', () => {
    const c = grantedCase(['board', 'search', 'measures'], [{ kind: 'notify-before-moving-vessel' }]);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, search(true));
    ok(c, { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 });
    const divert = refused(
      c.send({ type: 'MEASURES_TAKEN', measures: ['divert'], destination: { country: 'MT' } }),
      'condition-breached',
    );
    expect(divert.message).toContain('notify-before-moving-vessel');
    expect(divert.basis).toEqual(['SoM art. 8(5)']);
    refused(c.send(escortHome), 'condition-breached');
    refused(c.send(seize), 'condition-breached');
    refused(
      c.send({ type: 'MEASURES_TAKEN', measures: ['seize-vessel', 'detain-suspects'], detained: 1 }),
      'condition-breached',
    );
    ok(c, { type: 'FLAG_STATE_INFORMED', about: 'other', note: 'crew list' });
    refused(c.send(seize), 'condition-breached');
    ok(c, { type: 'FLAG_STATE_INFORMED', about: 'moving-vessel' });
    ok(c, seize);
  });

  it('conditions bind while the basis rests on the flag State’s consent: in the intercepting State’s own territorial sea they do not (machines/README.md 10; UNCLOS art. 27)', () => {
    const c = grantedCase(['board'], [{ kind: 'flag-officer-on-board' }], setting(), {
      position: AT.maltaTerritorialSea,
    });
    expect(c.basis.code).toBe('coastal-jurisdiction');
    ok(c, { type: 'BOARDING_STARTED' });
  });
});

describe('reasonable grounds before any boarding (SoM art. 8(2), 8(7); UNCLOS art. 110(1))', () => {
  it('DP20 no boarding before grounds are recorded on the high seas: no-grounds, its articles, recorded-fact only (SoM art. 8(2), 8(7); UNCLOS art. 110(1))', () => {
    const c = new Case(withoutGrounds(opening({ vessel: STATELESS })));
    ok(c, noDanger);
    const boarding = refused(c.send({ type: 'BOARDING_STARTED' }), 'no-grounds');
    expect(boarding.basis).toEqual(['SoM art. 8(2)', 'SoM art. 8(7)', 'UNCLOS art. 110(1)']);
    expect(boarding.allowedOverrides).toEqual(['recorded-fact']);
    expect(boarding.alsoFailed).toBeUndefined();
    ok(c, { type: 'SUSPICION_RECORDED', grounds: ['no flag or name'] });
    ok(c, { type: 'BOARDING_STARTED' });
  });

  it('DP20 in the territorial sea a boarding without grounds also fails UNCLOS arts 19(2)(g), 24, 27(1)', () => {
    const c = new Case(withoutGrounds(opening({ position: AT.maltaTerritorialSea })));
    ok(c, noDanger);
    const boarding = refused(c.send({ type: 'BOARDING_STARTED' }), 'no-grounds');
    expect(boarding.basis).toEqual([
      'UNCLOS arts 19(2)(g), 24, 27(1)',
      'SoM art. 8(2)',
      'SoM art. 8(7)',
      'UNCLOS art. 110(1)',
    ]);
  });

  it('grounds are a precondition of the boarding, not of the search after a boarding recorded as fact (SoM art. 8(2))', () => {
    const c = new Case(withoutGrounds(opening({ vessel: STATELESS })));
    ok(c, noDanger);
    expect(c.send({ type: 'BOARDING_STARTED', override: recordedFact() })).toMatchObject({
      outcome: 'applied',
      mode: 'recorded-fact',
      incident: { category: 'legal', reason: 'no-grounds' },
    });
    ok(c, search(false));
  });
});

describe('the acting unit (SoM art. 9(4))', () => {
  it('only a warship or a clearly marked, authorised government unit boards; while the danger is open imminent-danger is offered beside recorded-fact (SoM art. 9(4); SoM art. 8(5))', () => {
    const unmarked = { name: 'RHIB 3', governmentService: true, clearlyMarked: false, authorised: true };
    const c = new Case(opening({ vessel: STATELESS, unit: unmarked }));
    ok(c, noDanger);
    const boarding = refused(c.send({ type: 'BOARDING_STARTED' }), 'unit-not-authorised');
    expect(boarding.basis).toEqual(['SoM art. 9(4)']);
    expect(boarding.allowedOverrides).toEqual(['recorded-fact']);
    ok(c, alert);
    expect(refused(c.send({ type: 'BOARDING_STARTED' }), 'unit-not-authorised').allowedOverrides).toEqual([
      'imminent-danger',
      'recorded-fact',
    ]);
  });
});

describe('what makes no sense now comes before what the law forbids (not-expected-now)', () => {
  it('a vessel is boarded once: a second boarding is not expected', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED' });
    notExpected(c.send({ type: 'BOARDING_STARTED' }));
  });

  it('a search needs a boarding first and is recorded once', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, noDanger);
    notExpected(c.send(search(false)));
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, search(false));
    notExpected(c.send(search(true)));
  });

  it('seizing the vessel or detaining suspects needs a boarding first; an escort does not', () => {
    const c = new Case(opening({ position: AT.maltaTerritorialSea }));
    ok(c, noDanger);
    expect(c.basis.code).toBe('coastal-jurisdiction');
    notExpected(c.send(seize));
    notExpected(c.send({ type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 }));
    notExpected(
      c.send({
        type: 'MEASURES_TAKEN',
        measures: ['seize-vessel', 'escort-to-port'],
        destination: { country: 'MT' },
      }),
    );
    ok(c, escortHome);
  });

  it('after a boarding under the imminent-danger override a search faces the law (distress), not "needs a boarding first" (SoM art. 8(5))', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    expect(c.send({ type: 'BOARDING_STARTED', override: imminentDanger() })).toMatchObject({
      outcome: 'applied',
      mode: 'imminent-danger',
    });
    const searching = refused(c.send(search(false)), 'distress-rescue-first');
    expect(searching.allowedOverrides).toEqual(['imminent-danger', 'recorded-fact']);
    expect(
      c.send({ type: 'SEARCH_COMPLETED', evidenceFound: false, override: imminentDanger() }),
    ).toMatchObject({ outcome: 'applied', mode: 'imminent-danger' });
  });
});
