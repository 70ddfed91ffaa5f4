// Hot pursuit (UNCLOS art. 111; domain.md, "Hot pursuit"): a HOT_PURSUIT_STARTED that fails any condition is
// refused, with recorded-fact the only override; one that meets them all is applied.
import { describe, expect, it } from 'vitest';
import type { CaseEvent, OpeningReport, Setting } from '../../machines/schemas.ts';
import { AT, Case, opening, PATROL } from './harness.ts';
import { distress, noDanger, notExpected, ok, party, refused, setting } from './refusals-kit.ts';

// Malta and Tunisia both claim a contiguous zone of 24 nm.
const ZONES: Setting = setting({ MT: party({ contiguousZoneNm: 24 }), TN: party({ contiguousZoneNm: 24 }) });

const pursuit = (
  startedIn: 'territorial-sea' | 'contiguous-zone' | 'internal-waters',
  signalGiven = true,
): CaseEvent => ({
  type: 'HOT_PURSUIT_STARTED',
  startedIn,
  signalGiven,
  violation: 'landed migrants unlawfully at night (Immigration Act)',
});

function at(position: OpeningReport['position'], over: Partial<OpeningReport> = {}, s: Setting = ZONES) {
  const c = new Case(opening({ position, ...over }), s);
  ok(c, noDanger);
  return c;
}

describe('hot pursuit (UNCLOS art. 111)', () => {
  it('begun in the own territorial sea after a signal to stop it is applied; a second start is not expected, nor is the end of a pursuit that is not under way (UNCLOS art. 111(1))', () => {
    const c = at(AT.maltaTerritorialSea);
    notExpected(c.send({ type: 'HOT_PURSUIT_ENDED' }));
    ok(c, pursuit('territorial-sea'));
    notExpected(c.send(pursuit('territorial-sea')));
    ok(c, { type: 'HOT_PURSUIT_ENDED', reason: 'vessel stopped' });
    notExpected(c.send({ type: 'HOT_PURSUIT_ENDED' }));
  });

  it('while persons are in distress rescue comes before pursuit: refused with the life-first articles, recorded-fact the only override (UNCLOS art. 98; SOLAS V/33)', () => {
    const c = at(AT.maltaTerritorialSea);
    ok(c, distress);
    const r = refused(c.send(pursuit('territorial-sea')), 'distress-rescue-first');
    expect(r.basis).toEqual([
      'UNCLOS art. 98',
      'SOLAS V/33',
      'SAR Convention Annex 1.3.11-13',
      'ICCPR art. 6',
    ]);
    expect(r.allowedOverrides).toEqual(['recorded-fact']);
  });

  it('a government vessel is not pursued (UNCLOS arts 95-96)', () => {
    const c = at(AT.maltaTerritorialSea, { vessel: { name: 'P-12', flag: 'LY', government: true } });
    const r = refused(c.send(pursuit('territorial-sea')), 'government-vessel-immune');
    expect(r.basis).toEqual(['UNCLOS arts 95-96']);
    expect(r.allowedOverrides).toEqual(['recorded-fact']);
  });

  it('only warships or clearly marked, authorised government units may pursue (UNCLOS art. 111(5))', () => {
    const c = at(AT.maltaTerritorialSea, { unit: { ...PATROL, authorised: false } });
    const r = refused(c.send(pursuit('territorial-sea')), 'unit-not-authorised');
    expect(r.basis).toEqual(['UNCLOS art. 111(5)']);
    expect(r.allowedOverrides).toEqual(['recorded-fact']);
  });

  it('DP13 no pursuit without a visual or auditory signal to stop (UNCLOS art. 111(4))', () => {
    const c = at(AT.maltaTerritorialSea);
    const r = refused(c.send(pursuit('territorial-sea', false)), 'no-signal-to-stop');
    expect(r.basis).toEqual(['UNCLOS art. 111(4)']);
    expect(r.allowedOverrides).toEqual(['recorded-fact']);
  });

  it('a pursuit said to begin in the territorial sea of a vessel reported on the high seas is refused, naming the waters required and where the vessel is (UNCLOS art. 111(1))', () => {
    const c = at(AT.highSeas);
    const r = refused(c.send(pursuit('territorial-sea')), 'pursuit-not-begun-in-own-waters');
    expect(r.basis).toEqual(['UNCLOS art. 111(1)']);
    expect(r.allowedOverrides).toEqual(['recorded-fact']);
    expect(r.message).toContain('territorial sea of MT');
    expect(r.message).toMatch(/reported in beyond\.$/);
  });

  it('a pursuit cannot begin in another State’s territorial sea: refused, naming that State (UNCLOS art. 111(1))', () => {
    const c = at(AT.tunisiaTerritorialSea);
    const r = refused(c.send(pursuit('territorial-sea')), 'pursuit-not-begun-in-own-waters');
    expect(r.message).toContain('territorial sea of MT');
    expect(r.message).toContain('territorial-sea of TN');
  });

  it('a pursuit may begin in the own contiguous zone, for the rights that zone protects (UNCLOS arts 33, 111(1))', () => {
    const c = at(AT.maltaContiguousZone);
    ok(c, pursuit('contiguous-zone'));
  });

  it('a pursuit said to begin in the contiguous zone of a vessel on the high seas is refused, though the State claims a contiguous zone (UNCLOS art. 111(1))', () => {
    const c = at(AT.highSeas);
    const r = refused(c.send(pursuit('contiguous-zone')), 'pursuit-not-begun-in-own-waters');
    expect(r.message).toContain('contiguous zone of MT');
  });

  it('a pursuit cannot begin in another State’s contiguous zone (UNCLOS art. 111(1))', () => {
    const c = at(AT.tunisiaContiguousZone);
    refused(c.send(pursuit('contiguous-zone')), 'pursuit-not-begun-in-own-waters');
  });

  it('a pursuit said to begin in the territorial sea of a vessel that is in the contiguous zone is refused; one begun in the contiguous zone from inside the territorial sea is applied (UNCLOS art. 111(1))', () => {
    const cz = at(AT.maltaContiguousZone);
    refused(cz.send(pursuit('territorial-sea')), 'pursuit-not-begun-in-own-waters');
    const ts = at(AT.maltaTerritorialSea);
    ok(ts, pursuit('contiguous-zone'));
  });
});
