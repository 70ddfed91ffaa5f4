// domain.md's legal-basis table at its edges, rule by rule: where a comparison, a citation or a fallback in
// machines/legal-basis.ts would change what the desk tells its users (the code, the articles cited, what is
// permitted, what is asked for, what a step is refused for). Most go through the engine (Case); where a rule
// shows only in the basis the other rules read (the ways to take measures, the scopes resting on consent, the
// State and agreement named), the exported functions of legal-basis.ts are asked directly.
import { describe, expect, it } from 'vitest';
import type { CaseContext } from '../../machines/context.ts';
import {
  claimedFlagState,
  deriveLegalBasis,
  flagStateOfRecord,
  inOwnContiguousZone,
  nationalityOf,
} from '../../machines/legal-basis.ts';
import type {
  CaseEvent,
  OpeningReport,
  Scope,
  SecurityCouncilAuthorisation,
  Setting,
} from '../../machines/schemas.ts';
import { AT, Case, engine, opening, securityCouncilResolution } from './harness.ts';
import {
  assessment,
  grantedCase,
  heard,
  noDanger,
  notExpected,
  ok,
  party,
  refused,
  STATELESS,
  setting,
} from './refusals-kit.ts';

const ALL: Scope[] = ['board', 'search', 'measures'];
const seize: CaseEvent = { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] };
const search = (evidenceFound: boolean): CaseEvent => ({ type: 'SEARCH_COMPLETED', evidenceFound });
const notify = (state = 'TG'): CaseEvent => ({ type: 'FLAG_STATE_NOTIFIED', state });
const request = (scopes: Scope[] = ALL): CaseEvent => ({ type: 'AUTHORISATION_REQUESTED', scopes });

// The basis as the other rules of machines/ read it (measure ways, consent scopes, State, agreement).
const basisOf = (c: Case) => deriveLegalBasis(c.state.context);
const contextOf = (open: Partial<OpeningReport>, s: Setting = setting()): CaseContext =>
  structuredClone(new Case(opening(open), s).state.context);

// Malta claims a 24 nm contiguous zone; Tunisia too where a test needs one.
const MT_CZ = setting(
  { MT: party({ contiguousZoneNm: 24 }) },
  { countryAssessments: { TN: assessment(false) } },
);

const AGREEMENT = 'Demo agreement (fictional)';
const standing = (scopes: Scope[]) =>
  setting({ TG: party({ standingAuthorisation: { agreement: AGREEMENT, with: ['MT'], scopes } }) });

describe('nationality: the flag State of record (UNCLOS arts 91, 92; SoM art. 8(7))', () => {
  it('UNCLOS art. 92(2): a vessel sailing under two flags has no flag State of record, so no authorisation can be asked of either', () => {
    const c = new Case(opening({ vessel: { name: 'NOUR', flag: 'TG', flagsUsed: ['TG', 'LY'] } }));
    expect(flagStateOfRecord(c.state.context)).toBeUndefined();
    expect(c.basis).toEqual({
      code: 'stateless',
      basis: ['SoM art. 8(7)', 'UNCLOS art. 110(1)(d)'],
      permits: ['board', 'search'],
    });
    ok(c, noDanger);
    expect(notExpected(c.send(request())).message).toContain('No flag State of record');
  });

  it('UNCLOS art. 92(2); SoM art. 8(7): the desk keeps why a vessel is without nationality', () => {
    expect(nationalityOf(contextOf({ vessel: STATELESS }))).toEqual({
      status: 'without-nationality',
      why: 'no-flag-no-claim',
    });
    expect(nationalityOf(contextOf({ vessel: { flag: 'TG', flagsUsed: ['TG', 'LY'] } }))).toEqual({
      status: 'without-nationality',
      why: 'multiple-flags',
    });
    const refuted = new Case(opening());
    ok(refuted, notify());
    ok(refuted, { type: 'REGISTRY_REFUTED' });
    expect(nationalityOf(refuted.state.context)).toEqual({
      status: 'without-nationality',
      why: 'registry-refuted',
    });
    expect(nationalityOf(contextOf({ vessel: { name: 'UNKNOWN' } }))).toEqual({ status: 'undetermined' });
    expect(nationalityOf(contextOf({}))).toEqual({ status: 'claimed', state: 'TG' });
  });

  it('UNCLOS art. 91: the flag claimed is the State the desk consults, and a vessel without nationality claims none', () => {
    expect(claimedFlagState(contextOf({}))).toBe('TG');
    expect(claimedFlagState(contextOf({ vessel: { flag: 'TG', registryClaimed: 'SL' } }))).toBe('SL');
    expect(claimedFlagState(contextOf({ vessel: STATELESS }))).toBeUndefined();
    expect(claimedFlagState(contextOf({ vessel: { name: 'UNKNOWN' } }))).toBeUndefined();
    // the directory is asked about both States concerned: the intercepting State and the flag claimed
    const c = new Case(opening());
    const noProfile = c.view.warnings.find((w) => w.code === 'NO_STATE_PROFILE');
    expect(noProfile?.message).toContain('No profile for MT, TG:');
  });

  it('UNCLOS art. 92(1): before any notification, the watch for the consent of a flag State outside the Protocol cites general law, not the Protocol', () => {
    const c = new Case(opening(), setting({ TG: { protocolParty: false } }));
    expect(c.basis.code).toBe('consent-under-general-law');
    expect(c.action('MONITOR_AT_DISTANCE')?.basis).toEqual([
      'UNCLOS art. 92(1)',
      'EU 656/2014 art. 7 (practice)',
    ]);
  });
});

