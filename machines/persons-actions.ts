// Required actions for the persons on board and where they are taken (contract.md, "Required actions";
// domain.md, "Persons" and "Place of safety and disembarkation"): screening and the referrals it opens,
// protection claims, persons told and heard, objections, detention's consular and judicial duties, the place of
// safety and the disembarkation.

import type { ActionCode, ActionRole, Add, Priority } from './action-codes.ts';
import { B, THIRD_COUNTRY_HEARD } from './citations.ts';
import type { CaseContext } from './context.ts';
import { designationUsable, destinationFailures, isThirdCountry, safeguardsMissing } from './destinations.ts';
import type { ReferralAbout } from './schemas.ts';

const REFERRALS: Array<{
  about: ReferralAbout;
  code: ActionCode;
  title: string;
  basis: string[];
  role: ActionRole;
  priority: Priority;
}> = [
  {
    about: 'unaccompanied-children',
    code: 'REFER_UNACCOMPANIED_CHILDREN',
    title: 'Refer the unaccompanied or separated children to child protection; a guardian is owed',
    basis: [B.crc, B.crcCare, B.ffaProtection16],
    role: 'authority',
    priority: 'legal',
  },
  {
    about: 'trafficking',
    code: 'REFER_TRAFFICKING_INDICATORS',
    title: 'Refer the indicators of trafficking for identification and assistance of victims',
    basis: [B.trafficking],
    role: 'authority',
    priority: 'legal',
  },
  {
    about: 'medical',
    code: 'ARRANGE_MEDICAL_CARE',
    title: 'Arrange medical care or evacuation for persons needing urgent care',
    basis: [B.unclosAssistance, B.solasAssistance],
    role: 'operator',
    priority: 'life',
  },
  {
    about: 'missing-persons',
    code: 'SEARCH_FOR_MISSING',
    title: 'Search for the missing persons with the RCC',
    basis: [B.unclosAssistance, B.sarCoordination],
    role: 'operator',
    priority: 'life',
  },
  {
    about: 'deceased',
    code: 'RECORD_DECEASED',
    title: 'Record and identify the deceased; their deaths are accounted for',
    basis: [B.iccprLife],
    role: 'authority',
    priority: 'admin',
  },
];

export function personsActions(ctx: CaseContext, add: Add): void {
  const e = ctx.enforcement;
  const p = ctx.persons;
  const withPersons = ctx.personsOnBoard !== 0;
  // persons under the unit's control are screened as after a rescue (SoM art. 9(1)(a); Hirsi §81)
  const screenNeeded = p.takenOnBoard || p.underControl || ((e.boarded || e.rescueBoarding) && withPersons);
  if (!p.screened && screenNeeded) {
    // screening gates a move to a third country still awaited (domain.md, persons told and heard)
    const gates = pendingThirdCountry(ctx) !== undefined;
    add({
      code: 'SCREEN_PERSONS',
      title:
        'Count and screen persons: children, unaccompanied children, women, medical needs, missing, deceased, trafficking indicators',
      basis: [B.somWomenChildren, B.crc, B.eu656Screening, B.msc167Screening],
      role: 'operator',
      priority: 'legal',
      blocking: gates,
    });
  }
  for (const r of REFERRALS) {
    if (p.referralsOwed.includes(r.about)) {
      add({
        code: r.code,
        title: r.title,
        basis: r.basis,
        role: r.role,
        priority: r.priority,
        blocking: true,
      });
    }
  }
  if (p.informOwed) {
    add({
      code: 'INFORM_PERSONS',
      title: `Inform persons of the intended destination (${p.informOwed.port ? `${p.informOwed.port}, ` : ''}${p.informOwed.country}) in a language they understand${isThirdCountry(ctx, p.informOwed.country) ? ', and hear their objections' : ''}`,
      basis: isThirdCountry(ctx, p.informOwed.country)
        ? [...THIRD_COUNTRY_HEARD]
        : [B.eu656Information, B.hirsi],
      role: 'operator',
      priority: 'legal',
      blocking: true,
    });
  }
  const unresolved = Object.entries(p.objections).filter(([, s]) => s === 'unresolved');
  if (unresolved.length > 0) {
    add({
      code: 'ASSESS_OBJECTIONS',
      title: `Assess the persons' objections against ${unresolved.map(([c]) => c).join(', ')} individually`,
      basis: [...THIRD_COUNTRY_HEARD, B.somNonRefoulement],
      role: 'authority',
      priority: 'legal',
      blocking: true,
    });
  }
  if (p.claims.count > 0 && !p.referred) {
    add({
      code: 'REFER_PROTECTION_CLAIMS',
      title: 'Refer the protection claims for determination on land; share nothing with the countries fled',
      basis: [B.somNonRefoulement, B.ffaProtection12, B.exCom97],
      role: 'authority',
      priority: 'legal',
      blocking: true,
    });
  }
  if (e.detained && !p.consularNotified) {
    add({
      code: 'NOTIFY_CONSULAR_RIGHTS',
      title: 'Tell every detained person without delay of the right to consular notification',
      basis: [B.somConsular, B.vccr],
      role: 'operator',
      priority: 'legal',
      blocking: true,
    });
  }
}

