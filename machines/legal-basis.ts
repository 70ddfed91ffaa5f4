// The legal basis for acting against the vessel: domain.md's table, tried top to bottom, recomputed from the
// case's facts after every applied event and processed deadline.
import { B } from './citations.ts';
import type { CaseContext } from './context.ts';
import { profileOf } from './context.ts';
import type { LegalBasisCode, Scope } from './schemas.ts';

export interface LegalBasis {
  code: LegalBasisCode;
  basis: string[];
  permits: Scope[];
  // the State whose consent or registry the basis turns on, where there is one
  state?: string;
  // contiguous-zone control allows only measures that prevent entry (UNCLOS art. 33(1)(a))
  measuresLimitedTo?: Array<'divert' | 'escort-to-port'>;
  // the agreement relied on under row 9
  agreement?: string;
  // rows 9-11 and stateless: MEASURES_TAKEN only once a search found evidence (SoM art. 8(2)(c), 8(7))
  measuresNeedEvidence?: boolean;
}

export type NationalityStatus =
  | { status: 'without-nationality'; why: 'no-flag-no-claim' | 'multiple-flags' | 'registry-refuted' }
  | { status: 'undetermined' }
  | { status: 'claimed'; state: string };

type Facts = Pick<
  CaseContext,
  | 'vessel'
  | 'flagState'
  | 'interceptingState'
  | 'zone'
  | 'setting'
  | 'coastal'
  | 'hotPursuit'
  | 'enforcement'
  | 'kind'
>;

const ALL: Scope[] = ['board', 'search', 'measures'];

export function distinctFlags(flags: readonly string[] | undefined): string[] {
  return [...new Set(flags ?? [])];
}

