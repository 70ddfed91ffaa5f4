// The legal basis for acting against the vessel: domain.md's table, tried top to bottom, recomputed from the
// case's facts after every applied event and processed deadline.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { B } from './citations.ts';
import type { CaseContext } from './context.ts';
import { profileOf } from './context.ts';
import { requestsReached } from './exchange.ts';
import type { LegalBasisCode, Measure, Scope, SecurityCouncilAuthorisation } from './schemas.ts';

// One way the basis allows MEASURES_TAKEN: whether a search must first have found evidence, and which measures
// it covers (all where absent). Row 4 combined with another row gives two ways; either suffices.
export interface MeasureWay {
  needsEvidence: boolean;
  limitedTo?: Measure[];
  // contiguous-zone prevention: nothing that brings the vessel into the intercepting State
  noInward?: boolean;
  basis: string[];
}

export interface LegalBasis {
  code: LegalBasisCode;
  basis: string[];
  permits: Scope[];
  // the State whose consent or registry the basis turns on, where there is one
  state?: string;
  // the agreement relied on under row 9; the resolution under row 8b
  agreement?: string;
  measureWays: MeasureWay[];
  // the scopes that rest on the flag State's consent (express, standing or deemed): what art. 8(3) reports
  consentScopes: Scope[];
  // life first: enforcement waits while persons are in distress (the basis keeps its scopes)
  suspendedBy?: 'distress';
}

export type NationalityStatus =
  | { status: 'without-nationality'; why: 'no-flag-no-claim' | 'multiple-flags' | 'registry-refuted' }
  | { status: 'undetermined' }
  | { status: 'claimed'; state: string };

type Facts = CaseContext;

const ALL: Scope[] = ['board', 'search', 'measures'];
// Scopes in the contract's order, without repeats.
export const ordered = (scopes: Iterable<Scope>): Scope[] => {
  const set = new Set(scopes);
  return ALL.filter((s) => set.has(s));
};

export function distinctFlags(flags: readonly string[] | undefined): string[] {
  return [...new Set(flags ?? [])];
}

// domain.md, "Nationality status": the State that confirmed the registry; failing that, the State whose
// registry is claimed; failing that, the State whose flag is shown (registration decides: UNCLOS art. 91).
export function flagStateOfRecord(ctx: Pick<CaseContext, 'vessel' | 'flagState'>): string | undefined {
  const v = ctx.vessel;
  if (distinctFlags(v.flagsUsed).length >= 2) return undefined;
  return ctx.flagState.confirmedBy ?? v.registryClaimed ?? v.flag ?? distinctFlags(v.flagsUsed)[0];
}

// Absent is unknown, null is none; two flags used according to convenience, or a refuted registry, leave the
// vessel without nationality (UNCLOS art. 92(2); SoM art. 8(7)).
export function nationalityOf(ctx: Pick<CaseContext, 'vessel' | 'flagState'>): NationalityStatus {
  const v = ctx.vessel;
  if (distinctFlags(v.flagsUsed).length >= 2) return { status: 'without-nationality', why: 'multiple-flags' };
  const record = flagStateOfRecord(ctx);
  if (record && ctx.flagState.refutedBy.includes(record)) {
    return { status: 'without-nationality', why: 'registry-refuted' };
  }
  if (record) return { status: 'claimed', state: record };
  if (v.flag === null && v.registryClaimed == null) {
    return { status: 'without-nationality', why: 'no-flag-no-claim' };
  }
  return { status: 'undetermined' };
}

export function claimedFlagState(ctx: Pick<CaseContext, 'vessel' | 'flagState'>): string | undefined {
  const n = nationalityOf(ctx);
  return n.status === 'claimed' ? n.state : undefined;
}

export function isProtocolParty(ctx: Pick<CaseContext, 'setting'>, state: string | undefined): boolean {
  return profileOf(ctx, state)?.protocolParty ?? true;
}

// Between States Parties the flag-State steps rest on the Protocol; otherwise on UNCLOS art. 92(1) and general
// law (domain.md, citations).
export function flagStepBasis(
  ctx: Facts,
  som: string[],
  flag = ctx.flagState.notifiedState ?? claimedFlagState(ctx),
): string[] {
  const both = isProtocolParty(ctx, ctx.interceptingState) && isProtocolParty(ctx, flag);
  return both ? som : [B.unclosExclusiveFlag];
}

// The acting unit: a warship, or a ship clearly marked and identifiable as on government service and
// authorised to that effect (SoM art. 9(4)).
export function actingUnitQualified(ctx: Pick<CaseContext, 'unit'>): boolean {
  const u = ctx.unit;
  return u.governmentService && u.clearlyMarked && u.authorised;
}

