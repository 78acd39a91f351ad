import { type Address, type Chain, getAddress, type PublicClient, type Transport, zeroHash } from 'viem';
import { modelRegistryAbi } from '../../chain/contracts/generated/ModelRegistry.js';
import { NotFoundError } from '../../errors/BaseError.js';
import { type ModelVersionRecord, noDifferentialPrivacy } from './ModelVersionRecord.js';

export type ReadModelVersionParameters = {
  publicClient: PublicClient<Transport, Chain>;
  registry: Address;
  version: number;
};

/**
 * Version `version` of the on-chain model registry, in everyday units; a NotFoundError when there is no such version.
 * @example const { modelSha256, uri } = await readModelVersion({ publicClient, registry, version: 3 })
 */
export async function readModelVersion(parameters: ReadModelVersionParameters): Promise<ModelVersionRecord> {
  const { publicClient, version } = parameters;
  const registry = getAddress(parameters.registry);
  const count = await publicClient.readContract({
    address: registry,
    abi: modelRegistryAbi,
    functionName: 'versionCount',
  });
  if (!Number.isInteger(version) || version < 1 || BigInt(version) > count)
    throw new NotFoundError(`The model registry has no version ${version}.`, {
      code: 'model-version-not-found',
      field: 'version',
      details: count === 0n ? 'No version is registered yet.' : `Versions are 1 to ${count}.`,
    });
  const record = await publicClient.readContract({
    address: registry,
    abi: modelRegistryAbi,
    functionName: 'getModelVersion',
    args: [BigInt(version)],
  });
  const withoutPrivacy = record.epsilonMicros === noDifferentialPrivacy;
  return {
    version,
    modelSha256: record.modelSha256.slice(2),
    dataCommitments: record.dataCommitments.map((entry) => ({ party: entry.party, commitment: entry.commitment })),
    metrics: {
      f1: record.f1Bps / 10_000,
      rocAuc: record.rocAucBps / 10_000,
      f1Bps: record.f1Bps,
      rocAucBps: record.rocAucBps,
    },
    privacy: withoutPrivacy
      ? null
      : {
          epsilon: Number(record.epsilonMicros) / 1e6,
          delta: Number(record.deltaE18) / 1e18,
          epsilonMicros: record.epsilonMicros,
          deltaE18: record.deltaE18,
        },
    rewardEpoch: record.rewardEpoch === 0n ? null : Number(record.rewardEpoch),
    rewardRoot: record.rewardRoot === zeroHash ? null : record.rewardRoot,
    uri: record.uri,
    registrar: record.registrar,
    registeredAt: new Date(Number(record.registeredAt) * 1000),
  };
}
