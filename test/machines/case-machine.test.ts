// The case statechart (machines/case-machine.ts) as the view shows it: every region's phase follows the facts
// the law recorded, a chart built anew walks the same phases, and its own guard is the law.
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import {
  createCaseMachine,
  decideOnce,
  type MachineEvent,
  phasesOf,
  presetDecision,
} from '../../machines/case-machine.ts';
import { copyPlain } from '../../machines/context.ts';
import { createEngine, type PersistedCase } from '../../machines/engine.ts';
import type { CaseEvent, DeskEvent, OpeningReport, Setting } from '../../machines/schemas.ts';
import { AT, Case, classifyZone, opening, recordedFact, START } from './harness.ts';
import { distress, grantedCase, noDanger, ok, party, STATELESS, setting } from './refusals-kit.ts';

// A Togo-flagged vessel on the high seas, just opened: the phases every region starts from.
const OPENED = {
  safety: 'unassessed',
  flagState: 'toNotify',
  enforcement: 'watching',
  hotPursuit: 'none',
  persons: 'notScreened',
  placeOfSafety: 'notNeeded',
  incidents: 'clear',
  lifecycle: 'open',
};

// The phases the view shows, and the chart never disagreeing with the facts it derives them from
// (case-machine.ts: each phase is derived from the context by eventless transitions).
function expectPhases(c: Case, over: Partial<typeof OPENED>) {
  const shown = c.view.phases;
  expect(shown).toEqual({ ...OPENED, ...over });
  expect(phasesOf(c.state.context)).toEqual(shown);
}

describe('the flag-State region (SoM art. 8(2)-(5), 8(7))', () => {
  it('opens at toNotify for a foreign flag, awaits a reply once notified, and a grant makes it authorised; enforcement follows to searched (SoM art. 8(2), 9(1))', () => {
    const c = new Case();
    expectPhases(c, {});
    ok(c, noDanger);
    expectPhases(c, { safety: 'none' });
    // notified, nothing requested yet: the registry reply is awaited
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    expectPhases(c, { safety: 'none', flagState: 'awaitingReply' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    expectPhases(c, { safety: 'none', flagState: 'awaitingReply' });
    ok(c, { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board', 'search'], conditions: [] });
    expect(c.basis.code).toBe('flag-state-authorisation');
    expectPhases(c, { safety: 'none', flagState: 'authorised', enforcement: 'mayBoard' });
    ok(c, { type: 'BOARDING_STARTED' });
    expectPhases(c, { safety: 'none', flagState: 'authorised', enforcement: 'boarded' });
    ok(c, { type: 'SAFEGUARDS_RECORDED' });
    ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: false });
    expectPhases(c, { safety: 'none', flagState: 'authorised', enforcement: 'searched' });
    ok(c, { type: 'VESSEL_RELEASED' });
    expectPhases(c, { safety: 'none', flagState: 'authorised', enforcement: 'concluded' });
  });

  it('a standing authorisation under an agreement is authorised from the opening, without any reply (SoM art. 17; domain.md row 9)', () => {
    const standingAuthorisation = { agreement: 'MT-TG agreement', with: ['MT'], scopes: ['board' as const] };
    const c = new Case(opening(), setting({ TG: party({ standingAuthorisation }) }));
    expect(c.basis.code).toBe('agreement-authorisation');
    expect(c.view.flagState.reply).toBeNull();
    expectPhases(c, { flagState: 'authorised', enforcement: 'mayBoard' });
  });

  it('a refusal of the authorisation shows refused and keeps the unit watching (SoM art. 8(2))', () => {
    const c = new Case();
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] });
    ok(c, { type: 'AUTHORISATION_REFUSED', state: 'TG' });
    expectPhases(c, { safety: 'none', flagState: 'refused' });
  });

  it('the flag State that will act itself shows flagStateActs (SoM art. 8(2), 8(5))', () => {
    const c = new Case();
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'FLAG_STATE_WILL_ACT' });
    expectPhases(c, { safety: 'none', flagState: 'flagStateActs' });
  });

  it('a refuted registry leaves the vessel without nationality, and boarding is permitted (SoM art. 8(7))', () => {
    const c = new Case();
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'REGISTRY_REFUTED', state: 'TG' });
    expect(c.basis.code).toBe('stateless');
    expectPhases(c, { safety: 'none', flagState: 'withoutNationality', enforcement: 'mayBoard' });
  });

  it('the registry reply overdue on its own is overdue: escalate (SoM art. 8(4), reply deadline)', () => {
    const c = new Case();
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    // 4 hours (the default reply target) pass without a registry reply; no authorisation was requested
    c.advanceTo(c.minute + 4 * 60 + 1);
    expect(c.state.context.flagState.overdue).toEqual({ registry: true, authorisation: false });
    expectPhases(c, { safety: 'none', flagState: 'overdue' });
  });

  it('no flag-State procedure once the vessel proves to fly the intercepting State’s own flag (UNCLOS art. 92(1); domain.md row 5)', () => {
    const c = new Case();
    expectPhases(c, {});
    ok(c, { type: 'VESSEL_IDENTIFIED', flag: 'MT' });
    expect(c.basis.code).toBe('own-flag');
    expectPhases(c, { flagState: 'notRequired', enforcement: 'mayBoard' });
  });
});

