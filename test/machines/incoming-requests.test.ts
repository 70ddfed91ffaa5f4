// Incoming requests (domain.md, "Incoming requests (the flag State's side)"; machines/README.md 12): a central
// authority checks its register, then answers in agreement with it.
import { describe, expect, it } from 'vitest';
import type { DeskEvent } from '../../machines/schemas.ts';
import { checkDecision } from './contract-shape.ts';
import { AT, Case, engine } from './harness.ts';
import { notExpected, ok, refused, setting } from './refusals-kit.ts';

// Malta asks Togo's central authority about a vessel flying Togo's flag.
function request() {
  return Case.incoming({
    from: 'MT',
    vessel: { name: 'NOUR', flag: 'TG' },
    position: AT.highSeas,
    grounds: ['overcrowded', 'no port of departure declared'],
    asks: ['registry', 'board', 'search'],
  });
}

const answer = (
  registry: 'confirmed' | 'refuted',
  scopes?: Array<'board' | 'search' | 'measures'> | null,
) => ({
  type: 'REQUEST_ANSWERED' as const,
  registry,
  ...(scopes === undefined ? {} : { authorisation: scopes === null ? null : { scopes, conditions: [] } }),
});

describe('the register check comes first (SoM art. 8(4))', () => {
  it('an answer before the register check is not expected, and says which article asks for the check (SoM art. 8(4))', () => {
    const c = request();
    const r = refused(c.send(answer('confirmed', ['board'])), 'not-expected-now');
    expect(r.basis).toEqual(['SoM art. 8(4)']);
    expect(r.allowedOverrides).toEqual([]);
  });

  it('the request may be acknowledged before the check, once; the register is checked once', () => {
    const c = request();
    ok(c, { type: 'REQUEST_ACKNOWLEDGED' });
    notExpected(c.send({ type: 'REQUEST_ACKNOWLEDGED' }));
    ok(c, { type: 'REGISTER_CHECKED', onRegister: true });
    notExpected(c.send({ type: 'REGISTER_CHECKED', onRegister: true }));
  });
});

describe('the answer must agree with the register check (SoM art. 8(4); UNCLOS art. 91)', () => {
  it('refuting a vessel the check found on the register is refused: contradicts-register, no override', () => {
    const c = request();
    ok(c, { type: 'REGISTER_CHECKED', onRegister: true });
    const r = refused(c.send(answer('refuted', null)), 'contradicts-register');
    expect(r.basis).toEqual(['SoM art. 8(4)', 'UNCLOS art. 91']);
    expect(r.allowedOverrides).toEqual([]);
    expect(r.message).toContain('vessel on the register');
    ok(c, answer('confirmed', ['board']));
    notExpected(c.send(answer('confirmed', ['board', 'search'])));
  });

  it('confirming a vessel the check did not find is refused; refuting it is applied', () => {
    const c = request();
    ok(c, { type: 'REGISTER_CHECKED', onRegister: false });
    const r = refused(c.send(answer('confirmed')), 'contradicts-register');
    expect(r.message).toContain('not on the register');
    expect(r.allowedOverrides).toEqual([]);
    ok(c, answer('refuted', null));
  });

  it('a State that refutes registry has no flag-State authority to authorise boarding (SoM art. 8(2); UNCLOS art. 92(1))', () => {
    const c = request();
    ok(c, { type: 'REGISTER_CHECKED', onRegister: false });
    const r = refused(c.send(answer('refuted', ['board'])), 'authorisation-without-registry');
    expect(r.basis).toEqual(['SoM art. 8(2)', 'UNCLOS art. 92(1)']);
    expect(r.allowedOverrides).toEqual([]);
    ok(c, answer('refuted'));
  });
});

describe('withdrawal, closing and the events an incoming request takes', () => {
  it('only granted scopes can be withdrawn: not before an answer, not after a refusal (domain.md, procedure step 5)', () => {
    const before = request();
    notExpected(before.send({ type: 'AUTHORISATION_WITHDRAWN' }));
    ok(before, { type: 'REGISTER_CHECKED', onRegister: true });
    ok(before, answer('confirmed', null));
    notExpected(before.send({ type: 'AUTHORISATION_WITHDRAWN' }));
    const granted = request();
    ok(granted, { type: 'REGISTER_CHECKED', onRegister: true });
    ok(granted, answer('confirmed', ['board', 'search']));
    ok(granted, { type: 'AUTHORISATION_WITHDRAWN', scopes: ['search'] });
  });

  it('the request cannot close while the register check and the answer are open; it closes once answered (contract.md, Required actions)', () => {
    const c = request();
    const r = refused(c.send({ type: 'CASE_CLOSED' }), 'blocking-actions-open');
    expect(r.allowedOverrides).toEqual([]);
    expect(r.message).toContain('CHECK_NATIONAL_REGISTER');
    expect(r.message).toContain('ANSWER_REQUEST');
    ok(c, { type: 'REGISTER_CHECKED', onRegister: true });
    ok(c, answer('confirmed', ['board']));
    ok(c, { type: 'CASE_CLOSED' });
  });

  it('an incoming request takes the vessel’s position, the grounds and its identification; acts at sea and replies of an interception are not expected', () => {
    const c = request();
    ok(c, { type: 'POSITION_REPORTED', lat: 34.6, lon: 15.4 });
    ok(c, { type: 'SUSPICION_RECORDED', grounds: ['transfer from a mother ship'] });
    ok(c, { type: 'VESSEL_IDENTIFIED', name: 'NOUR 2', imo: '9074729' });
    notExpected(c.send({ type: 'BOARDING_STARTED' }));
    notExpected(c.send({ type: 'FLAG_STATE_NOTIFIED', state: 'TG' }));
  });

  it('a change of the directory is applied to an incoming request as to any case', () => {
    const c = request();
    const event: DeskEvent = { type: 'SETTING_CHANGED', setting: setting({ TG: { protocolParty: true } }) };
    const d = engine.apply(c.state, event, c.at(5)).decision;
    checkDecision(d, 'SETTING_CHANGED');
    expect(d).toMatchObject({ outcome: 'applied' });
  });
});