// The third country persons are about to be taken to, where one is designated and awaits their safeguards.
function pendingThirdCountry(ctx: CaseContext): string | undefined {
  const d = ctx.placeOfSafety.designated;
  if (!d || ctx.placeOfSafety.disembarked || !isThirdCountry(ctx, d.country)) return undefined;
  return safeguardsMissing(ctx, d.country, 'disembark').length > 0 ? d.country : undefined;
}

export function placeActions(ctx: CaseContext, add: Add): void {
  const p = ctx.persons;
  const pos = ctx.placeOfSafety;
  const needed = p.takenOnBoard || p.underControl;
  const done = !!pos.disembarked || (p.handedOver?.all === true && p.handedOver.lawful);
  if (!needed || done) return;
  const usable = designationUsable(ctx);
  if (!usable) {
    add({
      code: 'IDENTIFY_PLACE_OF_SAFETY',
      title: pos.designated
        ? `The designation of ${pos.designated.country} cannot be followed: obtain a new place of safety (not a place where anyone risks refoulement)`
        : 'Obtain the designation of a place of safety (not a place where anyone risks refoulement)',
      basis: [B.solasPlaceOfSafety, B.sarPlaceOfSafety, B.msc167PlaceOfSafety, B.msc167Refoulement],
      role: 'authority',
      priority: 'life',
      blocking: true,
    });
    return;
  }
  const d = pos.designated!;
  // A third country waits for the persons' safeguards (told and heard; screened unless after a rescue): the
  // action says what it waits for, and those actions are open and blocking meanwhile.
  const waiting = destinationFailures(ctx, d.country, 'disembark').length > 0;
  const heard = p.informed.some((i) => i.country === d.country && i.objectionsHeard);
  const waitsFor: ActionCode[] = [];
  if (waiting && !heard) waitsFor.push('INFORM_PERSONS');
  if (waiting && !p.screened && !p.rescued) waitsFor.push('SCREEN_PERSONS');
  add({
    code: 'DISEMBARK',
    title: `Disembark swiftly at the designated place of safety (${d.port ? `${d.port}, ` : ''}${d.country})${waitsFor.length > 0 ? ', once persons are told of it and heard' : ''}`,
    basis: [B.solasPlaceOfSafety, B.msc167PlaceOfSafety],
    role: 'operator',
    priority: 'life',
    blocking: true,
    ...(waitsFor.length > 0 ? { waitsFor } : {}),
  });
  if (waitsFor.includes('INFORM_PERSONS') && !p.informOwed) {
    // told of another destination, or told without being heard: tell them of this one and hear them
    add({
      code: 'INFORM_PERSONS',
      title: `Inform persons of the designated place (${d.country}) in a language they understand, and hear their objections`,
      basis: [...THIRD_COUNTRY_HEARD],
      role: 'operator',
      priority: 'legal',
      blocking: true,
    });
  }
}
