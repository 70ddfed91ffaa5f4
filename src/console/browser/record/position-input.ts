/// <reference lib="dom" />
// A position as a GPS shows it, in one field (issue 16): "35°12.345′N 014°03.210′E", "35 12.345 N 14 3.21 E"
// or "35.2058, 14.0535". Read with parsePosition (position.ts), echoed back in degrees and decimal minutes
// (format.ts, position), sent as the decimal {lat, lon} the desk takes. The schema's two number fields stay
// the form's fields (forms/fields.ts); only their input is one.
import { h } from '../dom.ts';
import { position } from '../format.ts';
import type { FieldError } from '../forms/build.ts';
import type { Field, RawValues } from '../forms/fields.ts';
import { parsePosition } from '../position.ts';

export const POSITION_EXAMPLE = '35°12.345′N 014°03.210′E, 35 12.345 N 14 3.21 E or 35.2058, 14.0535';

// A latitude and its longitude side by side in one object (`lat` and `lon`, `x.lat` and `x.lon`), both
// numbers: latitude's name -> longitude's name.
export function positionPairs(fields: readonly Field[]): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const f of fields) {
    if (f.kind !== 'number' || !/(^|\.)lat$/.test(f.name)) continue;
    const lon = f.name.replace(/lat$/, 'lon');
    if (fields.some((g) => g.name === lon && g.kind === 'number')) pairs.set(f.name, lon);
  }
  return pairs;
}

const inputName = (latName: string) => `${latName}~position`;

// What was typed, read: nothing, a position, or what is wrong with it in words.
export function readPositionText(text: string): { lat: number; lon: number } | string | undefined {
  if (text.trim() === '') return undefined;
  return parsePosition(text);
}

// The echo's line is kept while empty, so the reading appearing as the field loses the focus to a click on
// Record does not move the button from under the pointer.
const BLANK = '\u00a0';

// The reading shown under the field as the officer leaves it, or the problem.
function check(input: HTMLInputElement, echo: HTMLElement, err: HTMLElement): void {
  const read = readPositionText(input.value);
  if (typeof read === 'string') {
    err.textContent = `Not a position: ${read}`;
    input.setAttribute('aria-invalid', 'true');
    echo.textContent = BLANK;
    return;
  }
  err.textContent = '';
  input.removeAttribute('aria-invalid');
  echo.textContent = read ? `Reads as ${position(read)}` : BLANK;
}

// One text input for the pair, under the latitude's name (`data-field`), so an error about it shows there.
export function positionInput(lat: Field, id: string, prefill: RawValues, label?: string): HTMLElement {
  const errId = `${id}-err`;
  const echoId = `${id}-echo`;
  const preLat = prefill[lat.name];
  const preLon = prefill[lat.name.replace(/lat$/, 'lon')];
  const value = typeof preLat === 'string' && typeof preLon === 'string' ? `${preLat}, ${preLon}` : '';
  const err = h('p', { class: 'field-error', id: errId });
  const echo = h('p', { class: 'hint position-echo', id: echoId, 'aria-live': 'polite' }, BLANK);
  const input = h('input', {
    id,
    name: inputName(lat.name),
    type: 'text',
    autocomplete: 'off',
    spellcheck: false,
    placeholder: '35°12.345′N 014°03.210′E',
    'aria-describedby': `${id}-hint ${echoId} ${errId}`,
    ...(lat.required && !lat.within ? { 'aria-required': 'true' } : {}),
    value,
    onblur: () => check(input, echo, err),
    oninput: () => {
      // a problem named on leaving the field goes once the figure is fixed
      if (input.getAttribute('aria-invalid') && typeof readPositionText(input.value) !== 'string')
        check(input, echo, err);
    },
  }) as HTMLInputElement;
  const where = lat.name.includes('.') ? `${lat.name.replace(/\.lat$/, '')} ` : '';
  return h(
    'div',
    { class: 'field position-field', 'data-field': lat.name },
    h(
      'label',
      { for: id },
      label ?? (where ? `Position (${where.trim()})` : 'Position'),
      lat.required ? h('span', { class: 'req' }, ' (required)') : null,
    ),
    input,
    h(
      'p',
      { class: 'hint', id: `${id}-hint` },
      `Degrees and minutes as a GPS shows them, or decimal degrees: ${POSITION_EXAMPLE}.`,
    ),
    echo,
    err,
  );
}

// The pairs' text turned into the two numbers buildEvent reads (`raw`), and what is wrong named at the
// latitude's field. Nothing typed leaves both empty: buildEvent then says whether they were required.
export function readPositions(form: HTMLFormElement, fields: readonly Field[], raw: RawValues): FieldError[] {
  const errors: FieldError[] = [];
  for (const [lat, lon] of positionPairs(fields)) {
    const input = form.elements.namedItem(inputName(lat));
    if (!(input instanceof HTMLInputElement)) continue;
    const read = readPositionText(input.value);
    if (typeof read === 'string') {
      errors.push({ name: lat, message: `Not a position: ${read}` });
      continue;
    }
    raw[lat] = read ? String(read.lat) : '';
    raw[lon] = read ? String(read.lon) : '';
  }
  return errors;
}

// Errors about a longitude shown at its position's one field (named by the latitude), once.
export function atPositions(fields: readonly Field[], errors: readonly FieldError[]): FieldError[] {
  const latOf = new Map([...positionPairs(fields)].map(([lat, lon]) => [lon, lat]));
  const out: FieldError[] = [];
  for (const e of errors) {
    const name = latOf.get(e.name) ?? e.name;
    if (latOf.has(e.name) && out.some((o) => o.name === name)) continue;
    out.push({ name, message: e.message });
  }
  return out;
}