// Reasonable grounds come before every boarding (SoM art. 8(2), 8(7); UNCLOS art. 110(1)); a hot pursuit's
// recorded violation counts as grounds.
export function groundsRecorded(ctx: Pick<CaseContext, 'grounds' | 'hotPursuit'>): boolean {
  return ctx.grounds.length > 0 || !!ctx.hotPursuit?.violation;
}

function inOwnTerritorialSea(ctx: Facts): boolean {
  return ctx.zone.zone === 'territorial-sea' && ctx.zone.states.includes(ctx.interceptingState);
}

export function inForeignTerritorialSea(ctx: Pick<CaseContext, 'zone' | 'interceptingState'>): boolean {
  return ctx.zone.zone === 'territorial-sea' && !ctx.zone.states.includes(ctx.interceptingState);
}

export function inOwnContiguousZone(ctx: Facts): boolean {
  const claim = profileOf(ctx, ctx.interceptingState)?.contiguousZoneNm;
  return (
    ctx.zone.zone === 'contiguous-zone' &&
    ctx.zone.states.includes(ctx.interceptingState) &&
    claim !== undefined &&
    claim > 12
  );
}

// Other States in whose contiguous zone the vessel is: high seas for this purpose, with a duty to inform them.
export function foreignContiguousStates(ctx: Facts): string[] {
  if (ctx.zone.zone !== 'contiguous-zone') return [];
  return ctx.zone.states.filter((s) => s !== ctx.interceptingState);
}

// A lawful pursuit gives the basis while it is uninterrupted, and after it ends in the boarding it was for:
// the arrest it led to carries on the search and measures that follow (UNCLOS art. 111(1), (7)).
export function hotPursuitUninterrupted(ctx: Facts): boolean {
  const hp = ctx.hotPursuit;
  if (!hp?.lawful) return false;
  return hp.active || ctx.enforcement.boardedUnder === 'hot-pursuit';
}

// Life first: from a distress assessment until the danger closes (domain.md, Safety of life).
export function inDistress(ctx: Pick<CaseContext, 'distress'>): boolean {
  return ctx.distress.dangerOpen && ctx.distress.distressDeclared;
}

const withoutWithdrawn = (ctx: Facts, scopes: Iterable<Scope>): Scope[] =>
  ordered([...scopes].filter((s) => !ctx.flagState.withdrawnScopes.includes(s)));

// Which agreement covering migrant smuggling, if any, gives the intercepting State authority today. An express
// refusal, or the flag State acting itself, prevails over a standing authorisation (machines/README.md, 1).
function agreementAuthority(ctx: Facts, flag: string): { agreement: string; scopes: Scope[] } | undefined {
  if (ctx.flagState.reply === 'refused' || ctx.flagState.reply === 'will-act') return undefined;
  const profile = profileOf(ctx, flag);
  const standing = profile?.standingAuthorisation;
  if (standing?.with.includes(ctx.interceptingState)) {
    const scopes = withoutWithdrawn(ctx, [...standing.scopes, ...ctx.flagState.grantedScopes]);
    return { agreement: standing.agreement, scopes };
  }
  const deemed = profile?.deemedConsent;
  if (ctx.flagState.deemedConsentMatured && deemed?.with.includes(ctx.interceptingState)) {
    return { agreement: deemed.agreement, scopes: withoutWithdrawn(ctx, deemed.scopes) };
  }
  return undefined;
}

// Express consent counts only from the flag State of record (the procedure resets when that State changes).
function consentScopes(ctx: Facts): Scope[] {
  return withoutWithdrawn(ctx, ctx.flagState.grantedScopes);
}

// Row 8b's good-faith attempt: notified and authorisation requested, then refused or the deadline passed, with
// no grant and no FLAG_STATE_WILL_ACT since (res. 2240 (2015) para. 7); delivered, where the exchange carries it.
export function goodFaithAttemptMade(ctx: Facts): boolean {
  const fs = ctx.flagState;
  if (!fs.notifiedAt || !fs.authorisationRequestedAt) return false;
  if (!requestsReached(ctx, fs.notifiedState)) return false;
  if (fs.reply === 'will-act' || fs.grantedScopes.length > 0) return false;
  return fs.reply === 'refused' || fs.overdue.authorisation;
}

// The Security Council authorisation in force at this moment whose area holds the vessel, if any.
export function securityCouncilAuthorisationAt(ctx: Facts): SecurityCouncilAuthorisation | undefined {
  const at = Date.parse(ctx.at);
  return (ctx.setting.securityCouncilAuthorisations ?? []).find(
    (a) => Date.parse(a.from) <= at && at < Date.parse(a.until) && inArea(a.area, ctx.position),
  );
}

