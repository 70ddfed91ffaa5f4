// Desks on one store must sign tokens and checkpoints with the same keys (src/runtime/agreement.ts): the
// first desk's fingerprints stay in the store, and a desk with other keys is refused, naming the key to copy.
import { describe, expect, it } from 'vitest';
import { generateSigningKeys, loadSigningKeys } from '../../src/audit/chain.ts';
import { agreeOnKeys, KeysDisagreeError } from '../../src/runtime/agreement.ts';
import { openMemoryStore } from '../../src/store/memory.ts';

const token = (s: string) => new TextEncoder().encode(s.padEnd(32, '.'));
const audit = () => loadSigningKeys(generateSigningKeys().privatePem).publicKey;

describe('the keys desks on one store agree on', () => {
  it('a desk with the same keys as the first starts; one with another token secret or signing key does not', async () => {
    const store = openMemoryStore();
    const first = { token: token('the shared secret'), auditPublicKey: audit() };
    await agreeOnKeys(store, first);
    await expect(agreeOnKeys(store, first)).resolves.toBeUndefined();
    await expect(agreeOnKeys(store, { ...first, token: token('another secret') })).rejects.toThrow(
      /DESK_SECRET/,
    );
    await expect(agreeOnKeys(store, { ...first, auditPublicKey: audit() })).rejects.toThrow(
      /audit-signing\.pem/,
    );
    await expect(agreeOnKeys(store, { ...first, auditPublicKey: audit() })).rejects.toBeInstanceOf(
      KeysDisagreeError,
    );
  });

  it('keeps fingerprints, never the keys', async () => {
    const store = openMemoryStore();
    const secret = 'the shared secret, not to be stored';
    await agreeOnKeys(store, { token: token(secret), auditPublicKey: audit() });
    const kept = [
      await store.getMeta('shared-token-key-tag'),
      await store.getMeta('shared-audit-key-sha256'),
    ];
    for (const value of kept) {
      expect(value).toMatch(/^[0-9a-f]{64}$/);
      expect(value).not.toContain(Buffer.from(token(secret)).toString('hex'));
    }
  });
});
