import {
  type Address,
  type Chain,
  encodeFunctionData,
  getAddress,
  type Hex,
  isAddress,
  type PublicClient,
  parseEventLogs,
  type Transport,
} from 'viem';
import { modelRegistryAbi } from '../../chain/contracts/generated/ModelRegistry.js';
import type { TransactionSender } from '../../chain/sender/createTransactionSender.js';
import { NonRetryableError, ValidationError } from '../../errors/BaseError.js';
import { describeRevert } from './describeRevert.js';
import { noDifferentialPrivacy } from './ModelVersionRecord.js';

/** What Tandem records for a new model version, in everyday units. */
export type ModelVersionInput = {
  /** Hex sha256 of the model file (with or without 0x). */
  modelSha256: string;
  /** Each data contributor's commitment to its rows (32-byte hex); any order. */
  dataCommitments: readonly { party: string; commitment: string }[];
  /** F1 and ROC-AUC from 0 to 1, on the coordinator's validation set. */
  metrics: { f1: number; rocAuc: number };
  /** The (epsilon, delta) the training spent, or null when it ran without differential privacy. */
  privacy: { epsilon: number; delta: number } | null;
  /** The reward epoch that paid this version's contributors, or null. */
  rewardEpoch: bigint | null;
  /** Where the model file can be fetched. */
  uri: string;
};

export type RegisterModelVersionParameters = {
  sender: TransactionSender;
  publicClient: PublicClient<Transport, Chain>;
  registry: Address;
  input: ModelVersionInput;
};

export type RegisterModelVersionReturnType = {
  version: number;
  /** The registering transaction; null when the file was registered before without Tandem's sender knowing. */
  txHash: Hex | null;
  status: 'registered' | 'already-registered';
};

const sha256Pattern = /^(0x)?[0-9a-fA-F]{64}$/;

/**
 * Records a model version in the on-chain registry, exactly once per model file: the idempotency key is the file's
 * sha256, and a file the registry already knows returns its version. Metrics are stored in basis points (rounded
 * half up) and privacy as epsilon × 10^6 and delta × 10^18, both rounded up so the record never understates what
 * was spent.
 * @example const { version } = await registerModelVersion({ sender, publicClient, registry, input })
 */
export async function registerModelVersion(
  parameters: RegisterModelVersionParameters,
): Promise<RegisterModelVersionReturnType> {
  const { sender, publicClient } = parameters;
  const registry = getAddress(parameters.registry);
  const args = toContractInput(parameters.input);
  const idempotencyKey = `deai.model:${registry.toLowerCase()}:${args.modelSha256.slice(2)}`;

  let record = await sender.get(idempotencyKey);
  if (!record) {
    const existing = await publicClient.readContract({
      address: registry,
      abi: modelRegistryAbi,
      functionName: 'versionOfModel',
      args: [args.modelSha256],
    });
    if (existing !== 0n) return { version: Number(existing), txHash: null, status: 'already-registered' };
  }
  const data = encodeFunctionData({ abi: modelRegistryAbi, functionName: 'registerModelVersion', args: [args] });
  record = await sender.send({
    idempotencyKey,
    to: registry,
    data,
    purpose: 'deai.registerModelVersion',
    metadata: { modelSha256: args.modelSha256, uri: args.uri },
  });
  if (record.status !== 'confirmed' || !record.txHash)
    throw new NonRetryableError(`Model ${args.modelSha256.slice(2)} was not registered.`, {
      code: 'model-not-registered',
      details:
        (await describeRevert({ publicClient, from: sender.from, to: registry, data, abi: modelRegistryAbi })) ??
        record.error ??
        `The transaction is ${record.status}.`,
    });
  const receipt = await publicClient.getTransactionReceipt({ hash: record.txHash });
  const [event] = parseEventLogs({ abi: modelRegistryAbi, logs: receipt.logs, eventName: 'ModelVersionRegistered' });
  if (!event) throw new NonRetryableError(`Transaction ${record.txHash} registered no model version.`);
  return { version: Number(event.args.version), txHash: record.txHash, status: 'registered' };
}

/** The contract's ModelVersionInput, checked here so that bad input is named by field rather than by a revert. */
function toContractInput(input: ModelVersionInput) {
  if (!sha256Pattern.test(input.modelSha256))
    throw new ValidationError('modelSha256 must be 64 hex digits', { field: 'modelSha256' });
  const dataCommitments = input.dataCommitments.map((entry, index) => {
    if (!isAddress(entry.party, { strict: false }))
      throw new ValidationError(`data commitment ${index} names no party address`, {
        field: `dataCommitments.${index}.party`,
      });
    if (!sha256Pattern.test(entry.commitment))
      throw new ValidationError(`data commitment ${index} must be 32 bytes of hex`, {
        field: `dataCommitments.${index}.commitment`,
      });
    return { party: getAddress(entry.party), commitment: withPrefix(entry.commitment) };
  });
  dataCommitments.sort((a, b) => (BigInt(a.party) < BigInt(b.party) ? -1 : 1));
  for (let i = 1; i < dataCommitments.length; i++)
    if (dataCommitments[i]!.party === dataCommitments[i - 1]!.party)
      throw new ValidationError(`${dataCommitments[i]!.party} has two data commitments`, { field: 'dataCommitments' });
  if (dataCommitments.length === 0)
    throw new ValidationError('a model version needs the data commitment of each party', { field: 'dataCommitments' });
  const privacy = input.privacy;
  if (privacy && !(privacy.epsilon > 0 && Number.isFinite(privacy.epsilon)))
    throw new ValidationError('privacy.epsilon must be a positive number', { field: 'privacy.epsilon' });
  if (privacy && !(privacy.delta >= 0 && privacy.delta <= 1))
    throw new ValidationError('privacy.delta must be from 0 to 1', { field: 'privacy.delta' });
  return {
    modelSha256: withPrefix(input.modelSha256),
    dataCommitments,
    f1Bps: basisPoints(input.metrics.f1, 'metrics.f1'),
    rocAucBps: basisPoints(input.metrics.rocAuc, 'metrics.rocAuc'),
    epsilonMicros: privacy ? BigInt(Math.ceil(privacy.epsilon * 1e6)) : noDifferentialPrivacy,
    deltaE18: privacy ? BigInt(Math.ceil(privacy.delta * 1e18)) : 0n,
    rewardEpoch: input.rewardEpoch ?? 0n,
    uri: input.uri,
  };
}

function basisPoints(value: number, field: string): number {
  if (!(value >= 0 && value <= 1)) throw new ValidationError(`${field} must be from 0 to 1`, { field });
  return Math.round(value * 10_000);
}

function withPrefix(hex: string): Hex {
  return (hex.startsWith('0x') ? hex.toLowerCase() : `0x${hex.toLowerCase()}`) as Hex;
}
