import { type Address, type Chain, getAddress, type PublicClient, type Transport } from 'viem';
import { modelRegistryAbi } from '../../chain/contracts/generated/ModelRegistry.js';
import { ValidationError } from '../../errors/BaseError.js';
import type { ModelVersionRecord } from './ModelVersionRecord.js';
import { readModelVersion } from './readModelVersion.js';

export type VerifyModelHashParameters = {
  publicClient: PublicClient<Transport, Chain>;
  registry: Address;
  /** Hex sha256 of the model file. */
  sha256: string;
  /** Compare with this version's record; absent: find the version that recorded this hash. */
  version?: number | undefined;
};

/** What the registry says about a model file's hash. */
export type ModelVerification = {
  sha256: string;
  /** True when the registry records exactly this hash (for `version`, when one was asked for). */
  matches: boolean;
  /** The version compared with, or found; null when no version records the hash. */
  version: number | null;
  record: ModelVersionRecord | null;
  /** One sentence for people. */
  verdict: string;
};

/**
 * Compares a model file's sha256 with the on-chain registry: with one version's record, or by finding the version
 * that recorded it.
 * @example const { matches, record } = await verifyModelHash({ publicClient, registry, sha256, version: 3 })
 */
export async function verifyModelHash(parameters: VerifyModelHashParameters): Promise<ModelVerification> {
  const { publicClient } = parameters;
  const registry = getAddress(parameters.registry);
  const sha256 = parameters.sha256.toLowerCase().replace(/^0x/, '');
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ValidationError('sha256 must be 64 hex digits', { field: 'sha256' });

  if (parameters.version !== undefined) {
    const record = await readModelVersion({ publicClient, registry, version: parameters.version });
    const matches = record.modelSha256 === sha256;
    return {
      sha256,
      matches,
      version: record.version,
      record,
      verdict: matches
        ? `The file is model version ${record.version}: its sha256 matches the on-chain record.`
        : `The file is NOT model version ${record.version}: it hashes to ${sha256}, the registry records ${record.modelSha256}.`,
    };
  }
  const found = await publicClient.readContract({
    address: registry,
    abi: modelRegistryAbi,
    functionName: 'versionOfModel',
    args: [`0x${sha256}`],
  });
  if (found === 0n)
    return {
      sha256,
      matches: false,
      version: null,
      record: null,
      verdict: `No registry version records a model file with sha256 ${sha256}.`,
    };
  const record = await readModelVersion({ publicClient, registry, version: Number(found) });
  return {
    sha256,
    matches: true,
    version: record.version,
    record,
    verdict: `The file is model version ${record.version}: its sha256 matches the on-chain record.`,
  };
}
