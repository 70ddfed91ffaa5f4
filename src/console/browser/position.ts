// A position as people type it off a GPS, a chart or a radio message: decimal degrees ("35.2058, 14.0535",
// "-35.2 -14.05"), degrees and decimal minutes ("35°12.345′N 014°03.210′E", "35 12.345 N 14 3.21 E",
// "35-12.3N 014-03.2E") or with seconds ("35°12′20.7″N"), symbols optional. Pure: the form says what is
// wrong in the words returned, so the officer fixes the figure instead of guessing.

import type { LatLon } from './map.ts';

type Token =
  | { kind: 'number'; text: string; value: number }
  | { kind: 'hemisphere'; letter: 'N' | 'S' | 'E' | 'W' }
  | { kind: 'unit'; unit: 0 | 1 | 2 }
  | { kind: 'separator' };

// degrees, minutes, seconds: every way their symbols get typed, on a phone or a keyboard without them
const UNITS: Record<string, 0 | 1 | 2> = {
  '°': 0,
  º: 0,
  '˚': 0,
  "'": 1,
  '′': 1,
  '’': 1,
  '‘': 1,
  '"': 2,
  '″': 2,
  '”': 2,
  '“': 2,
};

const AXIS = ['degrees', 'minutes', 'seconds'] as const;
const SIGN = ['degree sign (°)', 'minute sign (′)', 'second sign (″)'] as const;

function tokenize(text: string): Token[] | string {
  // two primes typed for seconds; a dash between digits as the logs write degrees and minutes ("35-12.3N")
  const t = text
    .replace(/\b(?:lat(?:itude)?|lon(?:g(?:itude)?)?)\b[.:]?/gi, ' ')
    .replace(/′′|''/g, '″')
    .replace(/(\d)-(?=\d)/g, '$1 ');
  const tokens: Token[] = [];
  const re = /\s+|([+\-−]?(?:\d+(?:\.\d+)?|\.\d+))|([NSEWnsew])|([,;/])|(.)/gy;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    const [, num, letter, separator, other] = m;
    if (num !== undefined) {
      tokens.push({ kind: 'number', text: num, value: Number(num.replace('−', '-')) });
    } else if (letter) {
      tokens.push({ kind: 'hemisphere', letter: letter.toUpperCase() as 'N' | 'S' | 'E' | 'W' });
    } else if (separator) {
      tokens.push({ kind: 'separator' });
    } else if (other !== undefined) {
      const unit = UNITS[other];
      if (unit === undefined) return `"${other}" is not part of a position`;
      tokens.push({ kind: 'unit', unit });
    }
  }
  return tokens;
}

// Where the latitude ends and the longitude begins.
function split(tokens: Token[]): [Token[], Token[]] | string {
  const separators = tokens.flatMap((t, i) => (t.kind === 'separator' ? [i] : []));
  if (separators.length > 1) {
    return 'more than one comma: decimals take a point, and one comma goes between the latitude and the longitude';
  }
  const [at] = separators;
  if (at !== undefined) return [tokens.slice(0, at), tokens.slice(at + 1)];
  const letters = tokens.flatMap((t, i) => (t.kind === 'hemisphere' ? [i] : []));
  if (letters.length === 2) {
    const [first = 0, second = 0] = letters;
    // "N 35 12.3 E 14 3.2" leads with the letters; "35 12.3 N 14 3.2 E" ends each part with one
    const cut = first === 0 ? second : first + 1;
    return [tokens.slice(0, cut), tokens.slice(cut)];
  }
  if (letters.length > 2) return 'more than two of N, S, E, W';
  const numbers = tokens.flatMap((t, i) => (t.kind === 'number' ? [i] : []));
  const degreeMarks = tokens.flatMap((t, i) => (t.kind === 'unit' && t.unit === 0 ? [i] : []));
  if (degreeMarks.length === 2) {
    // the longitude starts with the number that carries the second degree sign
    const cut = (degreeMarks[1] ?? 0) - 1;
    return [tokens.slice(0, cut), tokens.slice(cut)];
  }
  if (numbers.length === 2 || numbers.length === 4 || numbers.length === 6) {
    // half the figures each; a letter just before the longitude's first figure goes with it
    const start = numbers[numbers.length / 2] ?? 0;
    const cut = tokens[start - 1]?.kind === 'hemisphere' ? start - 1 : start;
    return [tokens.slice(0, cut), tokens.slice(cut)];
  }
  if (numbers.length < 2) return 'a latitude and a longitude are needed';
  return 'cannot tell where the latitude ends: put a comma between the latitude and the longitude';
}