describe('row 4: the contiguous zone (UNCLOS arts 33, 58(2), 86)', () => {
  it('UNCLOS art. 33: a contiguous-zone claim gives no powers on the high seas beyond it', () => {
    const c = new Case(opening({ position: AT.highSeas }), MT_CZ);
    expect(c.basis).toEqual({ code: 'flag-state-authorisation', basis: ['SoM art. 8(2)'], permits: [] });
  });

  it('UNCLOS art. 33(2): a claim that reaches no further than the 12 nm territorial sea gives no contiguous zone', () => {
    const c = new Case(
      opening({ position: AT.maltaContiguousZone }),
      setting({ MT: party({ contiguousZoneNm: 12 }) }),
    );
    expect(c.basis).toEqual({ code: 'flag-state-authorisation', basis: ['SoM art. 8(2)'], permits: [] });
  });

  it('UNCLOS art. 33: the own territorial sea is not the contiguous zone; the zone between them is', () => {
    expect(inOwnContiguousZone(contextOf({ position: AT.maltaTerritorialSea }, MT_CZ))).toBe(false);
    expect(inOwnContiguousZone(contextOf({ position: AT.maltaContiguousZone }, MT_CZ))).toBe(true);
    expect(inOwnContiguousZone(contextOf({ position: AT.highSeas }, MT_CZ))).toBe(false);
  });

  it('UNCLOS arts 33, 58(2): another State’s contiguous zone is high seas for us: the flag State’s consent governs, and that State is to be informed', () => {
    const s = setting({ MT: party({ contiguousZoneNm: 24 }), TN: party({ contiguousZoneNm: 24 }) });
    const c = new Case(opening({ position: AT.tunisiaContiguousZone }), s);
    expect(c.basis).toEqual({ code: 'flag-state-authorisation', basis: ['SoM art. 8(2)'], permits: [] });
    expect(c.action('INFORM_COASTAL_STATE')?.title).toBe('Inform TN: the vessel is in its contiguous zone');
  });

  it('UNCLOS art. 33: only another State’s contiguous zone is to be informed: not the own zone, not a territorial sea, not the high seas', () => {
    expect(new Case(opening({ position: AT.maltaContiguousZone }), MT_CZ).actions).not.toContain(
      'INFORM_COASTAL_STATE',
    );
    const tn = setting({ TN: party({ contiguousZoneNm: 24 }) });
    expect(new Case(opening({ position: AT.tunisiaTerritorialSea }), tn).actions).not.toContain(
      'INFORM_COASTAL_STATE',
    );
    expect(new Case(opening({ position: AT.highSeas }), tn).actions).not.toContain('INFORM_COASTAL_STATE');
  });

  it('UNCLOS art. 33; SoM art. 8(7): a stateless vessel in the own contiguous zone keeps its basis; before evidence its measures are only those that prevent entry', () => {
    const c = new Case(opening({ vessel: STATELESS, position: AT.maltaContiguousZone }), MT_CZ);
    expect(c.basis).toEqual({
      code: 'stateless',
      basis: ['SoM art. 8(7)', 'UNCLOS art. 110(1)(d)', 'UNCLOS art. 33'],
      permits: ALL,
    });
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED' });
    expect(refused(c.send(seize), 'contiguous-zone-prevention-only').basis).toEqual([
      'UNCLOS art. 33(1)(a)',
      'EU 656/2014 art. 8 (practice)',
    ]);
    ok(c, search(true));
    ok(c, seize);
  });

  it('UNCLOS art. 33(1)(a): preventing entry needs no search first: an escort to a third country’s port, persons heard, is applied', () => {
    const c = new Case(opening({ position: AT.maltaContiguousZone }), MT_CZ);
    expect(c.basis.code).toBe('contiguous-zone-control');
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'PERSONS_SCREENED', total: 60 });
    ok(c, heard('TN'));
    ok(c, {
      type: 'MEASURES_TAKEN',
      measures: ['escort-to-port'],
      destination: { country: 'TN', port: 'Sousse' },
    });
  });

  it('UNCLOS art. 33(1)(b): an infringement already committed in the territorial sea may be punished without a search first', () => {
    const c = new Case(opening({ position: AT.maltaContiguousZone }), MT_CZ);
    ok(c, noDanger);
    ok(c, { type: 'INFRINGEMENT_COMMITTED', where: 'territorial-sea' });
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, seize);
  });

  it('UNCLOS art. 33(1)(b): the measures to punish an infringement cite art. 33(1)(b) beside the zone’s basis', () => {
    const c = new Case(opening({ position: AT.maltaContiguousZone }), MT_CZ);
    ok(c, noDanger);
    ok(c, { type: 'INFRINGEMENT_COMMITTED', where: 'territory' });
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, search(true));
    expect(c.action('TAKE_AUTHORISED_MEASURES')?.basis).toEqual([
      'UNCLOS art. 33',
      'EU 656/2014 art. 8 (practice)',
      'UNCLOS art. 33(1)(b)',
    ]);
  });
});

