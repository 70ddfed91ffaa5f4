// Required actions for the persons on board and where they are landed (machines/persons-actions.ts; contract.md,
// "Required actions"; domain.md, "Persons on board" and "Place of safety and disembarkation"), seen where the
// operator and the authority see them: the code, title, basis, role, priority, `blocking` and `waitsFor` of each
// action in the case view. Expected titles and citations are written literally from citations.ts's short forms.
import { describe, expect, it } from 'vitest';
import type { CaseEvent, Setting } from '../../machines/schemas.ts';
import { Case, opening } from './harness.ts';
import {
  assessment,
  distress,
  heard,
  imminentDanger,
  noDanger,
  ok,
  STATELESS,
  setting,
  TOLD_AND_HEARD_BASIS,
} from './refusals-kit.ts';

const SAFE_TN = setting({}, { countryAssessments: { TN: assessment(false) } });

const SCREEN_BASIS = [
  'SoM art. 16(4)',
  'CRC art. 3',
  'EU 656/2014 art. 4(4) (practice)',
  'MSC.167(78) 6.20 (guidance)',
];
const DISEMBARK_BASIS = ['SOLAS V/33.1-1', 'MSC.167(78) 6.12-6.14 (guidance)'];
const HOME_INFORM_BASIS = ['EU 656/2014 art. 4(3) (practice)', 'ECtHR Hirsi Jamaa v Italy (2012)'];

const designate = (country: string, port?: string): CaseEvent => ({
  type: 'PLACE_OF_SAFETY_DESIGNATED',
  by: 'authority',
  country,
  ...(port ? { port } : {}),
});

// Persons rescued from a stateless boat on the high seas and taken aboard the unit, which never boarded the boat.
function rescued(s: Setting = setting()) {
  const c = new Case(opening({ vessel: STATELESS }), s);
  ok(c, distress);
  ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
  ok(c, { type: 'RESCUE_COMPLETED', rescued: 60 }, 40);
  return c;
}

// A stateless boat boarded, searched with evidence found, and seized with its 60 persons left aboard: persons
// under the unit's control outside any rescue (Hirsi §81; Medvedyev §67).
function seized(s: Setting = setting()) {
  const c = new Case(opening({ vessel: STATELESS }), s);
  ok(c, noDanger);
  ok(c, { type: 'BOARDING_STARTED' });
  ok(c, { type: 'SEARCH_COMPLETED', evidenceFound: true });
  ok(c, { type: 'MEASURES_TAKEN', measures: ['seize-vessel'] });
  return c;
}

const count = (c: Case, code: string) => c.view.requiredActions.filter((a) => a.code === code).length;

describe('SoM art. 9(1)(a), 16(4): who is screened (SCREEN_PERSONS)', () => {
  it('SoM art. 9(1)(a): boarding a vessel with persons aboard opens SCREEN_PERSONS for the operator, not blocking while no third country waits for it', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, noDanger);
    expect(c.actions).not.toContain('SCREEN_PERSONS');
    ok(c, { type: 'BOARDING_STARTED' });
    expect(c.action('SCREEN_PERSONS')).toMatchObject({
      basis: SCREEN_BASIS,
      role: 'operator',
      priority: 'legal',
      blocking: false,
    });
    ok(c, { type: 'PERSONS_SCREENED', total: 60 });
    expect(c.actions).not.toContain('SCREEN_PERSONS');
  });

  it('SoM art. 9(1)(a): boarding a vessel reported with nobody aboard opens no screening', () => {
    const c = new Case(opening({ vessel: STATELESS, personsOnBoard: 0 }));
    ok(c, noDanger);
    ok(c, { type: 'BOARDING_STARTED' });
    expect(c.actions).toContain('SEARCH_VESSEL');
    expect(c.actions).not.toContain('SCREEN_PERSONS');
  });

  it('SoM art. 8(5): a boarding under the imminent-danger override is a rescue act, yet the persons it reaches are screened', () => {
    const c = new Case(opening({ vessel: STATELESS }));
    ok(c, distress);
    ok(c, { type: 'BOARDING_STARTED', override: imminentDanger() });
    expect(c.action('SCREEN_PERSONS')).toMatchObject({ basis: SCREEN_BASIS, blocking: false });
  });

  it('SOLAS V/33; MSC.167(78) 6.20: persons rescued aboard the unit are screened, though their boat was never boarded', () => {
    const c = rescued();
    expect(c.action('SCREEN_PERSONS')).toMatchObject({
      basis: SCREEN_BASIS,
      role: 'operator',
      priority: 'legal',
      blocking: false,
    });
  });
});

