// Vessel identifiers as reported over AIS or by a unit. An MMSI is self-assigned in practice and often
// spoofed, so the flag it implies is only a hint for routing a request, never proof of registry.
import { MID_TO_ALPHA2 } from './mid-table.ts';

export type MmsiKind =
  | 'ship'
  | 'coast'
  | 'sar-aircraft'
  | 'aton'
  | 'craft-of-parent-ship'
  | 'handheld'
  | 'ais-sart'
  | 'mob'
  | 'epirb-ais';

export interface MmsiInfo {
  valid: boolean;
  kind?: MmsiKind;
  mid?: number;
  flagHint?: string;
  reason?: string;
}

export function flagForMid(mid: number): string | undefined {
  return MID_TO_ALPHA2[mid];
}

// Layouts from ITU-R M.585; the position of the MID depends on the prefix, so the prefix decides first.
const PREFIXES: ReadonlyArray<{ prefix: string; kind: MmsiKind; midAt?: number }> = [
  // Distress devices carry a manufacturer/serial number, not a MID.
  { prefix: '970', kind: 'ais-sart' },
  { prefix: '972', kind: 'mob' },
  { prefix: '974', kind: 'epirb-ais' },
  { prefix: '111', kind: 'sar-aircraft', midAt: 3 },
  { prefix: '00', kind: 'coast', midAt: 2 },
  { prefix: '99', kind: 'aton', midAt: 2 },
  { prefix: '98', kind: 'craft-of-parent-ship', midAt: 2 },
  { prefix: '8', kind: 'handheld', midAt: 1 },
  { prefix: '2', kind: 'ship', midAt: 0 },
  { prefix: '3', kind: 'ship', midAt: 0 },
  { prefix: '4', kind: 'ship', midAt: 0 },
  { prefix: '5', kind: 'ship', midAt: 0 },
  { prefix: '6', kind: 'ship', midAt: 0 },
  { prefix: '7', kind: 'ship', midAt: 0 },
];

export function parseMmsi(mmsi: string): MmsiInfo {
  const digits = typeof mmsi === 'string' ? mmsi.trim() : '';
  if (!/^\d{9}$/.test(digits)) return { valid: false, reason: 'an MMSI is exactly 9 digits' };
  const format = PREFIXES.find((p) => digits.startsWith(p.prefix));
  if (!format) {
    // 0MIDxxxxx is a group call and other 1xx/9xx prefixes are unallocated or not a vessel station.
    const why = digits.startsWith('0')
      ? 'a group call identity (0MIDxxxxx) names no single vessel'
      : `no ITU-R M.585 format starts with ${digits.slice(0, 3)}`;
    return { valid: false, reason: why };
  }
  if (format.midAt === undefined) return { valid: true, kind: format.kind };
  const mid = Number(digits.slice(format.midAt, format.midAt + 3));
  const flagHint = flagForMid(mid);
  if (!flagHint)
    return { valid: false, kind: format.kind, mid, reason: `MID ${mid} is not allocated by the ITU` };
  return { valid: true, kind: format.kind, mid, flagHint };
}

export function isValidImo(imo: string): boolean {
  if (typeof imo !== 'string') return false;
  const match = /^\s*(?:IMO\s*)?(\d{7})\s*$/i.exec(imo);
  const digits = match?.[1];
  if (!digits) return false;
  const d = [...digits].map(Number);
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += (d[i] ?? 0) * (7 - i);
  return sum % 10 === d[6];
}