describe('hot pursuit and the own flag (UNCLOS arts 92(1), 94, 111)', () => {
  // A TG-flagged vessel pursued from our territorial sea, signal given, now on the high seas.
  const pursuedToHighSeas = () => {
    const c = new Case(opening({ vessel: { name: 'X', flag: 'TG' }, position: AT.maltaTerritorialSea }));
    ok(c, noDanger);
    ok(c, {
      type: 'HOT_PURSUIT_STARTED',
      startedIn: 'territorial-sea',
      signalGiven: true,
      violation: 'landing migrants',
    });
    ok(c, { type: 'POSITION_REPORTED', ...AT.highSeas });
    return c;
  };

  it('UNCLOS art. 111(1): a pursuit that ended in the boarding it was for carries the search and measures that follow', () => {
    const c = pursuedToHighSeas();
    const pursuit = { code: 'hot-pursuit', basis: ['UNCLOS art. 111'], permits: ALL };
    expect(c.basis).toEqual(pursuit);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, { type: 'HOT_PURSUIT_ENDED', reason: 'stopped and boarded' });
    expect(c.basis).toEqual(pursuit);
    ok(c, search(false));
    // measures under hot pursuit need no evidence found by a search first
    ok(c, seize);
  });

  it('UNCLOS art. 111: a pursuit that ended before any boarding leaves the flag State’s consent to govern', () => {
    const c = pursuedToHighSeas();
    ok(c, { type: 'HOT_PURSUIT_ENDED', reason: 'lost contact' });
    expect(c.basis).toEqual({ code: 'flag-state-authorisation', basis: ['SoM art. 8(2)'], permits: [] });
  });

  it('UNCLOS arts 92(1), 94: measures against an own-flag vessel need no search first', () => {
    const c = new Case(opening({ vessel: { name: 'NOUR', flag: 'MT' } }));
    expect(c.basis).toEqual({
      code: 'own-flag',
      basis: ['UNCLOS art. 92(1)', 'UNCLOS art. 94'],
      permits: ALL,
    });
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, seize);
  });

  it('UNCLOS arts 2, 27: in the own territorial sea the basis is sovereignty, and a flag State’s conditions bind only acts under its authorisation (SoM art. 8(5))', () => {
    const c = grantedCase(['board', 'search'], [{ kind: 'flag-officer-on-board' }]);
    expect(refused(c.send({ type: 'BOARDING_STARTED' }), 'condition-breached').basis).toEqual([
      'SoM art. 8(5)',
    ]);
    ok(c, { type: 'POSITION_REPORTED', ...AT.maltaTerritorialSea });
    expect(c.basis.code).toBe('coastal-jurisdiction');
    ok(c, { type: 'BOARDING_STARTED' });
  });
});