// domain.md, "Nationality status": absent is unknown, null is none; a flag shown is a claim of registry.
export function nationalityOf(ctx: Pick<CaseContext, 'vessel' | 'flagState'>): NationalityStatus {
  const v = ctx.vessel;
  if (distinctFlags(v.flagsUsed).length >= 2) return { status: 'without-nationality', why: 'multiple-flags' };
  if (ctx.flagState.registry === 'refuted') return { status: 'without-nationality', why: 'registry-refuted' };
  const claimed = v.flag ?? v.registryClaimed ?? undefined;
  if (claimed) return { status: 'claimed', state: claimed };
  const oneFlagUsed = distinctFlags(v.flagsUsed)[0];
  if (oneFlagUsed) return { status: 'claimed', state: oneFlagUsed };
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

function inOwnTerritorialSea(ctx: Facts): boolean {
  return ctx.zone.zone === 'territorial-sea' && ctx.zone.states.includes(ctx.interceptingState);
}

export function inForeignTerritorialSea(ctx: Facts): boolean {
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

// Which agreement covering migrant smuggling, if any, gives the intercepting State authority today.
function agreementAuthority(ctx: Facts, flag: string): { agreement: string; scopes: Scope[] } | undefined {
  if (ctx.flagState.reply === 'refused' || ctx.flagState.reply === 'will-act') return undefined;
  const profile = profileOf(ctx, flag);
  const standing = profile?.standingAuthorisation;
  if (standing?.with.includes(ctx.interceptingState)) {
    const scopes = new Set<Scope>(standing.scopes);
    if (ctx.flagState.reply === 'granted') for (const s of ctx.flagState.grantedScopes) scopes.add(s);
    return { agreement: standing.agreement, scopes: ALL.filter((s) => scopes.has(s)) };
  }
  const deemed = profile?.deemedConsent;
  if (ctx.flagState.deemedConsentMatured && deemed?.with.includes(ctx.interceptingState)) {
    return { agreement: deemed.agreement, scopes: [...deemed.scopes] };
  }
  return undefined;
}

function consentScopes(ctx: Facts): Scope[] {
  return ctx.flagState.reply === 'granted' ? ALL.filter((s) => ctx.flagState.grantedScopes.includes(s)) : [];
}

export function deriveLegalBasis(ctx: Facts): LegalBasis {
  const intercepting = ctx.interceptingState;
  const party = isProtocolParty(ctx, intercepting);

  // Row 1: warships and government ships on non-commercial service are outside the Protocol and immune.
  if (ctx.vessel.government === true) {
    return { code: 'government-vessel', basis: [B.somDefinitionVessel, B.unclosWarships], permits: [] };
  }
  // Row 2: the coastal State's own sovereignty.
  if (inOwnTerritorialSea(ctx)) {
    return {
      code: 'coastal-jurisdiction',
      basis: ['UNCLOS arts 2, 19(2)(g), 21, 25, 27', B.eu656Territorial],
      permits: [...ALL],
    };
  }
  // Row 3: another State's territorial sea: nothing but rescue until it consents.
  if (inForeignTerritorialSea(ctx)) {
    const consenting = ctx.zone.states.find((s) => ctx.coastal.consents[s] !== undefined);
    const permits = consenting ? ALL.filter((s) => ctx.coastal.consents[consenting]!.includes(s)) : [];
    return {
      code: 'foreign-coastal-state-consent',
      basis: [B.unclosSovereignty],
      permits,
      state: consenting ?? ctx.zone.state ?? ctx.zone.states[0],
    };
  }
  // Hot pursuit, lawfully begun and uninterrupted, outside every territorial sea, prevails over rows 4-7.
  if (hotPursuitUninterrupted(ctx)) {
    return { code: 'hot-pursuit', basis: [B.unclosHotPursuit], permits: [...ALL] };
  }
  // Row 4: own contiguous zone: control to prevent infringement of immigration laws.
  if (inOwnContiguousZone(ctx)) {
    return {
      code: 'contiguous-zone-control',
      basis: [B.unclosContiguous, B.eu656Contiguous],
      permits: [...ALL],
      measuresLimitedTo: ['divert', 'escort-to-port'],
    };
  }
  const nationality = nationalityOf(ctx);
  // Row 5: the vessel flies or claims the intercepting State's own flag.
  if (nationality.status === 'claimed' && nationality.state === intercepting) {
    return {
      code: 'own-flag',
      basis: [B.unclosFlagDuties, B.somOwnFlag],
      permits: [...ALL],
      state: intercepting,
    };
  }
  // Row 6: without nationality: right of visit; measures once evidence is found.
  if (nationality.status === 'without-nationality') {
    const evidence = ctx.enforcement.evidenceFound === true;
    return {
      code: 'stateless',
      basis: party ? [B.somStateless, B.unclosVisitStateless] : [B.unclosVisitStateless],
      permits: evidence ? [...ALL] : ['board', 'search'],
      measuresNeedEvidence: true,
    };
  }
  // Row 7: nationality undetermined: identify first.
  if (nationality.status === 'undetermined') {
    return { code: 'undetermined', basis: [B.somFlagRequest, B.somStateless], permits: [] };
  }
  const flag = nationality.state;
  // Row 9: standing or matured deemed authorisation under an agreement covering migrant smuggling.
  const agreement = agreementAuthority(ctx, flag);
  if (agreement) {
    return {
      code: 'agreement-authorisation',
      basis: ['SoM arts 8(5), 17', agreement.agreement],
      permits: agreement.scopes,
      state: flag,
      agreement: agreement.agreement,
      measuresNeedEvidence: true,
    };
  }
  // Rows 10-11: express consent of the flag State, under the Protocol between parties, else general law.
  if (party && isProtocolParty(ctx, flag)) {
    return {
      code: 'flag-state-authorisation',
      basis: [B.somFlagRequest],
      permits: consentScopes(ctx),
      state: flag,
      measuresNeedEvidence: true,
    };
  }
  return {
    code: 'consent-under-general-law',
    basis: [B.unclosExclusiveFlag],
    permits: consentScopes(ctx),
    state: flag,
    measuresNeedEvidence: true,
  };
}

// Bases that rest on the flag State's express consent (required actions NOTIFY_FLAG_STATE, MONITOR_AT_DISTANCE).
export function needsFlagStateConsent(code: LegalBasisCode): boolean {
  return code === 'flag-state-authorisation' || code === 'consent-under-general-law';
}

export function isAuthorisationBasis(code: LegalBasisCode): boolean {
  return code === 'agreement-authorisation' || needsFlagStateConsent(code);
}
