import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Static } from '@sinclair/typebox';
import type { AuditCheckpoint } from '@baton/contracts';
import { canonicalForm } from './hash-chain';

export type SignedCheckpoint = Static<typeof AuditCheckpoint>;
export type CheckpointHead = Pick<SignedCheckpoint, 'tenant' | 'seq' | 'count' | 'head' | 'at'>;

/** The key id: SHA-256 of the public key's DER (SPKI), hex; what a party that keeps checkpoints pins. */
export const keyIdOf = (publicKey: KeyObject) =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');

const signedBytes = (c: Omit<SignedCheckpoint, 'signature' | 'publicKey'>) =>
  Buffer.from(
    canonicalForm({ tenant: c.tenant, seq: c.seq, count: c.count, head: c.head, at: c.at, keyId: c.keyId }),
    'utf8',
  );

/** Signs a chain head with the Ed25519 checkpoint key. */
export function signCheckpoint(head: CheckpointHead, privateKey: KeyObject): SignedCheckpoint {
  const publicKey = createPublicKey(privateKey);
  const unsigned = { ...head, keyId: keyIdOf(publicKey) };
  return {
    ...unsigned,
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    signature: sign(null, signedBytes(unsigned), privateKey).toString('base64'),
  };
}

export type CheckpointCheck = { ok: true; keyId: string } | { ok: false; reason: string };

/**
 * Checks a checkpoint's signature, with the public key the checker trusts when one is given (otherwise the
 * one the checkpoint carries: then its keyId must be compared with the one published).
 */
export function checkCheckpoint(checkpoint: SignedCheckpoint, trusted?: KeyObject): CheckpointCheck {
  let key: KeyObject;
  try {
    key = trusted ?? createPublicKey(checkpoint.publicKey);
  } catch {
    return { ok: false, reason: 'the checkpoint carries no readable public key' };
  }
  if (key.asymmetricKeyType !== 'ed25519') return { ok: false, reason: 'the checkpoint key is not Ed25519' };
  const keyId = keyIdOf(key);
  if (keyId !== checkpoint.keyId)
    return { ok: false, reason: `the checkpoint was signed by key ${checkpoint.keyId}, not by ${keyId}` };
  let good = false;
  try {
    good = verify(null, signedBytes(checkpoint), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    good = false;
  }
  return good
    ? { ok: true, keyId }
    : { ok: false, reason: 'the signature does not match the checkpoint: it was altered or signed by another key' };
}