describe('rows 9-11: agreements and the flag State’s consent (SoM arts 8(2), 8(5), 17; UNCLOS art. 92(1))', () => {
  it('SoM arts 8(5), 17: a scope the flag State withdraws from its standing authorisation is no longer permitted', () => {
    const c = new Case(opening(), standing(['board', 'search']));
    ok(c, { type: 'AUTHORISATION_WITHDRAWN', scopes: ['search'] });
    expect(c.basis).toEqual({
      code: 'agreement-authorisation',
      basis: ['SoM arts 8(5), 17', AGREEMENT],
      permits: ['board'],
    });
  });

  it('SoM art. 8(2): the flag State’s express refusal prevails over its standing authorisation', () => {
    const c = new Case(opening(), standing(['board', 'search']));
    ok(c, noDanger);
    ok(c, notify());
    ok(c, request());
    ok(c, { type: 'AUTHORISATION_REFUSED', state: 'TG' });
    expect(c.basis).toEqual({ code: 'flag-state-authorisation', basis: ['SoM art. 8(2)'], permits: [] });
    refused(c.send({ type: 'BOARDING_STARTED' }), 'authorisation-refused');
  });

  it('SoM art. 8(2): a flag State that will act itself sets its standing authorisation aside', () => {
    const c = new Case(opening(), standing(['board', 'search']));
    ok(c, noDanger);
    ok(c, notify());
    ok(c, { type: 'FLAG_STATE_WILL_ACT' });
    expect(c.basis).toEqual({ code: 'flag-state-authorisation', basis: ['SoM art. 8(2)'], permits: [] });
    refused(c.send({ type: 'BOARDING_STARTED' }), 'flag-state-will-act');
  });

  it('SoM art. 17: a deemed consent rests on the agreement on record; when the directory no longer records it, the flag State’s express authorisation is needed again (SoM art. 8(2))', () => {
    const deemed = {
      agreement: 'Demo deemed-consent agreement (fictional)',
      with: ['MT'],
      afterHours: 1,
      scopes: ['board'] as Scope[],
    };
    const c = new Case(opening(), setting({ TG: party({ deemedConsent: deemed, replyWithinHours: 24 }) }));
    ok(c, noDanger);
    ok(c, notify());
    ok(c, { type: 'FLAG_STATE_ACKNOWLEDGED' });
    c.advanceTo(c.minute + 61);
    expect(c.basis).toEqual({
      code: 'agreement-authorisation',
      basis: ['SoM arts 8(5), 17', deemed.agreement],
      permits: ['board'],
    });
    const changed = setting({ TG: party({ replyWithinHours: 24 }) });
    c.state = engine.apply(c.state, { type: 'SETTING_CHANGED', setting: changed }, c.at(c.minute + 1)).state;
    expect(c.basis).toEqual({ code: 'flag-state-authorisation', basis: ['SoM art. 8(2)'], permits: [] });
  });

  it('SoM arts 8(5), 17; 8(2)(c): under a standing authorisation measures wait until a search found evidence', () => {
    const c = new Case(opening(), standing(ALL));
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED' });
    expect(refused(c.send(seize), 'no-evidence-found').basis).toEqual([
      'SoM arts 8(5), 17',
      AGREEMENT,
      'SoM art. 8(2)(c)',
    ]);
    ok(c, search(true));
    ok(c, seize);
  });

  it('SoM art. 8(2)(c): measures the flag State granted wait until a search found evidence', () => {
    const c = grantedCase(ALL);
    ok(c, { type: 'BOARDING_STARTED' });
    expect(refused(c.send(seize), 'no-evidence-found').basis).toEqual(['SoM art. 8(2)(c)']);
    ok(c, search(true));
    ok(c, seize);
  });
});

