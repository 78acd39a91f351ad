import { randomBytes } from 'node:crypto';
import type { LocalAccount } from 'viem';
import { type Envelope, messageDigest, signedText } from './envelope.js';

export type Signer = Pick<LocalAccount, 'address' | 'signMessage'>;

/**
 * A signed message as JSON text, ready to send: a fresh nonce, the time, and the EIP-191 signature of its digest.
 * @example const raw = await signEnvelope(account, 'heartbeat', 'r-1', { status: 'idle' })
 */
export async function signEnvelope(
  signer: Signer,
  kind: string,
  roundId: string,
  payload: unknown,
  now: () => number = Date.now,
): Promise<string> {
  const unsigned = {
    kind,
    roundId,
    from: signer.address,
    nonce: randomBytes(16).toString('hex'),
    timestamp: now(),
    payload,
  };
  const signature = await signer.signMessage({ message: signedText(messageDigest(unsigned)) });
  const envelope: Envelope = { ...unsigned, signature };
  return JSON.stringify(envelope);
}
