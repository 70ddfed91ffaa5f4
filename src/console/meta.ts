// What the browser needs to know about the law's vocabulary, taken from the machine's own tables at bundle
// time so the console can never offer an event to a role the desk would refuse, nor miss a new event type.
import { ACTION_CODES, CLOSED_BY } from '../../machines/required-actions.ts';
import {
  CASE_EVENT_TYPES,
  ConditionKind,
  DangerFactor,
  DistressPhase,
  EVENT_ROLES,
  ForceUsed,
  Measure,
  Scope,
} from '../../machines/schemas.ts';

export interface ConsoleMeta {
  eventTypes: string[];
  eventRoles: Record<string, ReadonlyArray<'operator' | 'authority'>>;
  closedBy: Record<string, string[]>;
  actionCodes: string[];
  // contract.md, Required actions: the codes whose priority is always `life` (MONITOR_AT_DISTANCE is life
  // only after assistance was refused, so the case view's own priority decides for it)
  lifeActions: string[];
  enums: {
    dangerFactors: string[];
    scopes: string[];
    measures: string[];
    conditionKinds: string[];
    forceUsed: string[];
    phases: string[];
  };
}

export function consoleMeta(): ConsoleMeta {
  const closedBy: Record<string, string[]> = {};
  for (const [event, codes] of Object.entries(CLOSED_BY)) if (codes) closedBy[event] = [...codes];
  return {
    eventTypes: [...CASE_EVENT_TYPES],
    eventRoles: { ...EVENT_ROLES },
    closedBy,
    actionCodes: [...ACTION_CODES],
    lifeActions: [
      'ASSESS_SAFETY_OF_LIFE',
      'RENDER_ASSISTANCE',
      'NOTIFY_RCC',
      'IDENTIFY_PLACE_OF_SAFETY',
      'DISEMBARK',
    ],
    enums: {
      dangerFactors: [...DangerFactor.options],
      scopes: [...Scope.options],
      measures: [...Measure.options],
      conditionKinds: [...ConditionKind.options],
      forceUsed: [...ForceUsed.options],
      phases: [...DistressPhase.options],
    },
  };
}