interface Coordinate {
  value: number;
  hemisphere?: 'N' | 'S' | 'E' | 'W';
  text: string;
}

function coordinate(tokens: Token[], name: string): Coordinate | string {
  const parts: Array<{ value: number; text: string; unit?: 0 | 1 | 2 }> = [];
  let hemisphere: Coordinate['hemisphere'];
  for (const t of tokens) {
    if (t.kind === 'number') parts.push({ value: t.value, text: t.text });
    else if (t.kind === 'hemisphere') {
      if (hemisphere) return `the ${name} has two of N, S, E, W`;
      hemisphere = t.letter;
    } else if (t.kind === 'unit') {
      const last = parts[parts.length - 1];
      if (!last || last.unit !== undefined)
        return `a ${SIGN[t.unit]} without a figure before it in the ${name}`;
      last.unit = t.unit;
    }
  }
  if (parts.length === 0) return `the ${name} is missing`;
  if (parts.length > 3) return `the ${name} has more than degrees, minutes and seconds`;
  // unmarked figures take the next place after the one before: degrees, then minutes, then seconds
  let next = 0;
  const slots: Array<{ value: number; text: string } | undefined> = [undefined, undefined, undefined];
  for (const p of parts) {
    const unit = p.unit ?? next;
    if (unit > 2 || unit < next) return `the ${name}'s figures are out of order (degrees, minutes, seconds)`;
    slots[unit] = p;
    next = unit + 1;
  }
  const [d, m, s] = slots;
  if (!d) return `the ${name} has no degrees`;
  if (s && !m) return `the ${name} has seconds but no minutes`;
  for (const [i, slot] of slots.entries()) {
    if (!slot) continue;
    if (i > 0 && /^[-−]/.test(slot.text)) return `a minus sign only goes before the ${name}'s degrees`;
    if (i > 0 && slot.value >= 60) return `the ${name}'s ${AXIS[i]} must be under 60 (${slot.text})`;
    if (!Number.isInteger(slot.value) && slots.slice(i + 1).some(Boolean)) {
      return `the ${name}'s ${AXIS[i]} have decimals, so nothing may follow them`;
    }
  }
  const negative = /^[-−]/.test(d.text);
  if (negative && hemisphere) return `the ${name} has both a minus sign and ${hemisphere}: give one`;
  const value = Math.abs(d.value) + (m?.value ?? 0) / 60 + (s?.value ?? 0) / 3600;
  return {
    value: negative ? -value : value,
    text: parts.map((p) => p.text).join(' '),
    ...(hemisphere ? { hemisphere } : {}),
  };
}

// What to call each half in a message: its letter says, else the latitude comes first.
function names(halves: [Token[], Token[]]): [string, string] {
  const letter = (ts: Token[]) =>
    ts.find((t): t is Extract<Token, { kind: 'hemisphere' }> => t.kind === 'hemisphere')?.letter;
  const [a, b] = halves.map(letter);
  const lonFirst = a === 'E' || a === 'W' || (a === undefined && (b === 'N' || b === 'S'));
  return lonFirst ? ['longitude', 'latitude'] : ['latitude', 'longitude'];
}

export function parsePosition(text: string): LatLon | string {
  if (text.trim() === '') return 'no position given';
  const tokens = tokenize(text);
  if (typeof tokens === 'string') return tokens;
  const halves = split(tokens);
  if (typeof halves === 'string') return halves;
  const [firstName, secondName] = names(halves);
  const first = coordinate(halves[0], firstName);
  if (typeof first === 'string') return first;
  const second = coordinate(halves[1], secondName);
  if (typeof second === 'string') return second;
  // the letters say which is which ("14.05E 35.2N"); without them the latitude comes first, as people say it
  const isLon = (c: Coordinate) => c.hemisphere === 'E' || c.hemisphere === 'W';
  const isLat = (c: Coordinate) => c.hemisphere === 'N' || c.hemisphere === 'S';
  if ((isLat(first) && isLat(second)) || (isLon(first) && isLon(second))) {
    return 'both coordinates are latitudes or both longitudes: one N or S, the other E or W';
  }
  const swapped = isLon(first) || isLat(second);
  const [lat, lon] = swapped ? [second, first] : [first, second];
  const signed = (c: Coordinate) => (c.hemisphere === 'S' || c.hemisphere === 'W' ? -c.value : c.value);
  const latValue = signed(lat);
  const lonValue = signed(lon);
  if (Math.abs(latValue) > 90) return `the latitude must be at most 90° (${lat.text})`;
  if (Math.abs(lonValue) > 180) return `the longitude must be at most 180° (${lon.text})`;
  return { lat: latValue, lon: lonValue };
}
