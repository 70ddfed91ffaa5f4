// Reading the indicators' CSV back, and the figures of the JSON it must hold.
import type { IndicatorReport } from '../../src/reports/indicators.ts';

// A small reader of RFC 4180, enough for the report's rows.
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

// Every number of the JSON with the path to it: what the CSV must hold, row for row.
export function figuresOf(r: Pick<IndicatorReport, 'indicators'>): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (id: string, v: unknown, path: string[]) => {
    if (v === null || typeof v === 'number')
      out.set(`${id}|${path.join(' / ')}`, v === null ? '' : String(v));
    else for (const [k, x] of Object.entries(v as object)) walk(id, x, [...path, k]);
  };
  for (const [id, ind] of Object.entries(r.indicators)) walk(id, ind.value, []);
  return out;
}
