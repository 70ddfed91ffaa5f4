// What the reference routes answer: the zone of a position, the places of safety, the authorities directory
// and its history, and the console map's geography. For the OpenAPI document only (openapi.ts).
import { z } from 'zod';
import {
  Alpha2,
  CountryAssessment,
  SecurityCouncilAuthorisation,
  Setting,
  StateProfile,
} from '../../../machines/schemas.ts';
import { Port } from '../../places/ports.ts';
import { Instant } from './case.ts';

export { Zone } from './case.ts';

const LatLon = z.object({ lat: z.number(), lon: z.number() });
const Basis = z.array(z.string());

export const PlacesOfSafety = z
  .object({
    position: LatLon,
    speedKnots: z.number(),
    reachNm: z.number().describe('ports farther than this (great circle) are listed, not routed'),
    candidates: z
      .array(
        z.object({
          port: Port,
          seaDistanceNm: z.number().nullable().describe('null where no sea route was found'),
          hoursToReach: z.number().nullable(),
          medicalFacilities: Port.shape.medicalFacilities,
          receptionCapacity: z.number().int(),
          basis: Basis,
          path: z.array(LatLon).optional().describe('the sea route, legs clear of land'),
          conditions: z.string().optional(),
          pending: z
            .array(z.object({ reason: z.string(), message: z.string(), basis: Basis }))
            .optional()
            .describe('what a designation here would still need'),
          declined: z.literal(true).optional(),
          beyondReachNm: z.number().optional(),
        }),
      )
      .describe('ranked, best first'),
    excluded: z.array(
      z.object({
        port: Port,
        reason: z.string(),
        grounds: z.array(z.enum(['claimant-country-of-origin', 'assessed-unsafe', 'objections-upheld'])),
        basis: Basis,
      }),
    ),
    note: z.string().optional(),
  })
  .meta({ id: 'PlacesOfSafety' });

export const Directory = Setting.meta({
  id: 'Directory',
  description: 'State profiles and country assessments (SoM art. 8(6)): the fold of the history',
});

const Link = {
  seq: z.number().int().min(1),
  at: Instant,
  actor: z.string().describe("the token's subject, or the desk's own name for a seed"),
  prev: z.string().describe("the previous entry's hash; 64 zeros for the first"),
  hash: z.string().describe('SHA-256 over the RFC 8785 canonical JSON of the entry without its hash'),
};

export const DirectoryEntry = z
  .discriminatedUnion('kind', [
    // inline where null: OpenAPI 3.0 cannot make a reference nullable
    z.object({ ...Link, kind: z.literal('seed'), before: Setting.nullable(), after: Directory }),
    z.object({
      ...Link,
      kind: z.literal('state-profile'),
      state: Alpha2,
      before: StateProfile.nullable(),
      after: StateProfile,
    }),
    z.object({
      ...Link,
      kind: z.literal('country-assessment'),
      country: Alpha2,
      before: CountryAssessment.nullable(),
      after: CountryAssessment,
    }),
    z.object({
      ...Link,
      kind: z.literal('security-council-authorisation'),
      resolution: z.string(),
      before: SecurityCouncilAuthorisation.nullable(),
      after: SecurityCouncilAuthorisation,
    }),
  ])
  .meta({ id: 'DirectoryEntry' });

export const StateProfileEdited = z.object({ state: Alpha2, profile: StateProfile });
export const CountryAssessmentEdited = z.object({ country: Alpha2, assessment: CountryAssessment });
export const SecurityCouncilEdited = z.object({
  resolution: z.string(),
  authorisation: SecurityCouncilAuthorisation,
});

const Ring = z.array(z.array(z.number()).describe('[lon, lat]'));
export const ConsoleGeography = z.object({
  bbox: z.array(z.number()).length(4).describe('[minLon, minLat, maxLon, maxLat]'),
  territorialSea: z.array(z.object({ state: z.string(), polygons: z.array(z.array(Ring)) })),
  land: z.array(Ring).describe('rings, holes included: drawn with the even-odd rule'),
  contiguousZone: z
    .array(z.object({ state: z.string(), breadthNm: z.number(), polygons: z.array(z.array(Ring)) }))
    .optional()
    .describe('asked for with `contiguous`: each claimed zone out to its breadth, territorial sea included'),
});