describe('the enforcement region (SoM art. 8(7); UNCLOS arts 2, 110)', () => {
  it('nationality undetermined in a foreign territorial sea: identifying, no basis to board (UNCLOS art. 2; SoM art. 8(7))', () => {
    const c = new Case(opening({ vessel: { name: 'X' }, position: AT.tunisiaTerritorialSea }));
    expect(c.basis.code).toBe('foreign-coastal-state-consent');
    expectPhases(c, { flagState: 'notRequired', enforcement: 'identifying' });
  });

  it('an undetermined vessel may be visited on the high seas, and is identified again once it enters a foreign territorial sea (domain.md row 7; UNCLOS art. 2)', () => {
    const c = new Case(opening({ vessel: { name: 'X' } }));
    expect(c.basis.code).toBe('undetermined');
    expectPhases(c, { flagState: 'notRequired', enforcement: 'mayBoard' });
    ok(c, noDanger);
    ok(c, { type: 'POSITION_REPORTED', ...AT.tunisiaTerritorialSea });
    expectPhases(c, { safety: 'none', flagState: 'notRequired', enforcement: 'identifying' });
  });
});

describe('the safety, pursuit, persons, place-of-safety, incident and lifecycle regions', () => {
  it('distress, then rescue, then a place of safety proposed, designated and reached (SOLAS V/33.1-1; MSC.167(78) 6.12-6.17)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    const base = { flagState: 'notRequired', enforcement: 'mayBoard' };
    expectPhases(c, base);
    ok(c, distress);
    expectPhases(c, { ...base, safety: 'distress' });
    ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
    ok(c, { type: 'RESCUE_COMPLETED', rescued: 60 }, 40);
    expectPhases(c, { ...base, safety: 'rescued', placeOfSafety: 'toIdentify' });
    ok(c, { type: 'PLACE_OF_SAFETY_PROPOSED', country: 'MT', port: 'Valletta' });
    expectPhases(c, { ...base, safety: 'rescued', placeOfSafety: 'proposed' });
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'MT', port: 'Valletta' });
    expectPhases(c, { ...base, safety: 'rescued', placeOfSafety: 'designated' });
    ok(c, { type: 'DISEMBARKATION_COMPLETED', country: 'MT', port: 'Valletta' });
    expectPhases(c, { ...base, safety: 'rescued', placeOfSafety: 'disembarked' });
  });

  it('persons who refuse assistance are watched (SAR Convention Annex 1.3.11-13; UNCLOS art. 98)', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    ok(c, { type: 'ASSISTANCE_REFUSED' });
    expectPhases(c, { flagState: 'notRequired', enforcement: 'mayBoard', safety: 'assistanceRefused' });
  });

  it('a hot pursuit begun in the territorial sea is under way, then ended (UNCLOS art. 111)', () => {
    const c = new Case(
      opening({ vessel: { name: 'FAST ONE', flag: 'TG' }, position: AT.maltaTerritorialSea }),
    );
    ok(c, noDanger);
    const before = c.view.phases as Record<string, string>;
    expect(before.hotPursuit).toBe('none');
    ok(c, {
      type: 'HOT_PURSUIT_STARTED',
      startedIn: 'territorial-sea',
      signalGiven: true,
      violation: 'landing migrants outside a port of entry',
    });
    expect((c.view.phases as Record<string, string>).hotPursuit).toBe('pursuing');
    expect(phasesOf(c.state.context)).toEqual(c.view.phases);
    ok(c, { type: 'HOT_PURSUIT_ENDED', reason: 'contact lost in fog' });
    expect((c.view.phases as Record<string, string>).hotPursuit).toBe('ended');
    expect(phasesOf(c.state.context)).toEqual(c.view.phases);
  });

  it('persons screened, then protection claims to refer until they are referred (SoM art. 16; Refugee Convention art. 33)', () => {
    const c = new Case();
    ok(c, noDanger);
    ok(c, { type: 'PERSONS_SCREENED', total: 60 });
    expectPhases(c, { safety: 'none', persons: 'screened' });
    ok(c, { type: 'PROTECTION_CLAIMS_RECORDED', count: 2, countriesOfOrigin: ['SY'] });
    expectPhases(c, { safety: 'none', persons: 'claimsToRefer' });
    ok(c, { type: 'PROTECTION_CLAIMS_REFERRED' });
    expectPhases(c, { safety: 'none', persons: 'screened' });
  });

  it('claims heard before anyone is screened are referred, and the persons are still to be screened (SoM art. 16)', () => {
    const c = new Case();
    ok(c, { type: 'PROTECTION_CLAIMS_RECORDED', count: 2, countriesOfOrigin: ['SY'] });
    expectPhases(c, { persons: 'claimsToRefer' });
    ok(c, { type: 'PROTECTION_CLAIMS_REFERRED' });
    expectPhases(c, { persons: 'notScreened' });
  });

  it('a step recorded as fact over a refusal is an incident under review until reviewed (domain.md, Refusals and overrides)', () => {
    const c = new Case();
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED', override: recordedFact() });
    expectPhases(c, { safety: 'none', enforcement: 'boarded', incidents: 'underReview' });
    const incidentId = c.view.incidents[0]!.id;
    ok(c, { type: 'INCIDENT_REVIEWED', incidentId, finding: 'boarded before the desk was asked' });
    expectPhases(c, { safety: 'none', enforcement: 'boarded', incidents: 'clear' });
  });

  it('a closed case shows closed and stays closed (contract.md, CASE_CLOSED)', () => {
    const c = new Case();
    ok(c, noDanger);
    ok(c, { type: 'CASE_CLOSED' });
    expect(c.view.status).toBe('closed');
    expectPhases(c, { safety: 'none', lifecycle: 'closed' });
    expect(c.send({ type: 'POSITION_REPORTED', ...AT.highSeas })).toMatchObject({ outcome: 'refused' });
    expectPhases(c, { safety: 'none', lifecycle: 'closed' });
  });
});

