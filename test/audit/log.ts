// A case's audit log built by hand for the audit tests, hashed as engineering.md ("Audit trail") defines it:
// SHA-256 over the RFC 8785 canonical JSON of the entry without its hash, `prev` the hash before it, the
// first linking to 64 zeros. The hash is computed here, not by src/audit/chain.ts, so the tests hold the
// chain's code to the definition rather than to itself.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { ChainedEntry } from '../../src/audit/chain.ts';

export const ZEROS = '0'.repeat(64);

export function sha256OfEntry(entry: Omit<ChainedEntry, 'hash'>): string {
  const { hash: _h, ...rest } = entry as ChainedEntry;
  return createHash('sha256')
    .update(canonicalize(rest) ?? '')
    .digest('hex');
}

// the entry's fields but for prev and hash, which the log links
type Body = Omit<ChainedEntry, 'prev' | 'hash'>;

export function linked(bodies: Body[]): ChainedEntry[] {
  const log: ChainedEntry[] = [];
  let prev = ZEROS;
  for (const body of bodies) {
    const entry = { ...body, prev };
    const hash = sha256OfEntry(entry);
    log.push({ ...entry, hash });
    prev = hash;
  }
  return log;
}

const TYPES = ['CASE_OPENED', 'DISTRESS_ASSESSED', 'POSITION_REPORTED', 'BOARDING_STARTED', 'CASE_CLOSED'];

// n entries of one case, seq 1..n, one of them refused
export function caseLog(caseId: string, n: number): ChainedEntry[] {
  return linked(
    Array.from({ length: n }, (_, i) => ({
      caseId,
      seq: i + 1,
      at: `2026-06-01T0${Math.floor(i / 6)}:${String((i * 10) % 60).padStart(2, '0')}:00.000Z`,
      actor: { role: 'operator', subject: 'watch-officer-1' },
      type: TYPES[i % TYPES.length]!,
      event: { type: TYPES[i % TYPES.length]!, note: `step ${i + 1}` },
      ...(i === 3
        ? {
            outcome: 'refused' as const,
            refusal: {
              reason: 'flag-state-authorisation-required',
              message: 'the flag State has not authorised boarding',
              basis: ['SoM art. 8(2)'],
              allowedOverrides: [],
            },
          }
        : { outcome: 'applied' as const }),
    })),
  );
}

// the log with the entry at seq changed by `edit`, its hash left as it was
export function edited(log: ChainedEntry[], seq: number, edit: (e: ChainedEntry) => ChainedEntry) {
  return log.map((e) => (e.seq === seq ? edit(structuredClone(e)) : e));
}

// the log with the entry at seq changed and every hash from there on recomputed and relinked: a forger with
// write access and no signing key
export function rewritten(log: ChainedEntry[], seq: number, edit: (e: ChainedEntry) => ChainedEntry) {
  const out: ChainedEntry[] = [];
  let prev = ZEROS;
  for (const e of log) {
    const body = e.seq === seq ? edit(structuredClone(e)) : structuredClone(e);
    const entry = { ...body, prev };
    const hash = sha256OfEntry(entry);
    out.push({ ...entry, hash });
    prev = hash;
  }
  return out;
}
