// A case view's JSON, made once for the store, the stream and the HTTP answer (src/json.ts).
import { describe, expect, it } from 'vitest';
import { jsonOf, jsonWithView } from '../src/json.ts';

describe('a view serialised once', () => {
  it('is the JSON of the view, the same text for every reader', () => {
    const view = { id: 'c-1', version: 3, persons: { onBoard: 43 }, zone: { zone: 'high-seas', states: [] } };
    expect(JSON.parse(jsonOf(view))).toEqual(view);
    expect(jsonOf(view)).toBe(jsonOf(view));
    expect(jsonOf({ ...view })).toBe(jsonOf(view));
  });

  it('a message with its view reads as the message with the view in it', () => {
    const view = { id: 'c-1', version: 3, requiredActions: [{ code: 'NOTIFY_FLAG_STATE' }] };
    const message = { type: 'event', caseId: 'c-1', seq: 3, audit: { hash: 'h', prev: 'p' } };
    expect(JSON.parse(jsonWithView(message, view))).toEqual({ ...message, view });
    expect(JSON.parse(jsonWithView({}, view))).toEqual({ view });
  });
});
