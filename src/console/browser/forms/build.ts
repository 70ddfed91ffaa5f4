// The payload built back from what the officer typed, field by field. The desk validates again; this only
// spares a round trip and names the field at once.
import { ALPHA2_PATTERN, type Field, type RawValue, type RawValues } from './fields.ts';

export interface FieldError {
  name: string;
  message: string;
}

export type Built =
  | { ok: true; event: Record<string, unknown> & { type: string } }
  | { ok: false; errors: FieldError[] };

const str = (v: RawValue) => (typeof v === 'string' ? v.trim() : '');
const ALPHA2 = new RegExp(ALPHA2_PATTERN);

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) {
    const next = at[key];
    if (next && typeof next === 'object') at = next as Record<string, unknown>;
    else {
      const created: Record<string, unknown> = {};
      at[key] = created;
      at = created;
    }
  }
  at[keys[keys.length - 1] as string] = value;
}

// The value of one field, or undefined when left empty (absent = unknown, contract.md).
function read(field: Field, raw: RawValues, errors: FieldError[]): unknown {
  const v = raw[field.name];
  const fail = (message: string) => {
    errors.push({ name: field.name, message });
    return undefined;
  };
  switch (field.kind) {
    case 'text':
    case 'textarea':
    case 'incident':
      return str(v) || undefined;
    case 'int': {
      const t = str(v);
      if (!t) return undefined;
      if (!/^\d+$/.test(t))
        return fail(
          field.min && field.min > 0 ? `a whole number, ${field.min} or more` : 'a whole number, 0 or more',
        );
      const n = Number(t);
      if (field.min !== undefined && n < field.min) return fail(`a whole number, ${field.min} or more`);
      if (field.max !== undefined && n > field.max) return fail(`at most ${field.max}`);
      return n;
    }
    case 'number': {
      const t = str(v).replace(',', '.');
      if (!t) return undefined;
      const n = Number(t);
      if (!Number.isFinite(n)) return fail('a number in decimal degrees, e.g. 34.95');
      const last = field.name.split('.').pop();
      if (last === 'lat' && Math.abs(n) > 90) return fail('a latitude from -90 to 90');
      if (last === 'lon' && Math.abs(n) > 180) return fail('a longitude from -180 to 180');
      if (field.min !== undefined && n < field.min) return fail(`${field.min} or more`);
      if (field.max !== undefined && n > field.max) return fail(`at most ${field.max}`);
      return n;
    }
    case 'alpha2': {
      const t = str(v).toUpperCase();
      if (!t) return undefined;
      return ALPHA2.test(t) ? t : fail('a two-letter country code, e.g. MT');
    }
    case 'alpha2-or-none': {
      if (raw[`${field.name}.none`] === true) return null;
      const t = str(v).toUpperCase();
      if (!t) return undefined;
      return ALPHA2.test(t) ? t : fail('a two-letter country code, e.g. MT');
    }
    case 'alpha2-list': {
      const codes = str(v)
        .toUpperCase()
        .split(/[\s,;]+/)
        .filter(Boolean);
      if (codes.length === 0) return undefined;
      const bad = codes.filter((c) => !ALPHA2.test(c));
      return bad.length > 0 ? fail(`not two-letter country codes: ${bad.join(', ')}`) : codes;
    }
    case 'lines': {
      const lines = str(v)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      return lines.length > 0 ? lines : undefined;
    }
    case 'bool':
    case 'optbool':
      return v === 'yes' ? true : v === 'no' ? false : undefined;
    case 'enum':
    case 'radio':
      return str(v) || undefined;
    case 'multi': {
      const list = Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : [];
      return list.length > 0 ? list : undefined;
    }
    case 'conditions':
      return conditionsOf(field, raw, errors);
    case 'nullable-object': {
      const chosen = str(v);
      if (chosen === 'none') return null;
      if (chosen !== 'given') return undefined;
      const out: Record<string, unknown> = {};
      for (const part of field.parts ?? []) {
        const value = read(part, raw, errors);
        if (value === undefined) {
          if (part.required && !errors.some((e) => e.name === part.name))
            errors.push({ name: part.name, message: 'required' });
          continue;
        }
        setPath(out, part.name.slice(field.name.length + 1), value);
      }
      return out;
    }
    case 'const':
      return field.value;
    case 'records': {
      const columns = field.columns ?? [];
      const rows: Array<Record<string, unknown>> = [];
      const lines = str(v)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      for (const [i, line] of lines.entries()) {
        // the last value takes the rest of the line, commas and all
        const parts: string[] = [];
        let rest = line;
        for (let c = 0; c < columns.length - 1; c++) {
          const at = rest.indexOf(',');
          if (at < 0) break;
          parts.push(rest.slice(0, at));
          rest = rest.slice(at + 1);
        }
        parts.push(rest);
        const row: Record<string, unknown> = {};
        const lineErrors: FieldError[] = [];
        for (const [c, column] of columns.entries()) {
          const value = read(column, { [column.name]: parts[c] ?? '' }, lineErrors);
          if (value === undefined && column.required && lineErrors.length === 0) {
            lineErrors.push({ name: column.name, message: 'missing' });
          }
          if (value !== undefined) row[column.name] = value;
        }
        if (lineErrors.length > 0) {
          const said = lineErrors.map((e) => `${e.name}: ${e.message}`).join('; ');
          return fail(`line ${i + 1} ("${line}"): ${said}`);
        }
        rows.push(row);
      }
      return rows.length > 0 ? rows : undefined;
    }
    case 'json': {
      const t = str(v);
      if (!t) return undefined;
      try {
        return JSON.parse(t) as unknown;
      } catch {
        return fail('not valid JSON');
      }
    }
  }
}

