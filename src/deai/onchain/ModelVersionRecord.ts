import type { Address, Hex } from 'viem';

/** A model version as the on-chain registry records it, in everyday units. */
export type ModelVersionRecord = {
  version: number;
  /** Hex sha256 of the model file, without 0x (as `sha256sum` and the risk engine write it). */
  modelSha256: string;
  /** One per data contributor, ascending by party. */
  dataCommitments: { party: Address; commitment: Hex }[];
  /** On the coordinator's validation set; the registry keeps basis points, so these have 4 decimals. */
  metrics: { f1: number; rocAuc: number; f1Bps: number; rocAucBps: number };
  /** The differential privacy the training spent, or null when it ran without DP. */
  privacy: { epsilon: number; delta: number; epsilonMicros: bigint; deltaE18: bigint } | null;
  /** The reward epoch that paid the contributors, and its Merkle root; null when none did. */
  rewardEpoch: number | null;
  rewardRoot: Hex | null;
  uri: string;
  registrar: Address;
  registeredAt: Date;
};

/** epsilonMicros of a model trained without differential privacy (the contract's NO_DIFFERENTIAL_PRIVACY). */
export const noDifferentialPrivacy = 2n ** 64n - 1n;
