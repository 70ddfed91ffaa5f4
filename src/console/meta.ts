// What the browser needs to know about the law's vocabulary, taken from the machine's own tables at bundle
// time so the console can never offer an event to a role the desk would refuse, nor miss a new event type.
// Each event's payload goes as JSON Schema (zod's own `toJSONSchema`): the browser derives its forms from it
// (browser/fields.ts), so a new event or field in machines/schemas.ts needs no hand-written form.
import { z } from 'zod';
import { ACTION_CODES, CLOSED_BY, REFERRAL_FOR } from '../../machines/action-codes.ts';
import {
  CASE_EVENT_TYPES,
  CaseEvent,
  EVENT_ROLES,
  IncomingRequest,
  Scope,
  StateProfile,
} from '../../machines/schemas.ts';
import { CountryAssessmentInput } from '../directory/directory.ts';

// The part of JSON Schema (draft 2020-12) that zod writes for the event payloads.
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  minLength?: number;
  default?: unknown;
  description?: string;
}

// An event the console offers beside a required action, with what it fills in for the officer (an action
// closed only by one kind of REFERRAL_MADE opens the form with that `about` chosen).
export interface Closer {
  type: string;
  prefill?: Record<string, string>;
}

export interface ConsoleMeta {
  eventTypes: string[];
  eventRoles: Record<string, ReadonlyArray<'operator' | 'authority'>>;
  // each event's payload, without `type` and `override` (the form adds those)
  eventSchemas: Record<string, JsonSchema>;
  closedBy: Record<string, string[]>;
  // per required action code, the events that close it (CLOSED_BY read the other way round, with
  // ACTION_PREFILL below), in the order offered
  closers: Record<string, Closer[]>;
  actionCodes: string[];
  // contract.md, Required actions: the codes whose priority is always `life` (MONITOR_AT_DISTANCE is life
  // only after assistance was refused, so the case view's own priority decides for it)
  // the forms take their options from eventSchemas; the case page lists the scopes a basis may permit
  enums: { scopes: string[] };
  // the bodies of the authority's own requests (POST /requests, the directory's PUTs), for their forms
  bodySchemas: { incomingRequest: JsonSchema; stateProfile: JsonSchema; countryAssessment: JsonSchema };
}

// contract.md, Required actions, the "closes" column, where CLOSED_BY (event -> the codes it closes) cannot
// say it: which `about` a REFERRAL_MADE needs to close each action, from the law's own table (REFERRAL_FOR).
// The button beside the action opens the form with it chosen.
export const ACTION_PREFILL: Record<string, Record<string, Record<string, string>>> = Object.fromEntries(
  Object.entries(REFERRAL_FOR).map(([code, about]) => [code, { REFERRAL_MADE: { about: about as string } }]),
);

// zod writes the largest safe integer as every integer's maximum: no officer types that, so it goes
function trim(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (out.maximum === Number.MAX_SAFE_INTEGER) delete out.maximum;
  if (out.properties) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, trim(v)]));
  }
  if (out.items) out.items = trim(out.items);
  if (out.anyOf) out.anyOf = out.anyOf.map(trim);
  return out;
}

// input: a field with a default may be left out, as the desk accepts it
const inputSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema & {
    $schema?: string;
  };
  return trim(rest);
};

export function eventSchemas(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const option of CaseEvent.options) {
    // input: a field with a default may be left out, as the desk accepts it
    const full = z.toJSONSchema(option, { io: 'input', unrepresentable: 'any' }) as JsonSchema & {
      $schema?: string;
    };
    const { type: _type, override: _override, ...properties } = full.properties ?? {};
    out[option.shape.type.value] = trim({
      type: 'object',
      properties,
      required: (full.required ?? []).filter((k) => k !== 'type' && k !== 'override'),
    });
  }
  return out;
}

export function actionClosers(closedBy: Record<string, readonly string[]>): Record<string, Closer[]> {
  const out: Record<string, Closer[]> = {};
  for (const [event, codes] of Object.entries(closedBy)) {
    for (const code of codes) {
      const prefill = ACTION_PREFILL[code]?.[event];
      out[code] = [...(out[code] ?? []), prefill ? { type: event, prefill } : { type: event }];
    }
  }
  return out;
}

export function consoleMeta(): ConsoleMeta {
  const closedBy: Record<string, string[]> = {};
  for (const [event, codes] of Object.entries(CLOSED_BY)) if (codes) closedBy[event] = [...codes];
  return {
    eventTypes: [...CASE_EVENT_TYPES],
    eventRoles: { ...EVENT_ROLES },
    eventSchemas: eventSchemas(),
    closedBy,
    closers: actionClosers(closedBy),
    actionCodes: [...ACTION_CODES],
    enums: { scopes: [...Scope.options] },
    bodySchemas: {
      incomingRequest: inputSchema(IncomingRequest),
      stateProfile: inputSchema(StateProfile),
      countryAssessment: inputSchema(CountryAssessmentInput),
    },
  };
}
