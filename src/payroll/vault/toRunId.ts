import { type Hex, keccak256, stringToBytes } from 'viem';

/**
 * The bytes32 `runId` a pay run is known by on chain: keccak256 of its id. The same pay run always gets the same
 * runId, which is what makes the vault's (runId, batchIndex) idempotency hold across restarts.
 * @example toRunId('0b9f6c7e-3d59-4b8e-9a43-1f0d2c4e5a6b')
 */
export function toRunId(payRunId: string): Hex {
  return keccak256(stringToBytes(`tandem:payrun:${payRunId}`));
}