// Whether a point lies in an authorisation's area: the same question several times per event for one
// position (each derivation of the legal basis asks it), and the polygon test over a coastline's area was
// most of the law's cost per event. The last answer per area is kept: a pure function of its inputs.
const lastAnswer = new WeakMap<object, { lon: number; lat: number; inside: boolean }>();
function inArea(
  area: SecurityCouncilAuthorisation['area'],
  { lon, lat }: { lon: number; lat: number },
): boolean {
  const last = lastAnswer.get(area);
  if (last && last.lon === lon && last.lat === lat) return last.inside;
  const inside = booleanPointInPolygon([lon, lat], area);
  lastAnswer.set(area, { lon, lat, inside });
  return inside;
}

const OPEN_WAY = (basis: string[]): MeasureWay[] => [{ needsEvidence: false, basis }];

// Rows 5-11, tried in order: the basis that rests on the vessel's nationality and the States' consents.
function nationalityRows(ctx: Facts): LegalBasis {
  const intercepting = ctx.interceptingState;
  const party = isProtocolParty(ctx, intercepting);
  const nationality = nationalityOf(ctx);
  const evidence = ctx.enforcement.evidenceFound === true;
  // Row 5: the vessel flies or claims the intercepting State's own flag (or is really of its nationality).
  if (nationality.status === 'claimed' && nationality.state === intercepting) {
    const basis = [B.unclosExclusiveFlag, B.unclosFlagDuties];
    return {
      code: 'own-flag',
      basis,
      permits: [...ALL],
      state: intercepting,
      measureWays: OPEN_WAY(basis),
      consentScopes: [],
    };
  }
  // Row 6: without nationality: right of visit; measures once evidence is found.
  if (nationality.status === 'without-nationality') {
    const basis = party ? [B.somStateless, B.unclosVisitStateless] : [B.unclosVisitStateless];
    return {
      code: 'stateless',
      basis,
      permits: evidence ? [...ALL] : ['board', 'search'],
      measureWays: [{ needsEvidence: true, basis: party ? [B.somStateless] : [B.unclosVisitStateless] }],
      consentScopes: [],
    };
  }
  // Row 7: nationality undetermined: a visit limited to verifying nationality (documents, then if suspicion
  // remains an examination confined to nationality); no search, no measures until nationality is known.
  if (nationality.status === 'undetermined') {
    return {
      code: 'undetermined',
      basis: [B.somFlagRequest, B.somStateless, B.unclosVisitStateless, B.unclosVisitExamination],
      permits: ['board'],
      measureWays: [],
      consentScopes: [],
    };
  }
  const flag = nationality.state;
  // Row 8b: a Security Council authorisation in force, on the high seas in its area, after a good-faith attempt.
  // the good-faith attempt first: it is cheap, and the area's polygon is not
  const sc =
    ctx.zone.zone !== 'territorial-sea' && goodFaithAttemptMade(ctx)
      ? securityCouncilAuthorisationAt(ctx)
      : undefined;
  if (sc) {
    const basis = [`UNSC res. ${sc.resolution}`, B.res2240, B.unCharter];
    const measures = sc.measures ?? [];
    const scopes = ordered(sc.scopes.filter((s) => s !== 'measures' || measures.length === 0));
    return {
      code: 'security-council-authorisation',
      basis,
      permits: ordered([...scopes, ...(measures.length > 0 && evidence ? (['measures'] as Scope[]) : [])]),
      state: flag,
      agreement: sc.resolution,
      measureWays:
        measures.length > 0 || sc.scopes.includes('measures')
          ? [
              {
                needsEvidence: true,
                ...(measures.length > 0 ? { limitedTo: [...measures] } : {}),
                basis,
              },
            ]
          : [],
      consentScopes: [],
    };
  }
  // Row 9: standing or matured deemed authorisation under an agreement covering migrant smuggling.
  const agreement = agreementAuthority(ctx, flag);
  if (agreement) {
    const basis = ['SoM arts 8(5), 17', agreement.agreement];
    return {
      code: 'agreement-authorisation',
      basis,
      permits: agreement.scopes,
      state: flag,
      agreement: agreement.agreement,
      measureWays: [{ needsEvidence: true, basis: [...basis, B.somMeasures] }],
      consentScopes: agreement.scopes,
    };
  }
  // Rows 10-11: express consent of the flag State, under the Protocol between parties, else general law.
  const scopes = consentScopes(ctx);
  const protocol = party && isProtocolParty(ctx, flag);
  const basis = protocol ? [B.somFlagRequest] : [B.unclosExclusiveFlag];
  return {
    code: protocol ? 'flag-state-authorisation' : 'consent-under-general-law',
    basis,
    permits: scopes,
    state: flag,
    measureWays: [{ needsEvidence: true, basis: protocol ? [B.somMeasures] : basis }],
    consentScopes: scopes,
  };
}

