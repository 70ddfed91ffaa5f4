// The law (machines/, createEngine) wired to this service's reference data: real zones and the ITU vessel
// checks. The desk runs it unless told otherwise (openRuntime's `engine`, a replay's own).
import { createEngine, type Engine } from '../machines/engine.ts';
import { lawZoneClassifier } from './geo/law-zones.ts';
import { isValidImo, parseMmsi } from './reference/vessel-identity.ts';

let shared: Engine | undefined;

export function wiredLaw(): Engine {
  shared ??= createEngine({ classifyZone: lawZoneClassifier(), vesselChecks: { parseMmsi, isValidImo } });
  return shared;
}
