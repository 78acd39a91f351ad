import { type Hex, hashMessage } from 'viem';
import { type DataCommitment, dataCommitmentText } from '../protocol/nodeMessages.js';

/**
 * The data commitment the model registry records for a party: the EIP-191 digest of the text the party signed
 * (round, sha256 of its data, rows). Anyone holding the party's signature can check on chain with `ecrecover` that
 * the party itself made the commitment, and the party can open it by showing its file.
 * @example const commitment = dataCommitmentDigest('r-1', { sha256, rows, signature })
 */
export function dataCommitmentDigest(roundId: string, commitment: Pick<DataCommitment, 'sha256' | 'rows'>): Hex {
  return hashMessage(dataCommitmentText(roundId, commitment.sha256, commitment.rows));
}