describe('EU 656/2014 art. 4(3); Hirsi §§185-186: SCREEN_PERSONS blocks while a move to a third country waits for it', () => {
  it('SoM art. 9(1)(a): persons under control outside a rescue, a third country designated: DISEMBARK waits for INFORM_PERSONS and SCREEN_PERSONS, both blocking, until each is done', () => {
    const c = seized(SAFE_TN);
    ok(c, designate('TN'));
    expect(c.action('DISEMBARK')).toMatchObject({
      title:
        'Disembark swiftly at the designated place of safety (TN), once persons are told of it and heard',
      basis: DISEMBARK_BASIS,
      role: 'operator',
      priority: 'life',
      blocking: true,
      waitsFor: ['INFORM_PERSONS', 'SCREEN_PERSONS'],
    });
    expect(c.action('SCREEN_PERSONS')?.blocking).toBe(true);
    expect(c.action('INFORM_PERSONS')?.blocking).toBe(true);

    ok(c, heard('TN'));
    expect(c.actions).not.toContain('INFORM_PERSONS');
    expect(c.action('DISEMBARK')).toMatchObject({
      title:
        'Disembark swiftly at the designated place of safety (TN), once persons are told of it and heard',
      waitsFor: ['SCREEN_PERSONS'],
    });
    expect(c.action('SCREEN_PERSONS')?.blocking).toBe(true);

    ok(c, { type: 'PERSONS_SCREENED', total: 60 });
    expect(c.actions).not.toContain('SCREEN_PERSONS');
    const d = c.action('DISEMBARK');
    expect(d?.title).toBe('Disembark swiftly at the designated place of safety (TN)');
    expect(d).not.toHaveProperty('waitsFor');
    expect(d?.blocking).toBe(true);
  });

  it('MSC.167(78) 6.20: after a rescue, persons told of a third country and heard are landed there without waiting for screening: SCREEN_PERSONS stays open but does not block', () => {
    const c = rescued(SAFE_TN);
    ok(c, heard('TN'));
    ok(c, designate('TN', 'Zarzis'));
    const d = c.action('DISEMBARK');
    expect(d?.title).toBe('Disembark swiftly at the designated place of safety (Zarzis, TN)');
    expect(d).not.toHaveProperty('waitsFor');
    expect(c.action('SCREEN_PERSONS')?.blocking).toBe(false);
  });

  it('MSC.167(78) 6.20: after a rescue, a third country designated before the persons were told of it: DISEMBARK waits for INFORM_PERSONS only', () => {
    const c = rescued(SAFE_TN);
    ok(c, designate('TN'));
    expect(c.action('DISEMBARK')).toMatchObject({
      title:
        'Disembark swiftly at the designated place of safety (TN), once persons are told of it and heard',
      waitsFor: ['INFORM_PERSONS'],
    });
    expect(c.action('INFORM_PERSONS')).toMatchObject({
      title:
        'Inform persons of the intended destination (TN) in a language they understand, and hear their objections',
      basis: TOLD_AND_HEARD_BASIS,
      role: 'operator',
      priority: 'legal',
      blocking: true,
    });
  });
});

describe('SOLAS V/33.1-1: landing in the intercepting State waits for nothing', () => {
  it('SOLAS V/33.1-1: after a rescue, a place designated at home opens DISEMBARK with no waitsFor; persons are told of it without being asked to object', () => {
    const c = rescued();
    ok(c, designate('MT', 'Valletta'));
    const d = c.action('DISEMBARK');
    expect(d).toMatchObject({
      title: 'Disembark swiftly at the designated place of safety (Valletta, MT)',
      basis: DISEMBARK_BASIS,
      role: 'operator',
      priority: 'life',
      blocking: true,
    });
    expect(d).not.toHaveProperty('waitsFor');
    expect(c.action('INFORM_PERSONS')).toMatchObject({
      title: 'Inform persons of the intended destination (Valletta, MT) in a language they understand',
      basis: HOME_INFORM_BASIS,
      role: 'operator',
      priority: 'legal',
      blocking: true,
    });
  });

  it('SoM art. 9(1)(a): persons under control outside a rescue, not yet screened, are landed at home without waiting for screening', () => {
    const c = seized();
    ok(c, designate('MT'));
    const d = c.action('DISEMBARK');
    expect(d?.title).toBe('Disembark swiftly at the designated place of safety (MT)');
    expect(d).not.toHaveProperty('waitsFor');
    expect(c.action('SCREEN_PERSONS')?.blocking).toBe(false);
  });
});