describe('row 3: another State’s territorial sea (UNCLOS art. 2)', () => {
  const JOINT = 'Joint patrol arrangement (fictional)';
  const tnStanding = setting({
    TN: party({ standingCoastalConsent: { agreement: JOINT, with: ['MT'], scopes: ['board'] } }),
  });

  it('UNCLOS art. 2: a standing consent of the coastal State permits its scopes and cites the arrangement', () => {
    const c = new Case(opening({ position: AT.tunisiaTerritorialSea }), tnStanding);
    expect(c.basis).toEqual({
      code: 'foreign-coastal-state-consent',
      basis: ['UNCLOS art. 2', JOINT],
      permits: ['board'],
    });
    expect(c.actions).not.toContain('REQUEST_COASTAL_STATE_CONSENT');
    expect(basisOf(c)).toMatchObject({ state: 'TN', agreement: JOINT });
  });

  it('UNCLOS art. 2: a consent given in the case rests on sovereignty alone, though an arrangement also exists', () => {
    const c = new Case(opening({ position: AT.tunisiaTerritorialSea }), tnStanding);
    ok(c, { type: 'COASTAL_STATE_CONSENTED', state: 'TN', scopes: ['board', 'search'] });
    expect(c.basis).toEqual({
      code: 'foreign-coastal-state-consent',
      basis: ['UNCLOS art. 2'],
      permits: ['board', 'search'],
    });
    expect(basisOf(c).agreement).toBeUndefined();
  });

  it('UNCLOS art. 2: in waters two States claim, the basis names the State whose consent it rests on', () => {
    const ctx = contextOf(
      { position: AT.tunisiaTerritorialSea },
      setting({
        LY: party({ standingCoastalConsent: { agreement: JOINT, with: ['MT'], scopes: ['board'] } }),
      }),
    );
    ctx.zone = { zone: 'territorial-sea', state: 'TN', states: ['TN', 'LY'] };
    expect(deriveLegalBasis(ctx)).toMatchObject({
      code: 'foreign-coastal-state-consent',
      basis: ['UNCLOS art. 2', JOINT],
      permits: ['board'],
      state: 'LY',
      agreement: JOINT,
    });
    ctx.coastal.consents = { LY: ['board', 'search'] };
    expect(deriveLegalBasis(ctx)).toMatchObject({ permits: ['board', 'search'], state: 'LY' });
  });
});

