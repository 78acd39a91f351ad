import { type Hex, recoverMessageAddress } from 'viem';
import { envelopeSchema, messageDigest, signedText } from '../protocol/envelope.js';
import { nodeMessageSchemas } from '../protocol/nodeMessages.js';
import { ProtocolError } from '../protocol/ProtocolError.js';
import type { MemberKeys } from './createAggregationMember.js';

/**
 * Checks a member's key advertisement as the coordinator forwarded it: the member's own signature over the keys,
 * for this round and epoch. A coordinator that swapped a key (to sit in the middle of a pair) is caught here.
 */
export async function verifyAdvertisement(raw: string, roundId: string, epoch: number): Promise<MemberKeys> {
  const parsed = envelopeSchema.safeParse(JSON.parse(raw));
  if (!parsed.success || parsed.data.kind !== 'keyAdvertisement' || !parsed.data.signature)
    throw new ProtocolError('malformed', 'a forwarded key advertisement is not a signed keyAdvertisement');
  const envelope = parsed.data;
  const keys = nodeMessageSchemas.keyAdvertisement.safeParse(envelope.payload);
  if (!keys.success || keys.data.epoch !== epoch || envelope.roundId !== roundId)
    throw new ProtocolError('wrong-round', `a forwarded key advertisement is not for round ${roundId}, epoch ${epoch}`);
  const signer = await recoverMessageAddress({
    message: signedText(messageDigest(envelope)),
    signature: envelope.signature as Hex,
  });
  if (signer.toLowerCase() !== envelope.from.toLowerCase())
    throw new ProtocolError('bad-signature', `the key advertisement of ${envelope.from} is not signed by it`);
  return {
    address: envelope.from.toLowerCase(),
    maskPublicKey: keys.data.maskPublicKey,
    channelPublicKey: keys.data.channelPublicKey,
  };
}