describe('ECHR art. 13, Protocol 4 art. 4 (Hirsi §§185-186): persons told of the designated third country and heard', () => {
  it('EU 656/2014 art. 4(3): persons told of Tunisia without being heard are told of the designation and heard: one INFORM_PERSONS, which DISEMBARK waits for', () => {
    const c = rescued(SAFE_TN);
    ok(c, { type: 'PERSONS_INFORMED', language: 'ar', destination: { country: 'TN' } });
    ok(c, designate('TN', 'Zarzis'));
    expect(c.action('DISEMBARK')).toMatchObject({
      title:
        'Disembark swiftly at the designated place of safety (Zarzis, TN), once persons are told of it and heard',
      waitsFor: ['INFORM_PERSONS'],
    });
    expect(count(c, 'INFORM_PERSONS')).toBe(1);
    expect(c.action('INFORM_PERSONS')).toMatchObject({
      title:
        'Inform persons of the designated place (TN) in a language they understand, and hear their objections',
      basis: TOLD_AND_HEARD_BASIS,
      role: 'operator',
      priority: 'legal',
      blocking: true,
    });

    ok(c, heard('TN'));
    expect(c.actions).not.toContain('INFORM_PERSONS');
    expect(c.action('DISEMBARK')).not.toHaveProperty('waitsFor');
  });

  it('Hirsi §§185-186: persons heard on Italy are not thereby heard on Tunisia', () => {
    const c = rescued(SAFE_TN);
    ok(c, heard('IT'));
    ok(c, designate('TN'));
    expect(c.action('DISEMBARK')?.waitsFor).toEqual(['INFORM_PERSONS']);
    expect(c.action('INFORM_PERSONS')?.title).toBe(
      'Inform persons of the intended destination (TN) in a language they understand, and hear their objections',
    );
  });

  it('ECHR art. 13: a third country proposed with its port is named with the port, and the persons are asked to object', () => {
    const c = rescued(SAFE_TN);
    ok(c, { type: 'PLACE_OF_SAFETY_PROPOSED', country: 'TN', port: 'Zarzis' });
    expect(c.action('INFORM_PERSONS')).toMatchObject({
      title:
        'Inform persons of the intended destination (Zarzis, TN) in a language they understand, and hear their objections',
      basis: TOLD_AND_HEARD_BASIS,
      blocking: true,
    });
  });
});

describe('SoM art. 19(1); ECHR art. 13: objections are assessed individually (ASSESS_OBJECTIONS)', () => {
  it('SoM art. 19(1): each country objected to is named until the authority assesses it; the action blocks closing', () => {
    const c = rescued(SAFE_TN);
    expect(c.actions).not.toContain('ASSESS_OBJECTIONS');
    ok(c, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
      objections: [{ count: 4, reason: 'fear of detention and return' }],
    });
    expect(c.action('ASSESS_OBJECTIONS')).toMatchObject({
      title: "Assess the persons' objections against TN individually",
      basis: [...TOLD_AND_HEARD_BASIS, 'SoM art. 19(1)'],
      role: 'authority',
      priority: 'legal',
      blocking: true,
    });
    ok(c, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'LY' },
      objectionsHeard: true,
      objections: [{ count: 10, reason: 'detention camps' }],
    });
    expect(c.action('ASSESS_OBJECTIONS')?.title).toBe(
      "Assess the persons' objections against TN, LY individually",
    );
    ok(c, { type: 'OBJECTIONS_ASSESSED', country: 'TN', upheld: false });
    expect(c.action('ASSESS_OBJECTIONS')?.title).toBe(
      "Assess the persons' objections against LY individually",
    );
    ok(c, { type: 'OBJECTIONS_ASSESSED', country: 'LY', upheld: true });
    expect(c.actions).not.toContain('ASSESS_OBJECTIONS');
  });
});

describe('protection claims and detention open blocking duties', () => {
  it('Framework for Action, Protection 12: protection claims recorded open REFER_PROTECTION_CLAIMS for the authority, blocking until referred', () => {
    const c = rescued();
    ok(c, { type: 'PROTECTION_CLAIMS_RECORDED', count: 3, countriesOfOrigin: ['ER'] });
    expect(c.action('REFER_PROTECTION_CLAIMS')).toMatchObject({
      basis: [
        'SoM art. 19(1)',
        'Framework for Action, Protection 12 (guidance)',
        'UNHCR ExCom Conclusion 97 (2003) (guidance)',
      ],
      role: 'authority',
      priority: 'legal',
      blocking: true,
    });
    ok(c, { type: 'PROTECTION_CLAIMS_REFERRED' });
    expect(c.actions).not.toContain('REFER_PROTECTION_CLAIMS');
  });

  it('SoM art. 16(5); VCCR art. 36(1)(b): anyone detained opens NOTIFY_CONSULAR_RIGHTS for the operator, blocking until done', () => {
    const c = seized();
    expect(c.actions).not.toContain('NOTIFY_CONSULAR_RIGHTS');
    ok(c, { type: 'MEASURES_TAKEN', measures: ['detain-suspects'], detained: 2 });
    expect(c.action('NOTIFY_CONSULAR_RIGHTS')).toMatchObject({
      basis: ['SoM art. 16(5)', 'VCCR art. 36(1)(b)'],
      role: 'operator',
      priority: 'legal',
      blocking: true,
    });
    ok(c, { type: 'CONSULAR_RIGHTS_NOTIFIED' });
    expect(c.actions).not.toContain('NOTIFY_CONSULAR_RIGHTS');
  });
});
