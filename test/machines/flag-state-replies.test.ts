// The flag State's correspondence in an interception case (domain.md, "The flag-State procedure"; machines/
// README.md 7-8): what is refused as not the flag State of record's, what is not expected now, and the same
// step applied where the rule does not bite.
import { describe, expect, it } from 'vitest';
import { Case, opening } from './harness.ts';
import { noDanger, notExpected, ok, party, refused, setting } from './refusals-kit.ts';

function togo() {
  const c = new Case(opening());
  ok(c, noDanger);
  return c;
}

describe('replies count only from the flag State of record (SoM art. 8(2); UNCLOS arts 91, 92(1))', () => {
  it('DP17 a registry reply naming no State, after only another State was asked, is that State’s: refused as not the flag State, naming both (UNCLOS arts 91, 92(1); SoM art. 8(2))', () => {
    const c = togo();
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'IT' });
    const r = refused(c.send({ type: 'REGISTRY_CONFIRMED' }), 'not-the-flag-state');
    expect(r.basis).toEqual(['UNCLOS art. 91', 'UNCLOS art. 92(1)', 'SoM art. 8(2)']);
    expect(r.allowedOverrides).toEqual([]);
    expect(r.message).toContain('IT is not the flag State of record (TG)');
  });

  it('DP17 with a flag State outside the Protocol the refusal rests on UNCLOS arts 91 and 92(1) alone', () => {
    const c = new Case(
      opening({ vessel: { name: 'SEA STAR', flag: 'SL' } }),
      setting({ SL: party({ protocolParty: false }) }),
    );
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'IT' });
    const r = refused(
      c.send({ type: 'AUTHORISATION_GRANTED', state: 'IT', scopes: ['board'], conditions: [] }),
      'not-the-flag-state',
    );
    expect(r.basis).toEqual(['UNCLOS art. 91', 'UNCLOS art. 92(1)']);
  });

  it('a vessel sailing under two flags has no flag State of record: a State asked about it cannot answer for it (UNCLOS art. 92(2))', () => {
    const c = new Case(opening({ vessel: { name: 'JANUS', flagsUsed: ['TG', 'SL'] } }));
    ok(c, noDanger);
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    const r = refused(c.send({ type: 'REGISTRY_CONFIRMED', state: 'TG' }), 'not-the-flag-state');
    expect(r.message).toMatch(/^Refused: TG is not the flag State of record;/);
    expect(r.allowedOverrides).toEqual([]);
  });
});

describe('the order of the correspondence (not-expected-now)', () => {
  it('a registry reply before any request is not expected; after the request it is applied once', () => {
    const c = togo();
    notExpected(c.send({ type: 'REGISTRY_CONFIRMED', state: 'TG' }));
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'REGISTRY_CONFIRMED', state: 'TG' });
    notExpected(c.send({ type: 'REGISTRY_CONFIRMED', state: 'TG' }));
    notExpected(c.send({ type: 'REGISTRY_REFUTED', state: 'TG' }));
  });

  it('a grant implies confirmation: a registry reply after it is not expected (domain.md, procedure step 4)', () => {
    const c = togo();
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] });
    ok(c, { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board'], conditions: [] });
    notExpected(c.send({ type: 'REGISTRY_REFUTED', state: 'TG' }));
  });

  it('the flag State is notified once; asking another State about the registry afterwards is an inquiry, applied (SoM art. 8(4))', () => {
    const c = togo();
    notExpected(c.send({ type: 'FLAG_STATE_ACKNOWLEDGED' }));
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    notExpected(c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' }));
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'IT' });
    ok(c, { type: 'FLAG_STATE_ACKNOWLEDGED' });
    notExpected(c.send({ type: 'FLAG_STATE_ACKNOWLEDGED' }));
  });

  it('a request for authorisation sent before the registry request is accepted, and the grant that answers it applied (domain.md, procedure step 4)', () => {
    const c = togo();
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board', 'search'] });
    notExpected(c.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }));
    ok(c, { type: 'AUTHORISATION_GRANTED', scopes: ['board', 'search'], conditions: [] });
    expect(c.basis.permits).toEqual(['board', 'search']);
  });

  it('no authorisation can be asked of a vessel whose nationality is undetermined, nor after the registry was refuted', () => {
    const undetermined = new Case(opening({ vessel: { name: 'NO NAME' } }));
    ok(undetermined, noDanger);
    notExpected(undetermined.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }));
    const c = togo();
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] });
    ok(c, { type: 'REGISTRY_REFUTED', state: 'TG' });
    notExpected(c.send({ type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board'], conditions: [] }));
    notExpected(c.send({ type: 'AUTHORISATION_REQUESTED', scopes: ['board'] }));
  });

  it('a refusal refuses what is pending: with nothing pending it is not expected (domain.md, procedure step 5)', () => {
    const c = togo();
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    notExpected(c.send({ type: 'AUTHORISATION_REFUSED', state: 'TG' }));
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] });
    ok(c, { type: 'AUTHORISATION_REFUSED', state: 'TG' });
  });

  it('the flag State may grant on the notification itself; after its answer a new request awaits a new answer (machines/README.md 8)', () => {
    const c = togo();
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board'], conditions: [] });
    notExpected(c.send({ type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['search'], conditions: [] }));
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['search'] });
    ok(c, { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['search'], conditions: [] });
    expect(c.basis.permits).toEqual(['board', 'search']);
  });

  it('the flag State says it will act itself only in answer to a request', () => {
    const c = togo();
    notExpected(c.send({ type: 'FLAG_STATE_WILL_ACT' }));
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'FLAG_STATE_WILL_ACT', jointly: true });
  });
});

describe('withdrawal needs an authorisation in force (domain.md, procedure step 5; machines/README.md 8)', () => {
  it('nothing to withdraw while only asked; a grant can be withdrawn', () => {
    const c = togo();
    ok(c, { type: 'FLAG_STATE_NOTIFIED', state: 'TG' });
    ok(c, { type: 'AUTHORISATION_REQUESTED', scopes: ['board'] });
    notExpected(c.send({ type: 'AUTHORISATION_WITHDRAWN' }));
    ok(c, { type: 'AUTHORISATION_GRANTED', state: 'TG', scopes: ['board'], conditions: [] });
    ok(c, { type: 'AUTHORISATION_WITHDRAWN', scopes: ['board'] });
  });

  it('a standing authorisation of the flag State of record for the intercepting State can be withdrawn; one for other States cannot (SoM arts 8(5), 17)', () => {
    const agreement = 'Joint patrol arrangement (fictional)';
    const forMalta = new Case(
      opening(),
      setting({
        TG: party({ standingAuthorisation: { agreement, with: ['MT'], scopes: ['board', 'search'] } }),
      }),
    );
    ok(forMalta, noDanger);
    ok(forMalta, { type: 'AUTHORISATION_WITHDRAWN', scopes: ['search'] });
    expect(forMalta.basis.permits).toEqual(['board']);
    const forItaly = new Case(
      opening(),
      setting({
        TG: party({ standingAuthorisation: { agreement, with: ['IT'], scopes: ['board', 'search'] } }),
      }),
    );
    ok(forItaly, noDanger);
    notExpected(forItaly.send({ type: 'AUTHORISATION_WITHDRAWN' }));
  });
});
