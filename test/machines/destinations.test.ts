// Where persons may be taken (domain.md, "Place of safety and disembarkation" and its second review; SoM art.
// 19(1); invariants 4 and 11): the stricter of two country assessments, every ground of exclusion named, the
// safeguards a move to a third country needs and the ones a proposal or a designation does not, and the
// message and basis of each refusal, in the law's order. Driven through the engine with contract.md events;
// messages and citations are written out here from domain.md and citations.ts's short forms.
import { describe, expect, it } from 'vitest';
import { safeguardsMissing } from '../../machines/destinations.ts';
import type { CaseEvent, Setting } from '../../machines/schemas.ts';
import { Case, opening } from './harness.ts';
import {
  ASSESSED_BASIS,
  assessment,
  distress,
  heard,
  NON_REFOULEMENT_BASIS,
  ok,
  refused,
  STATELESS,
  setting,
  TOLD_AND_HEARD_BASIS,
} from './refusals-kit.ts';

// the directory entry assessment() writes
const DIRECTORY = 'central authority country file (test), 2026-05-01';
const SCREENING = 'persons identified and screened (PERSONS_SCREENED)';
const toldOf = (country: string) =>
  `persons told of ${country} in a language they understand, with the chance to object (PERSONS_INFORMED with that destination and objectionsHeard)`;
const REFOULEMENT = 'nobody is taken or left where they risk refoulement';

// Persons rescued from a stateless boat on the high seas: a search and rescue case, persons aboard the unit.
function rescued(s: Setting): Case {
  const c = new Case(opening({ vessel: STATELESS }), s);
  ok(c, distress);
  ok(c, { type: 'RCC_NOTIFIED', rcc: 'RCC Malta' });
  ok(c, { type: 'RESCUE_COMPLETED', rescued: 60 }, 30);
  return c;
}

const assessed = (countries: Record<string, boolean>) =>
  setting(
    {},
    { countryAssessments: Object.fromEntries(Object.entries(countries).map(([k, v]) => [k, assessment(v)])) },
  );

const propose = (country: string): CaseEvent => ({ type: 'PLACE_OF_SAFETY_PROPOSED', country });
const handOver = (country: string): CaseEvent => ({ type: 'PERSONS_HANDED_OVER', to: { country } });

describe('an excluded place (SoM art. 19(1); MSC.167(78) 6.17)', () => {
  it('SoM art. 19(1): a case assessment of safe does not clear a country the directory holds unsafe: the stricter reading stands', () => {
    const c = rescued(assessed({ LY: true }));
    ok(c, {
      type: 'COUNTRY_ASSESSED',
      country: 'LY',
      unsafe: false,
      source: 'case review',
      date: '2026-06-01',
    });
    const r = refused(c.send(propose('LY')), 'excluded-place');
    expect(r.message).toBe(
      `Refused: LY is assessed unsafe for disembarkation (${DIRECTORY}); ${REFOULEMENT}.`,
    );
    expect(r.basis).toEqual(NON_REFOULEMENT_BASIS);
    expect(r.allowedOverrides).toEqual([]);
  });

  it("SoM art. 19(1): a case assessment of unsafe excludes a country the directory holds safe, citing the case's source", () => {
    const c = rescued(assessed({ TN: false }));
    ok(c, {
      type: 'COUNTRY_ASSESSED',
      country: 'TN',
      unsafe: true,
      source: 'case review',
      date: '2026-06-01',
    });
    const r = refused(c.send(propose('TN')), 'excluded-place');
    expect(r.message).toBe(
      `Refused: TN is assessed unsafe for disembarkation (case review, 2026-06-01); ${REFOULEMENT}.`,
    );
  });

  it('SoM art. 19(1): every ground of exclusion is named, one after the other', () => {
    const c = rescued(assessed({ LY: true }));
    ok(c, { type: 'PROTECTION_CLAIMS_RECORDED', count: 2, countriesOfOrigin: ['LY'] });
    const r = refused(c.send(propose('LY')), 'excluded-place');
    expect(r.message).toBe(
      `Refused: LY is a country of origin of persons who expressed fear of return; LY is assessed unsafe for disembarkation (${DIRECTORY}); ${REFOULEMENT}.`,
    );
  });
});

describe('a third country needs an assessment on record (Hirsi §§131-133, 156-157)', () => {
  it('SoM art. 19(1): a proposal of an unassessed third country is refused, saying what the State knew or should have known decides', () => {
    const c = rescued(setting());
    const r = refused(c.send(propose('TN')), 'destination-not-assessed');
    expect(r.message).toBe(
      'Refused: the central authority has no country assessment on record for TN: what the State knew or should have known decides.',
    );
    expect(r.basis).toEqual(ASSESSED_BASIS);
    expect(r.allowedOverrides).toEqual([]);
  });
});

