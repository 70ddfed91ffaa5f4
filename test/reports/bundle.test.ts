// GET /cases/:id/export and its check (src/audit/bundle.ts): a bundle verifies with nothing but itself, and
// any one byte changed anywhere in it, a dropped entry, an entry appended after the signed head, another key,
// are each refused, naming the entry where one is to blame.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuditBundle,
  BUNDLE_FORMAT,
  bundleOf,
  keyThumbprint,
  publicJwk,
  verifyBundle,
} from '../../src/audit/bundle.ts';
import { hashEntry } from '../../src/audit/chain.ts';
import { liveDesk, replayLive, scenario } from './live-replay.ts';

const ID = '12-search-and-rescue';

describe('the exported bundle', () => {
  let desk: Awaited<ReturnType<typeof liveDesk>>;
  let text: string;
  let bundle: AuditBundle;

  beforeAll(async () => {
    const s = scenario(ID);
    desk = await liveDesk([s]);
    await replayLive(desk, desk.clock, s);
    const res = await desk.app.inject({
      method: 'GET',
      url: `/cases/${ID}/export`,
      headers: await desk.auth('auditor'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="case-${ID}-audit.json"`);
    text = res.body;
    bundle = JSON.parse(text) as AuditBundle;
  });
  afterAll(() => desk?.close());

  it('holds every entry up to the signed head, the checkpoint and the key, and verifies', async () => {
    const audit = (await desk.runtime.audit(ID, { role: 'auditor', subject: 'a' }))!;
    expect(bundle.format).toBe(BUNDLE_FORMAT);
    expect(bundle.entries.map((e) => e.hash)).toEqual(audit.map((e) => e.hash));
    expect(bundle.checkpoint).toMatchObject({ caseId: ID, seq: audit.length, head: audit.at(-1)!.hash });
    expect(bundle.publicKey).toEqual(publicJwk(desk.runtime.auditPublicKey));
    expect(verifyBundle(text)).toEqual({
      valid: true,
      caseId: ID,
      entries: audit.length,
      head: audit.at(-1)!.hash,
      signedAt: bundle.checkpoint.at,
      key: keyThumbprint(bundle.publicKey),
    });
  });

  it('is a case the role may see, or none', async () => {
    const get = async (role: string, id: string) =>
      (await desk.app.inject({ method: 'GET', url: `/cases/${id}/export`, headers: await desk.auth(role) }))
        .statusCode;
    expect(await get('operator', ID)).toBe(200);
    expect(await get('trainer', ID)).toBe(404);
    expect(await get('auditor', 'no-such-case')).toBe(404);
  });

  it('is refused for any one byte changed, wherever it is', () => {
    // the last characters of the base64 signature and key carry unused bits: the spots a lax decoder forgives
    const sig =
      text.indexOf(bundle.checkpoint.signature) + bundle.checkpoint.signature.replace(/=+$/, '').length - 1;
    const x = text.indexOf(bundle.publicKey.x) + bundle.publicKey.x.length - 1;
    // a deterministic sample of the rest (a linear congruential generator, seed 18)
    let seed = 18;
    const positions = [sig, x];
    for (let i = 0; i < 250; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      positions.push(seed % text.length);
    }
    const other = (c: string) =>
      /[0-9]/.test(c)
        ? String((Number(c) + 1) % 10)
        : /[a-y]/i.test(c)
          ? String.fromCharCode(c.charCodeAt(0) + 1)
          : c === 'x'
            ? 'y'
            : 'x';
    for (const at of positions) {
      const changed = text.slice(0, at) + other(text[at]!) + text.slice(at + 1);
      const r = verifyBundle(changed);
      expect(r.valid, `byte ${at} (${JSON.stringify(text.slice(at - 20, at + 20))})`).toBe(false);
    }
  });

  it('names the entry changed, and what is wrong with it', () => {
    const rescue = bundle.entries.find((e) => e.type === 'RESCUE_COMPLETED')!;
    const at = text.indexOf('"rescued": 86');
    const changed = `${text.slice(0, at)}"rescued": 87${text.slice(at + '"rescued": 86'.length)}`;
    expect(verifyBundle(changed)).toMatchObject({
      valid: false,
      caseId: ID,
      firstBad: { seq: rescue.seq, problem: 'hash does not match the entry' },
    });
  });

  it('is refused without its last entry, with an entry appended after the signed head, or under another key', () => {
    const copy = () => structuredClone(bundle);
    const truncated = copy();
    truncated.entries.pop();
    expect(verifyBundle(JSON.stringify(truncated))).toMatchObject({
      valid: false,
      firstBad: { seq: bundle.entries.length, problem: expect.stringMatching(/^log truncated/) },
    });
    // chained as the desk chains: only the signature can tell it was never signed
    const appended = copy();
    const last = appended.entries.at(-1)!;
    const forged = {
      ...last,
      seq: last.seq + 1,
      prev: last.hash,
      event: { type: 'CASE_CLOSED' },
      type: 'CASE_CLOSED',
    };
    appended.entries.push({ ...forged, hash: hashEntry(forged) });
    expect(verifyBundle(JSON.stringify(appended))).toMatchObject({
      valid: false,
      firstBad: { seq: last.seq + 1, problem: expect.stringContaining('not covered by its signature') },
    });
    const rekeyed = copy();
    rekeyed.publicKey = publicJwk(generateKeyPairSync('ed25519').publicKey);
    expect(verifyBundle(JSON.stringify(rekeyed))).toMatchObject({
      valid: false,
      firstBad: { problem: 'checkpoint signature does not verify' },
    });
    expect(verifyBundle('{"format": ')).toMatchObject({
      valid: false,
      problem: expect.stringMatching(/^not JSON/),
    });
    expect(verifyBundle(JSON.stringify({ ...copy(), format: 'other' }))).toMatchObject({
      valid: false,
      problem: expect.stringMatching(/^format: /),
    });
    expect(verifyBundle(JSON.stringify({ ...copy(), extra: 1 }))).toMatchObject({ valid: false });
  });

  it('takes no entry past the checkpoint it is made with', () => {
    const { entries, checkpoint } = bundle;
    const earlier = { ...checkpoint, seq: 3, head: entries[2]!.hash };
    const made = bundleOf(ID, entries, earlier, desk.runtime.auditPublicKey);
    expect(made.entries).toHaveLength(3);
  });
});
