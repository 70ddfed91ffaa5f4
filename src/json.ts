import { hiddenSlot } from '../machines/hidden-slot.ts';

// The JSON text of an object the desk never edits once it is made: a case view leaves by the store, by every
// stream client's message and by the HTTP answer, and is serialised once for all of them (three times a
// view's JSON was a tenth of what a recorded event cost the desk).
const texts = hiddenSlot<string>('json');

export function jsonOf(value: object): string {
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return text;
}

// `message` with `view` as its last field, the view's text reused (jsonOf) rather than serialised again.
export function jsonWithView(message: Record<string, unknown>, view: object): string {
  const head = JSON.stringify(message);
  return `${head.length > 2 ? `${head.slice(0, -1)},` : '{'}"view":${jsonOf(view)}}`;
}