describe('objections (ECHR art. 3, 13; SoM art. 19(1))', () => {
  it('SoM art. 19(1): a handover over an unresolved objection is refused on the told-and-heard basis and art. 19(1) alone', () => {
    const c = rescued(assessed({ TN: false }));
    ok(c, { type: 'PERSONS_SCREENED', total: 60 });
    ok(c, {
      type: 'PERSONS_INFORMED',
      language: 'ar',
      destination: { country: 'TN' },
      objectionsHeard: true,
      objections: [{ count: 3, reason: 'fear of onward return' }],
    });
    const r = refused(c.send(handOver('TN')), 'objection-unresolved');
    expect(r.message).toBe(
      'Refused: persons objected that TN is unsafe for them; the central authority has not assessed the objections (OBJECTIONS_ASSESSED).',
    );
    expect(r.basis).toEqual([...TOLD_AND_HEARD_BASIS, 'SoM art. 19(1)']);
    expect(r.allowedOverrides).toEqual(['recorded-fact']);
  });
});

describe('no one is moved to a third country unheard (ECHR art. 3, 13, Protocol 4 art. 4; Hirsi §§185-186, 197-207)', () => {
  it("ECHR Protocol 4 art. 4: a proposal and a designation of an assessed third country do not wait for the persons' safeguards; the landing does", () => {
    const c = rescued(assessed({ IT: false }));
    ok(c, propose('IT'));
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'IT', port: 'Lampedusa' });
    expect(c.warnings).not.toContain('DESIGNATION_NOT_USABLE');
    expect(c.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');
    expect(c.action('DISEMBARK')?.waitsFor).toEqual(['INFORM_PERSONS']);
  });

  it('ECHR Protocol 4 art. 4: a designation by the RCC of an assessed third country is usable before persons are told of it', () => {
    const c = rescued(assessed({ IT: false }));
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'RCC', country: 'IT' });
    expect(c.warnings).not.toContain('DESIGNATION_NOT_USABLE');
    expect(c.actions).toContain('DISEMBARK');
    expect(c.actions).not.toContain('IDENTIFY_PLACE_OF_SAFETY');
  });

  it('ECHR Protocol 4 art. 4: a handover after a rescue still needs persons screened, and says so alone once they were heard', () => {
    const c = rescued(assessed({ IT: false }));
    ok(c, heard('IT'));
    const r = refused(c.send(handOver('IT')), 'safeguards-first');
    expect(r.message).toBe(`Refused: before persons are moved to IT: ${SCREENING}.`);
    expect(r.basis).toEqual(TOLD_AND_HEARD_BASIS);
    expect(r.allowedOverrides).toEqual(['recorded-fact']);
    ok(c, { type: 'PERSONS_SCREENED', total: 60 });
    ok(c, handOver('IT'));
  });

  it('ECHR Protocol 4 art. 4: with nothing done, a handover names both missing safeguards, one after the other', () => {
    const c = rescued(assessed({ IT: false }));
    const r = refused(c.send(handOver('IT')), 'safeguards-first');
    expect(r.message).toBe(`Refused: before persons are moved to IT: ${SCREENING}; ${toldOf('IT')}.`);
  });

  it('MSC.167(78) 6.20: a disembarkation after a rescue needs only the notice and the chance to object, not screening', () => {
    const c = rescued(assessed({ IT: false }));
    ok(c, { type: 'PLACE_OF_SAFETY_DESIGNATED', by: 'authority', country: 'IT' });
    const landing: CaseEvent = { type: 'DISEMBARKATION_COMPLETED', country: 'IT' };
    const r = refused(c.send(landing), 'safeguards-first');
    expect(r.message).toBe(`Refused: before persons are moved to IT: ${toldOf('IT')}.`);
    ok(c, heard('IT'));
    ok(c, landing);
  });

  it('ECHR Protocol 4 art. 4: a move within the intercepting State needs none of the third-country safeguards', () => {
    const c = rescued(assessed({ IT: false }));
    const ctx = c.state.context;
    for (const kind of ['divert', 'escort', 'handover', 'disembark'] as const) {
      expect(safeguardsMissing(ctx, 'MT', kind), kind).toEqual([]);
    }
    expect(safeguardsMissing(ctx, 'IT', 'handover')).toEqual([SCREENING, toldOf('IT')]);
    ok(c, handOver('MT'));
  });
});
