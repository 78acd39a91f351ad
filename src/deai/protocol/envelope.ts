import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../../risk/model/canonicalJson.js';

export const addressSchema = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte address');
export const roundIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and -');

/**
 * Every message of the network: who sent it, for which round, a fresh nonce and the time, the kind-specific payload
 * and the sender's EIP-191 signature over the digest of all of that (messageDigest). `signature` is optional in the
 * schema only so that an unsigned message gets its own clear refusal.
 */
export const envelopeSchema = z
  .object({
    kind: z.string().regex(/^[a-zA-Z]{1,40}$/),
    roundId: roundIdSchema,
    from: addressSchema,
    nonce: z.string().regex(/^[0-9a-f]{32}$/, 'must be 16 random bytes in hex'),
    timestamp: z.number().int().positive(),
    payload: z.unknown(),
    signature: z
      .string()
      .regex(/^0x[0-9a-fA-F]{130}$/, 'must be a 65-byte signature in hex')
      .optional(),
  })
  .strict();

export type Envelope = z.infer<typeof envelopeSchema>;
export type UnsignedEnvelope = Omit<Envelope, 'signature'>;

/**
 * sha256 (hex) of the canonical JSON of everything but the signature: the digest the sender signs.
 * @example messageDigest({ kind: 'heartbeat', roundId: 'r-1', from, nonce, timestamp, payload: {} })
 */
export function messageDigest(envelope: UnsignedEnvelope): string {
  const { kind, roundId, from, nonce, timestamp, payload } = envelope;
  const text = canonicalJson({ kind, roundId, from: from.toLowerCase(), nonce, timestamp, payload });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The text signed with EIP-191 (personal_sign): a fixed prefix and the digest, readable in any wallet. */
export function signedText(digest: string): string {
  return `Tandem DeAI message v1\nsha256: ${digest}`;
}