// contract.md, Conditions: rows of {kind, hours?, text?}, an empty row left out; each problem named at its
// row's field (`conditions.1.hours`), as the desk would name it.
function conditionsOf(field: Field, raw: RawValues, errors: FieldError[]): unknown {
  const prefix = `${field.name}.`;
  const rows = new Set<number>();
  for (const key of Object.keys(raw)) {
    const m = key.startsWith(prefix) ? /^(\d+)\.(kind|hours|text)$/.exec(key.slice(prefix.length)) : null;
    if (m) rows.add(Number(m[1]));
  }
  const out: Array<{ kind: string; hours?: number; text?: string }> = [];
  for (const i of [...rows].sort((a, b) => a - b)) {
    const at = (part: string) => `${prefix}${i}.${part}`;
    const kind = str(raw[at('kind')]);
    const hours = str(raw[at('hours')]);
    const text = str(raw[at('text')]);
    if (!kind && !hours && !text) continue;
    const before = errors.length;
    if (!kind) errors.push({ name: at('kind'), message: 'choose which condition' });
    else if (!field.options?.includes(kind))
      errors.push({ name: at('kind'), message: 'not a condition the desk knows' });
    const n = Number(hours.replace(',', '.'));
    if (hours && !(Number.isFinite(n) && n > 0))
      errors.push({ name: at('hours'), message: 'a number of hours greater than 0' });
    else if (!hours && kind === 'report-results-within')
      errors.push({ name: at('hours'), message: 'required: report the results within how many hours' });
    if (errors.length > before) continue;
    out.push({ kind, ...(hours ? { hours: n } : {}), ...(text ? { text } : {}) });
  }
  return out.length > 0 ? out : undefined;
}

export function buildEvent(type: string, fields: readonly Field[], raw: RawValues): Built {
  const errors: FieldError[] = [];
  const event: Record<string, unknown> & { type: string } = { type };
  const values = new Map<Field, unknown>();
  for (const field of fields) values.set(field, read(field, raw, errors));
  // an optional object (casualties, destination) is given when any of its fields is
  const given = (path: string) =>
    fields.some((f) => f.name.startsWith(`${path}.`) && values.get(f) !== undefined);
  for (const field of fields) {
    const value = values.get(field);
    if (value === undefined) {
      const needed = field.required && (!field.within || given(field.within));
      if (needed && !errors.some((e) => e.name === field.name)) {
        errors.push({ name: field.name, message: 'required' });
      }
      continue;
    }
    setPath(event, field.name, value);
  }
  if (errors.length === 0) return { ok: true, event };
  // in the form's order, as the officer reads it (a row's field where its field is)
  const at = (name: string) => fields.findIndex((f) => name === f.name || name.startsWith(`${f.name}.`));
  return { ok: false, errors: errors.sort((a, b) => at(a.name) - at(b.name)) };
}