// Row 4's own way to take measures: to prevent entry, or to punish an infringement already committed.
function contiguousWay(ctx: Facts): MeasureWay {
  return ctx.infringement
    ? { needsEvidence: false, basis: [B.unclosContiguousPunish] }
    : {
        needsEvidence: false,
        limitedTo: ['divert', 'escort-to-port'],
        noInward: true,
        basis: [B.unclosContiguousPrevent, B.eu656Contiguous],
      };
}

function rowsBeforeDistress(ctx: Facts): LegalBasis {
  // Row 1: warships and government ships on non-commercial service are outside the Protocol and immune.
  if (ctx.vessel.government === true) {
    return {
      code: 'government-vessel',
      basis: [B.somDefinitionVessel, B.unclosWarships],
      permits: [],
      measureWays: [],
      consentScopes: [],
    };
  }
  // Row 2: the coastal State's own sovereignty.
  if (inOwnTerritorialSea(ctx)) {
    const basis = ['UNCLOS arts 2, 19(2)(g), 21, 25, 27', B.eu656Territorial];
    return {
      code: 'coastal-jurisdiction',
      basis,
      permits: [...ALL],
      measureWays: OPEN_WAY(basis),
      consentScopes: [],
    };
  }
  // Row 3: another State's territorial sea: nothing but rescue until it consents, in the case or in advance.
  if (inForeignTerritorialSea(ctx)) {
    const standing = (s: string) => {
      const c = profileOf(ctx, s)?.standingCoastalConsent;
      return c?.with.includes(ctx.interceptingState) ? c : undefined;
    };
    const consenting =
      ctx.zone.states.find((s) => ctx.coastal.consents[s] !== undefined) ??
      ctx.zone.states.find((s) => standing(s) !== undefined);
    const scopes = consenting
      ? ordered(ctx.coastal.consents[consenting] ?? standing(consenting)?.scopes ?? [])
      : [];
    const agreement =
      consenting && !ctx.coastal.consents[consenting] ? standing(consenting)?.agreement : undefined;
    const basis = agreement ? [B.unclosSovereignty, agreement] : [B.unclosSovereignty];
    return {
      code: 'foreign-coastal-state-consent',
      basis,
      permits: scopes,
      state: consenting ?? ctx.zone.state ?? ctx.zone.states[0],
      ...(agreement ? { agreement } : {}),
      measureWays: scopes.includes('measures') ? OPEN_WAY(basis) : [],
      consentScopes: [],
    };
  }
  // Hot pursuit, lawfully begun and uninterrupted, outside every territorial sea, prevails over rows 4-7.
  if (hotPursuitUninterrupted(ctx)) {
    return {
      code: 'hot-pursuit',
      basis: [B.unclosHotPursuit],
      permits: [...ALL],
      measureWays: OPEN_WAY([B.unclosHotPursuit]),
      consentScopes: [],
    };
  }
  const row = nationalityRows(ctx);
  // Row 4: the contiguous zone adds coastal powers and takes none away (UNCLOS art. 33): where rows 5-11 permit
  // anything, their code stands with the union of the scopes; otherwise contiguous-zone control.
  if (inOwnContiguousZone(ctx)) {
    const cz = contiguousWay(ctx);
    if (row.permits.length > 0) {
      return {
        ...row,
        basis: [...row.basis, B.unclosContiguous],
        permits: [...ALL],
        measureWays: [...(row.permits.includes('measures') ? row.measureWays : []), cz],
      };
    }
    return {
      code: 'contiguous-zone-control',
      basis: [B.unclosContiguous, B.eu656Contiguous],
      permits: [...ALL],
      measureWays: [cz],
      consentScopes: [],
    };
  }
  return row;
}

export function deriveLegalBasis(ctx: Facts): LegalBasis {
  const lb = rowsBeforeDistress(ctx);
  return inDistress(ctx) ? { ...lb, suspendedBy: 'distress' } : lb;
}

// Bases that rest on the flag State's express consent (required actions NOTIFY_FLAG_STATE, MONITOR_AT_DISTANCE).
export function needsFlagStateConsent(code: LegalBasisCode): boolean {
  return code === 'flag-state-authorisation' || code === 'consent-under-general-law';
}

export function isAuthorisationBasis(code: LegalBasisCode): boolean {
  return code === 'agreement-authorisation' || needsFlagStateConsent(code);
}

// Rows 6-11 (with 8b): a boarding on these bases that turns up nothing owes a compensation assessment.
export const COMPENSATION_BASES: ReadonlySet<LegalBasisCode> = new Set<LegalBasisCode>([
  'stateless',
  'undetermined',
  'security-council-authorisation',
  'agreement-authorisation',
  'flag-state-authorisation',
  'consent-under-general-law',
]);