// A case driven by an engine built inside the test: the chart is generated from REGIONS when it is created.
function walk(steps: CaseEvent[], open: OpeningReport, s: Setting = setting()) {
  const desk = createEngine({ classifyZone });
  let state = desk.open({ id: 'fresh', at: START, setting: s, opening: open });
  const seen = [desk.view(state, 1).phases];
  steps.forEach((event, i) => {
    const at = new Date(Date.parse(START) + (i + 1) * 60_000).toISOString();
    const r = desk.apply(state, event, at);
    expect(r.decision.outcome, event.type).toBe('applied');
    state = r.state;
    seen.push(desk.view(state, 1).phases);
  });
  return { desk, state, seen };
}

describe('the chart as created (createCaseMachine: a region per REGIONS entry, a phase per state)', () => {
  it('a chart built now opens in every region’s first phase and follows the facts through the flag-State procedure (SoM art. 8(2))', () => {
    const { seen } = walk(
      [
        noDanger,
        { type: 'FLAG_STATE_NOTIFIED', state: 'TG' },
        { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] },
        { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board'], conditions: [] },
      ],
      opening(),
    );
    expect(seen).toEqual([
      OPENED,
      { ...OPENED, safety: 'none' },
      { ...OPENED, safety: 'none', flagState: 'awaitingReply' },
      { ...OPENED, safety: 'none', flagState: 'awaitingReply' },
      { ...OPENED, safety: 'none', flagState: 'authorised', enforcement: 'mayBoard' },
    ]);
  });

  it('a chart built now moves back to a region’s first phase when the facts say so (SoM art. 16)', () => {
    const { seen } = walk(
      [
        { type: 'PROTECTION_CLAIMS_RECORDED', count: 1, countriesOfOrigin: ['SD'] },
        { type: 'PROTECTION_CLAIMS_REFERRED' },
      ],
      opening(),
    );
    expect(seen).toEqual([OPENED, { ...OPENED, persons: 'claimsToRefer' }, OPENED]);
  });

  it('its guard is the law: an event the law refuses, sent straight to the chart, records nothing (SoM art. 8(2))', () => {
    const machine = createCaseMachine({ classifyZone });
    const desk = createEngine({ classifyZone });
    const c = new Case();
    ok(c, noDanger);
    const boarding = { type: 'BOARDING_STARTED', at: c.at(10) } as MachineEvent;
    expect(decideOnce(c.state.context, boarding)).toMatchObject({ outcome: 'refused' });
    const [next] = transition(machine, desk.restore(c.state), boarding);
    expect(next.context).toBe(c.state.context);
    expect(next.context.enforcement.boarded).toBe(false);
    expect(next.value).toEqual({ ...OPENED, safety: 'none' });
  });
});

