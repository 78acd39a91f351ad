import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { ValidationError } from '../../errors/BaseError.js';

export type AgreementKeyPair = { secretKey: Uint8Array; publicKey: Uint8Array };

/** What a pair key is for: the pairwise masks, or the channel that carries secret shares between two nodes. */
export type PairKeyPurpose = 'mask' | 'share-channel';

/** A fresh X25519 key pair (a node makes two per aggregation epoch: one for masks, one for the share channel). */
export function createAgreementKeyPair(): AgreementKeyPair {
  const { secretKey, publicKey } = x25519.keygen();
  return { secretKey, publicKey };
}

/**
 * The 32-byte key two nodes share: X25519 between one's secret key and the other's public key, through
 * HKDF-SHA256 with the round, the epoch, both addresses (sorted, so both ends derive the same key) and the purpose.
 * A low-order public key (all-zero shared secret) is refused.
 * @example const maskKey = agreePairKey(mine.secretKey, theirs.publicKey, { roundId, epoch: 1, a: me, b: them, purpose: 'mask' })
 */
export function agreePairKey(
  secretKey: Uint8Array,
  publicKey: Uint8Array,
  context: { roundId: string; epoch: number; a: string; b: string; purpose: PairKeyPurpose },
): Uint8Array {
  const shared = x25519.getSharedSecret(secretKey, publicKey);
  if (shared.every((byte) => byte === 0))
    throw new ValidationError('X25519 public key of low order refused', { field: 'publicKey' });
  const [first, second] = [context.a.toLowerCase(), context.b.toLowerCase()].sort();
  const salt = new TextEncoder().encode(`tandem-deai/1|${context.roundId}|${context.epoch}|${first}|${second}`);
  return hkdf(sha256, shared, salt, new TextEncoder().encode(context.purpose), 32);
}
