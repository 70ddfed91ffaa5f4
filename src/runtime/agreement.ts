// Desks on one shared store must agree on two keys, or each would refuse what the other made: tokens
// (DESK_SECRET, or the same desk.key in each DESK_DATA) and the audit checkpoints' signing key (the same
// audit-signing.pem in each DESK_DATA). The first desk leaves a fingerprint of each in the store (never the
// key: an HMAC tag for the secret, a hash of the public half for the signing key); a desk whose keys differ
// does not start, and says which key to copy.
import { createHash, createHmac, type KeyObject } from 'node:crypto';
import type { Store } from '../store/store.ts';

export class KeysDisagreeError extends Error {}

export async function agreeOnKeys(
  store: Store,
  keys: { token: Uint8Array; auditPublicKey: KeyObject },
): Promise<void> {
  const tokenTag = createHmac('sha256', keys.token).update('interception-desk token key').digest('hex');
  const auditTag = createHash('sha256')
    .update(keys.auditPublicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  if ((await store.initMeta('shared-token-key-tag', tokenTag)) !== tokenTag)
    throw new KeysDisagreeError(
      'this desk signs tokens with another key than the desks already on this store: give every desk the same DESK_SECRET',
    );
  if ((await store.initMeta('shared-audit-key-sha256', auditTag)) !== auditTag)
    throw new KeysDisagreeError(
      "this desk signs audit checkpoints with another key than the desks already on this store: copy the first desk's DESK_DATA/audit-signing.pem into this desk's DESK_DATA",
    );
}
