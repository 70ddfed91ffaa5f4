// Adapts the geographic classifier to what the law asks (machines/evolve.ts, ClassifyZone): the zone of a
// position, given the States' profiles (only a State whose profile claims a contiguous zone has one) and the
// intercepting State.
import type { ClassifyZone } from '../../machines/evolve.ts';
import type { Setting } from '../../machines/schemas.ts';
import { type ZoneClassifier, zoneClassifier } from './zones.ts';

export function contiguousZonesOf(setting: Setting): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [state, profile] of Object.entries(setting.states)) {
    if (profile.contiguousZoneNm !== undefined) out[state] = profile.contiguousZoneNm;
  }
  return out;
}

export function lawZoneClassifier(classifier: ZoneClassifier = zoneClassifier()): ClassifyZone {
  return (position, setting, interceptingState) =>
    classifier.classify(position.lat, position.lon, {
      contiguousZones: contiguousZonesOf(setting),
      state: interceptingState,
    });
}