describe('the law evaluated once per event, on the facts it meets (case-machine.ts decideOnce)', () => {
  const fresh = (): PersistedCase => new Case().state;

  it('the same event on the same facts is decided once: the refusal given is the refusal kept (SoM art. 8(2))', () => {
    const ctx = fresh().context;
    const boarding = { type: 'BOARDING_STARTED', at: START } as MachineEvent;
    const first = decideOnce(ctx, boarding);
    expect(first).toMatchObject({ outcome: 'refused' });
    expect(decideOnce(ctx, boarding)).toBe(first);
  });

  it('a decision kept for one case’s facts is not reused on other facts (SoM art. 8(2): no boarding without consent)', () => {
    const refusedOn = new Case();
    ok(refusedOn, noDanger);
    const grantedOn = grantedCase(['board']);
    const boarding = { type: 'BOARDING_STARTED', at: grantedOn.at(30) } as MachineEvent;
    expect(decideOnce(refusedOn.state.context, boarding)).toMatchObject({ outcome: 'refused' });
    expect(decideOnce(grantedOn.state.context, boarding)).toMatchObject({ outcome: 'applied' });
  });

  it('a decision preset for a rebuild holds only for the facts it was preset on (engine.ts replayRecorded)', () => {
    const c = new Case();
    ok(c, noDanger);
    const other = new Case();
    ok(other, noDanger);
    const boarding = { type: 'BOARDING_STARTED', at: c.at(10) } as MachineEvent;
    presetDecision(c.state.context, boarding, { outcome: 'applied', mode: 'normal' });
    expect(decideOnce(c.state.context, boarding)).toEqual({ outcome: 'applied', mode: 'normal' });
    expect(decideOnce(other.state.context, boarding)).toMatchObject({ outcome: 'refused' });
  });

  it('every region’s phase is computed once per context', () => {
    const ctx = fresh().context;
    expect(phasesOf(ctx)).toBe(phasesOf(ctx));
  });

  it('a copy of a context does not carry the phases computed for it: a copy that differs shows its own', () => {
    const ctx = fresh().context;
    const before = phasesOf(ctx);
    expect(before.safety).toBe('unassessed');
    for (const copy of [{ ...ctx }, copyPlain(ctx), structuredClone(ctx), JSON.parse(JSON.stringify(ctx))]) {
      copy.distress = { ...copy.distress, phase: 'distress' };
      expect(phasesOf(copy).safety).toBe('distress');
    }
    expect(phasesOf(ctx)).toBe(before);
  });

  it('a copy of an event does not carry the decision taken on it, nor does the same event on other facts', () => {
    const c = new Case();
    ok(c, noDanger);
    const boarding = { type: 'BOARDING_STARTED', at: c.at(10) } as MachineEvent;
    presetDecision(c.state.context, boarding, { outcome: 'applied', mode: 'normal' });
    expect(decideOnce(c.state.context, { ...boarding })).toMatchObject({ outcome: 'refused' });
    expect(decideOnce(c.state.context, boarding)).toEqual({ outcome: 'applied', mode: 'normal' });
    expect(decideOnce({ ...c.state.context }, boarding)).toMatchObject({ outcome: 'refused' });
  });

  it('a frozen context is still decided and phased, each time afresh', () => {
    const ctx = Object.freeze(fresh().context);
    expect(phasesOf(ctx)).toEqual(phasesOf({ ...ctx }));
    const event = Object.freeze({ type: 'BOARDING_STARTED', at: START } as MachineEvent);
    expect(decideOnce(ctx, event)).toMatchObject({ outcome: 'refused' });
  });
});

describe('a snapshot rebuilt from the log shows the same phases (engine.ts replayRecorded)', () => {
  it('replaying the applied steps on a newly opened case gives the same view, phases included', () => {
    const c = new Case();
    const steps: Array<[DeskEvent, string]> = [];
    const record = (event: CaseEvent) => {
      ok(c, event);
      steps.push([event, c.at(c.minute)]);
    };
    record(noDanger);
    record({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    record({ type: 'REGISTRY_REFUTED', state: 'TG' });
    record({ type: 'PERSONS_SCREENED', total: 60 });
    record({ type: 'PROTECTION_CLAIMS_RECORDED', count: 3, countriesOfOrigin: ['ER'] });
    const desk = createEngine({ classifyZone });
    let rebuilt = desk.open({ id: 'case-1', at: START, setting: c.setting, opening: opening() });
    for (const [event, at] of steps) rebuilt = desk.replayRecorded(rebuilt, event, at);
    expect(desk.view(rebuilt, 1)).toEqual(c.view);
    expect(desk.view(rebuilt, 1).phases).toEqual({
      ...OPENED,
      safety: 'none',
      flagState: 'withoutNationality',
      enforcement: 'mayBoard',
      persons: 'claimsToRefer',
    });
  });
});
