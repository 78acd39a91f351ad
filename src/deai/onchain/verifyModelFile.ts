import { resolve } from 'node:path';
import type { Address, Chain, PublicClient, Transport } from 'viem';
import { sha256File } from './sha256File.js';
import { type ModelVerification, verifyModelHash } from './verifyModelHash.js';

export type VerifyModelFileParameters = {
  publicClient: PublicClient<Transport, Chain>;
  registry: Address;
  file: string;
  /** Compare with this version's record; absent: find the version that recorded the file. */
  version?: number | undefined;
};

/**
 * Recomputes a model file's sha256 from its bytes and compares it with the on-chain registry's record.
 * @example const { matches, verdict } = await verifyModelFile({ publicClient, registry, file: 'fraud.json' })
 */
export async function verifyModelFile(
  parameters: VerifyModelFileParameters,
): Promise<ModelVerification & { file: string }> {
  const file = resolve(parameters.file);
  const sha256 = await sha256File(file);
  return {
    file,
    ...(await verifyModelHash({ ...parameters, sha256 })),
  };
}
