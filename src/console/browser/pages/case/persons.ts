/// <reference lib="dom" />
// The persons on board as the case knows them: counted, screened, claiming protection, detained.
import { type Child, fill } from '../../dom.ts';
import { words } from '../../format.ts';
import type { CaseView } from '../../types.ts';
import { type CaseScope, dl, section, shown } from './parts.ts';

const PERSON_LABELS: Record<string, string> = {
  onBoard: 'Persons on board (reported)',
  takenOnBoard: 'Taken on board',
  screened: 'Screening',
  protectionClaims: 'Protection claims',
  claimsReferred: 'Claims referred',
  detained: 'Anyone detained',
  consularRightsNotified: 'Consular rights notified',
  flagStateJurisdiction: 'Flag State keeps jurisdiction over persons',
};

export function personsSection({ store }: CaseScope): HTMLElement {
  const { el, body } = section('persons', 'Persons');
  store.subscribe(['view'], ({ view }) => {
    if (view) fill(body, dl(facts(view)));
  });
  return el;
}

function facts(view: CaseView): Array<[string, Child]> {
  return Object.entries(view.persons).map(([k, v]) => {
    if (k === 'protectionClaims' && v && typeof v === 'object') {
      const c = v as { count?: number; countriesOfOrigin?: string[] };
      return [
        PERSON_LABELS[k] ?? words(k),
        `${c.count ?? 0}${c.countriesOfOrigin?.length ? ` (countries of origin: ${c.countriesOfOrigin.join(', ')})` : ''}`,
      ];
    }
    return [PERSON_LABELS[k] ?? words(k), shown(v)];
  });
}