describe('row 8b: a Security Council authorisation in force (UNSC res. 2240 (2015) paras 7-8; UN Charter ch. VII)', () => {
  const resolution = securityCouncilResolution;
  const RES = ['UNSC res. 9999 (2026)', 'UNSC res. 2240 (2015) paras 7-8', 'UN Charter ch. VII'];
  const scCase = (entry: SecurityCouncilAuthorisation) =>
    new Case(opening(), setting({ TG: party() }, { securityCouncilAuthorisations: [entry] }));
  // notified, authorisation requested, refused: the good-faith attempt (minutes 1-4)
  const afterAttempt = (entry: SecurityCouncilAuthorisation) => {
    const c = scCase(entry);
    ok(c, noDanger);
    ok(c, notify());
    ok(c, request());
    ok(c, { type: 'AUTHORISATION_REFUSED', state: 'TG' });
    return c;
  };

  it('UNSC res. 2240 (2015) paras 7-8: board and search, the resolution cited first; its measures only once a search found evidence, and only those it lists', () => {
    const c = afterAttempt(resolution());
    expect(c.basis).toEqual({
      code: 'security-council-authorisation',
      basis: RES,
      permits: ['board', 'search'],
    });
    // the resolution, not the flag State, is what the acts rest on: nothing to report as done under consent
    expect(basisOf(c).consentScopes).toEqual([]);
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, search(true));
    expect(c.basis.permits).toEqual(ALL);
    const detaining = refused(
      c.send({ type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 }),
      'outside-authorised-measures',
    );
    expect(detaining.basis).toEqual(RES);
    ok(c, seize);
  });

  it('UNSC res. 2240 (2015) para. 8: a resolution listing its measures permits measures only after evidence, even where its scopes name them', () => {
    const c = afterAttempt(resolution({ scopes: ALL }));
    expect(c.basis.permits).toEqual(['board', 'search']);
  });

  it('UN Charter ch. VII: a resolution whose scopes include measures without listing them permits measures of any kind, once a search found evidence', () => {
    const c = afterAttempt(resolution({ scopes: ALL, measures: undefined }));
    expect(c.basis).toEqual({ code: 'security-council-authorisation', basis: RES, permits: ALL });
    ok(c, { type: 'BOARDING_STARTED' });
    expect(refused(c.send(seize), 'no-evidence-found').basis).toEqual(RES);
    ok(c, search(true));
    ok(c, seize);
  });

  it('UN Charter ch. VII: a resolution that authorises boarding and search only never permits measures, whatever a search finds', () => {
    const c = afterAttempt(resolution({ measures: undefined }));
    ok(c, { type: 'BOARDING_STARTED' });
    ok(c, search(true));
    expect(c.basis.permits).toEqual(['board', 'search']);
    expect(basisOf(c).measureWays).toEqual([]);
  });

  it('UNSC res. 2240 (2015) para. 7: a resolution is in force from the instant it names, not before', () => {
    // the refusal, the fourth step, comes at 02:04
    expect(afterAttempt(resolution({ from: '2026-06-01T02:04:00.000Z' })).basis.code).toBe(
      'security-council-authorisation',
    );
    expect(afterAttempt(resolution({ from: '2026-06-01T02:05:00.000Z' })).basis).toEqual({
      code: 'flag-state-authorisation',
      basis: ['SoM art. 8(2)'],
      permits: [],
    });
  });

  it('UNSC res. 2240 (2015) para. 7: a good-faith attempt needs the flag State notified as well as asked', () => {
    const c = scCase(resolution());
    ok(c, noDanger);
    ok(c, request());
    ok(c, { type: 'AUTHORISATION_REFUSED', state: 'TG' });
    expect(c.basis).toEqual({ code: 'flag-state-authorisation', basis: ['SoM art. 8(2)'], permits: [] });
    ok(c, notify());
    expect(c.basis.code).toBe('security-council-authorisation');
  });

  it('UNSC res. 2240 (2015) para. 7: a flag State that granted part of what was asked was not refused in good faith: its grant governs', () => {
    const c = scCase(resolution());
    ok(c, noDanger);
    ok(c, notify());
    ok(c, request(['board']));
    ok(c, { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board'], conditions: [] });
    ok(c, request(['search']));
    ok(c, { type: 'AUTHORISATION_REFUSED', state: 'TG' });
    expect(c.basis).toEqual({
      code: 'flag-state-authorisation',
      basis: ['SoM art. 8(2)'],
      permits: ['board'],
    });
  });

  it('UNSC res. 2240 (2015) para. 7: after FLAG_STATE_WILL_ACT a later request left unanswered is no good-faith attempt', () => {
    const c = scCase(resolution());
    ok(c, noDanger);
    ok(c, notify());
    ok(c, request());
    ok(c, { type: 'FLAG_STATE_WILL_ACT' });
    ok(c, request());
    c.advanceTo(c.minute + 4 * 60 + 1);
    expect(c.actions).toContain('ESCALATE_OVERDUE_REPLY');
    expect(c.basis).toEqual({ code: 'flag-state-authorisation', basis: ['SoM art. 8(2)'], permits: [] });
  });
});

describe('what each row rests on: consent scopes (SoM art. 8(3)) and the ways to take measures (SoM art. 8(2)(c))', () => {
  it('SoM art. 3(d): nothing is asked of the flag State of a government vessel: no notification, no watch for consent', () => {
    const c = new Case(opening({ vessel: { name: 'P-12', flag: 'TG', government: true } }));
    expect(c.actions).not.toContain('NOTIFY_FLAG_STATE');
    expect(c.actions).not.toContain('MONITOR_AT_DISTANCE');
    expect(basisOf(c)).toMatchObject({ measureWays: [], consentScopes: [] });
  });

  it('SoM art. 8(3): rows that do not rest on the flag State’s consent carry no consent scopes, so nothing done under them is reported as done under consent', () => {
    const own = contextOf({ vessel: { flag: 'MT' } });
    const coastal = contextOf({ position: AT.maltaTerritorialSea });
    const czControl = contextOf({ position: AT.maltaContiguousZone }, MT_CZ);
    for (const ctx of [own, coastal, czControl]) {
      expect(deriveLegalBasis(ctx).permits).toEqual(ALL);
      expect(deriveLegalBasis(ctx).consentScopes).toEqual([]);
    }
    const pursuit = new Case(opening({ position: AT.maltaTerritorialSea }));
    ok(pursuit, noDanger);
    ok(pursuit, {
      type: 'HOT_PURSUIT_STARTED',
      startedIn: 'territorial-sea',
      signalGiven: true,
      violation: 'landing migrants',
    });
    ok(pursuit, { type: 'POSITION_REPORTED', ...AT.highSeas });
    expect(basisOf(pursuit)).toMatchObject({
      code: 'hot-pursuit',
      measureWays: [{ needsEvidence: false, basis: ['UNCLOS art. 111'] }],
      consentScopes: [],
    });
  });

  it('SoM art. 8(7): measures against a stateless vessel need evidence, on art. 8(7) between parties and on UNCLOS art. 110(1)(d) otherwise', () => {
    expect(deriveLegalBasis(contextOf({ vessel: STATELESS }))).toMatchObject({
      measureWays: [{ needsEvidence: true, basis: ['SoM art. 8(7)'] }],
      consentScopes: [],
    });
    const nonParty = contextOf({ vessel: STATELESS }, setting({ MT: { protocolParty: false } }));
    expect(deriveLegalBasis(nonParty).measureWays).toEqual([
      { needsEvidence: true, basis: ['UNCLOS art. 110(1)(d)'] },
    ]);
  });

  it('UNCLOS art. 110(2): an undetermined nationality allows no measures at all and rests on no consent', () => {
    expect(deriveLegalBasis(contextOf({ vessel: { name: 'UNKNOWN' } }))).toMatchObject({
      code: 'undetermined',
      measureWays: [],
      consentScopes: [],
    });
  });

  it('UNCLOS art. 2: a coastal consent without measures gives no way to take them; with measures, the open way under UNCLOS art. 2', () => {
    const c = new Case(opening({ position: AT.tunisiaTerritorialSea }));
    ok(c, { type: 'COASTAL_STATE_CONSENTED', state: 'TN', scopes: ['board'] });
    expect(basisOf(c)).toMatchObject({ measureWays: [], consentScopes: [] });
    const all = new Case(opening({ position: AT.tunisiaTerritorialSea }));
    ok(all, { type: 'COASTAL_STATE_CONSENTED', state: 'TN', scopes: ALL });
    expect(basisOf(all)).toMatchObject({
      measureWays: [{ needsEvidence: false, basis: ['UNCLOS art. 2'] }],
      consentScopes: [],
    });
  });

  it('SoM art. 8(3): under an agreement or an express grant, exactly the permitted scopes rest on the flag State’s consent', () => {
    expect(basisOf(new Case(opening(), standing(['board', 'search'])))).toMatchObject({
      code: 'agreement-authorisation',
      state: 'TG',
      agreement: AGREEMENT,
      consentScopes: ['board', 'search'],
    });
    expect(basisOf(grantedCase(['board']))).toMatchObject({
      code: 'flag-state-authorisation',
      state: 'TG',
      consentScopes: ['board'],
    });
  });
});
