// What a trainee reads: a scenario's title and summary tell the answer ("Engine room flooding ...: rescue
// first"), so a trainee sees a neutral title and a briefing made from the scenario's opening facts alone, and
// at each decision the situation as the desk shows it then. The scenario's own title and summary are the
// debrief, given once the session is finished.
import type { CaseView } from '../../machines/engine.ts';
import type { Vessel } from '../../machines/schemas.ts';
import type { Scenario } from '../scenarios/format.ts';

const flagOf = (v: Vessel) =>
  v.flag ? `flying the flag of ${v.flag}` : v.flag === null ? 'flying no flag' : 'flag not seen';

function vesselWords(v: Vessel): string {
  const named = v.name ? `the ${v.description ?? 'vessel'} ${v.name}` : `a ${v.description ?? 'vessel'}`;
  return `${named}, ${flagOf(v)}`;
}

const degrees = (lat: number, lon: number) =>
  `${Math.abs(lat).toFixed(2)}°${lat < 0 ? 'S' : 'N'} ${Math.abs(lon).toFixed(2)}°${lon < 0 ? 'W' : 'E'}`;

// e.g. "Exercise 06: a fishing vessel, flying the flag of EG"
export function traineeTitle(scenario: Scenario, index: number): string {
  const number = String(index + 1).padStart(2, '0');
  if (scenario.request)
    return `Exercise ${number}: a request from ${scenario.request.from} about ${vesselWords(scenario.request.vessel)}`;
  return `Exercise ${number}: ${vesselWords(scenario.opening!.vessel)}`;
}

// The opening facts as the desk first records them; nothing of what happens next.
export function briefingOf(scenario: Scenario): string {
  if (scenario.request) {
    const r = scenario.request;
    return `Your desk (${scenario.homeState ?? 'your State'}) receives a request from ${r.from}'s central authority about ${vesselWords(r.vessel)} at ${degrees(r.position.lat, r.position.lon)}; it asks for ${r.asks.join(', ')}.`;
  }
  const o = scenario.opening!;
  const persons = o.personsOnBoard !== undefined ? ` with about ${o.personsOnBoard} persons on board` : '';
  return `${o.unit.name} of ${o.interceptingState} meets ${vesselWords(o.vessel)}${persons}, at ${degrees(o.position.lat, o.position.lon)}.`;
}

const ZONE_WORDS: Record<CaseView['zone']['zone'], string> = {
  'territorial-sea': 'in the territorial sea',
  'contiguous-zone': 'in the contiguous zone',
  beyond: 'beyond any territorial sea',
};

// The situation at a decision, as the case page shows it: where, who, the distress phase, the legal basis,
// the flag State's answer so far, and the last steps recorded.
export function situationOf(view: CaseView, lastSteps: string[]): string[] {
  const fs = view.flagState;
  const lines = [
    `Position ${degrees(view.position.lat, view.position.lon)}: ${ZONE_WORDS[view.zone.zone]}${view.zone.state ? ` of ${view.zone.state}` : ''}.`,
    `Persons on board: ${view.persons.onBoard ?? 'not known'}; distress phase: ${view.distressPhase ?? 'not assessed'}.`,
    `Legal basis now: ${view.legalBasis.code}${view.legalBasis.permits.length ? ` (permits ${view.legalBasis.permits.join(', ')})` : ''}.`,
  ];
  if (fs.state)
    lines.push(
      `Flag State ${fs.state}: registry ${fs.registry}, reply ${fs.reply}${fs.grantedScopes.length ? `, granted ${fs.grantedScopes.join(', ')}` : ''}.`,
    );
  if (lastSteps.length > 0) lines.push(`Recorded so far: ${lastSteps.join('; ')}.`);
  return lines;
}
