import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMidCsv, renderMidTable } from '../../src/reference/generate-mid-table.ts';
import { MID_TO_ALPHA2 } from '../../src/reference/mid-table.ts';
import { flagForMid, isValidImo, parseMmsi } from '../../src/reference/vessel-identity.ts';

describe('MID table', () => {
  it.each([
    [229, 'MT'],
    [215, 'MT'],
    [228, 'FR'],
    [247, 'IT'],
    [311, 'BS'],
    [636, 'LR'],
    [538, 'MH'],
    [669, 'SZ'],
    [204, 'PT'],
    [255, 'PT'],
    [303, 'US'],
  ])('MID %i is %s', (mid, alpha2) => {
    expect(flagForMid(mid)).toBe(alpha2);
  });

  it('maps every Panama MID (351..357, 370..374) to PA', () => {
    for (const mid of [351, 352, 353, 354, 355, 356, 357, 370, 371, 372, 373, 374]) {
      expect(flagForMid(mid), String(mid)).toBe('PA');
    }
  });

  it('holds only allocated MIDs with ISO alpha-2 codes', () => {
    const entries = Object.entries(MID_TO_ALPHA2);
    expect(entries.length).toBeGreaterThan(280);
    for (const [mid, alpha2] of entries) {
      expect(Number(mid)).toBeGreaterThanOrEqual(201);
      expect(Number(mid)).toBeLessThanOrEqual(775);
      expect(alpha2).toMatch(/^[A-Z]{2}$/);
    }
    expect(flagForMid(200)).toBeUndefined();
  });
});

describe('parseMmsi', () => {
  it.each([
    ['229123456', 'ship', 229, 'MT'],
    ['636012345', 'ship', 636, 'LR'],
    ['002471234', 'coast', 247, 'IT'],
    ['111229501', 'sar-aircraft', 229, 'MT'],
    ['992291234', 'aton', 229, 'MT'],
    ['982281234', 'craft-of-parent-ship', 228, 'FR'],
    ['824712345', 'handheld', 247, 'IT'],
  ] as const)('%s is a %s station of MID %i (%s)', (mmsi, kind, mid, flagHint) => {
    expect(parseMmsi(mmsi)).toEqual({ valid: true, kind, mid, flagHint });
  });

  it.each([
    ['970123456', 'ais-sart'],
    ['972123456', 'mob'],
    ['974123456', 'epirb-ais'],
  ] as const)('%s is a %s device with no MID', (mmsi, kind) => {
    expect(parseMmsi(mmsi)).toEqual({ valid: true, kind });
  });

  it('accepts surrounding whitespace', () => {
    expect(parseMmsi(' 311000123 ')).toMatchObject({ valid: true, kind: 'ship', flagHint: 'BS' });
  });

  it('rejects a ship MMSI whose MID is unallocated, keeping the parsed parts', () => {
    const info = parseMmsi('200123456');
    expect(info).toMatchObject({ valid: false, kind: 'ship', mid: 200 });
    expect(info.reason).toMatch(/MID 200/);
    expect(info.flagHint).toBeUndefined();
  });

  it('rejects unallocated MIDs in the other layouts too', () => {
    expect(parseMmsi('001991234')).toMatchObject({ valid: false, kind: 'coast', mid: 199 });
    expect(parseMmsi('111999123')).toMatchObject({ valid: false, kind: 'sar-aircraft', mid: 999 });
  });

  it.each([
    ['', /9 digits/],
    ['22912345', /9 digits/],
    ['2291234567', /9 digits/],
    ['22912345a', /9 digits/],
    ['229 123 456', /9 digits/],
    ['-22912345', /9 digits/],
    ['022912345', /group/],
    ['123456789', /format/],
    ['912345678', /format/],
    ['976123456', /format/],
  ])('rejects %j', (mmsi, reason) => {
    const info = parseMmsi(mmsi);
    expect(info.valid).toBe(false);
    expect(info.reason).toMatch(reason);
  });

  it('rejects non-strings without throwing', () => {
    expect(parseMmsi(229123456 as unknown as string).valid).toBe(false);
  });
});

describe('isValidImo', () => {
  it.each(['9074729', '9176187', '7710525', 'IMO 9074729', 'imo9176187', ' IMO 7710525 '])(
    'accepts %j',
    (imo) => {
      expect(isValidImo(imo)).toBe(true);
    },
  );

  it.each(['8810525', '9910525', 'IMO 8810525'])('rejects %j (check digit)', (imo) => {
    expect(isValidImo(imo)).toBe(false);
  });

  it.each([
    '',
    '907472',
    '90747290',
    '907472X',
    'IMO',
    'IMO-9074729',
    'MMSI 9074729',
    '9074729 IMO',
    '９０７４７２９',
  ])('rejects malformed %j', (imo) => {
    expect(isValidImo(imo)).toBe(false);
  });

  it('rejects non-strings without throwing', () => {
    expect(isValidImo(9074729 as unknown as string)).toBe(false);
  });
});

describe('generate-mid-table', () => {
  const csv = [
    'mid,alpha2,alpha3,subdivision,name',
    '204,PT,PRT,PT-20,Azores',
    '229,MT,MLT,,Malta',
    '311,BM,BMU,,Bermuda',
    '669,SZ,SWZ,,Swaziland',
    '',
  ].join('\n');

  it('applies the known corrections and keeps the sovereign State for subdivisions', () => {
    expect(parseMidCsv(csv)).toEqual([
      { mid: 204, alpha2: 'PT', name: 'Azores (PT)' },
      { mid: 229, alpha2: 'MT', name: 'Malta' },
      { mid: 311, alpha2: 'BS', name: 'Bahamas' },
      { mid: 669, alpha2: 'SZ', name: 'Eswatini' },
    ]);
  });

  it('renders the layout of the committed table', () => {
    const source = renderMidTable(parseMidCsv(csv));
    expect(source).toContain("  311: 'BS', // Bahamas\n");
    const committed = readFileSync(new URL('../../src/reference/mid-table.ts', import.meta.url), 'utf8');
    const header = (text: string) => text.split('\n').slice(0, 4);
    expect(header(committed)).toEqual(header(source));
    expect(committed).toContain("  204: 'PT', // Azores (PT)\n");
  });

  it.each([
    ['mid,alpha2\n229,MT', /header/],
    ['mid,alpha2,alpha3,subdivision,name\n229,MT,MLT,,Malta\n229,MT,MLT,,Malta', /duplicate/],
    ['mid,alpha2,alpha3,subdivision,name\n129,MT,MLT,,Malta', /bad MID/],
    ['mid,alpha2,alpha3,subdivision,name\n229,Malta,MLT,,Malta', /bad alpha2/],
  ])('rejects bad input %#', (text, error) => {
    expect(() => parseMidCsv(text)).toThrow(error);
  });
});
