// The law engine wired to this service's reference data: real zones and the ITU vessel checks.
import { createEngine, type Engine } from '../machines/engine.ts';
import { engineZoneClassifier } from './geo/engine-zones.ts';
import { isValidImo, parseMmsi } from './reference/vessel-identity.ts';

let shared: Engine | undefined;

export function deskEngine(): Engine {
  shared ??= createEngine({ classifyZone: engineZoneClassifier(), vesselChecks: { parseMmsi, isValidImo } });
  return shared;
}
