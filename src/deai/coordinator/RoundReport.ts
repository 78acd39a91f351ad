import type { FraudModel } from '../../risk/model/FraudModel.js';
import type { BinaryMetrics } from '../../risk/model/metrics.js';
import type { ContributionAssessment } from '../contribution/assessContributions.js';
import type { PrivacySpent } from '../privacy/createPrivacyAccountant.js';
import type { DataCommitment } from '../protocol/nodeMessages.js';

/** A party as the round saw it, with the data commitment it signed (for the on-chain model registry). */
export type RoundParty = {
  address: string;
  role: 'data' | 'compute';
  /** What the party signed: its data's sha256 and row count for this round (data contributors only). */
  dataCommitment: DataCommitment | null;
  /** sha256 of the canonical JSON {address, roundId, rows, sha256}: the leaf the registry records per party. */
  commitmentHash: string | null;
  /** trained: its rows are in the model; the others say why not. */
  status: 'trained' | 'duplicate' | 'flagged' | 'dropped' | 'compute';
};

/** A verifiable job handed to compute contributors; paid only to those whose results agreed. */
export type ComputeJobRecord = {
  jobId: string;
  kind: 'validationScoring' | 'contributionSampling';
  assigned: string[];
  /** Whether at least two assigned nodes returned the same result. */
  agreed: boolean;
  resultSha256: string;
  paid: string[];
  /** Assigned nodes whose result differed from the accepted one, or that never answered. */
  disagreed: string[];
  /** Who settled the result: the compute nodes' agreement, or the coordinator recomputing it. */
  decidedBy: 'agreement' | 'coordinator';
};

/** Everything a round produced, in the shape the on-chain model registry and the reward distributor need. */
export type RoundReport = {
  roundId: string;
  coordinator: string;
  status: 'completed' | 'failed';
  reason: string | null;
  model: FraudModel | null;
  modelSha256: string | null;
  parties: RoundParty[];
  metrics: { validation: BinaryMetrics | null };
  /** (ε, δ) spent on the published model, or null without differential privacy. */
  privacy: PrivacySpent | null;
  contributions: ContributionAssessment[];
  computeJobs: ComputeJobRecord[];
  traffic: {
    /** Bytes each node sent to the coordinator while the final model trained. */
    bytesFromNodes: Record<string, number>;
    /** Bytes the coordinator sent to each node while the final model trained. */
    bytesToNodes: Record<string, number>;
    /** Mean over data parties of the bytes a node sent per tree of the final model. */
    bytesPerTreePerNode: number;
  };
  timings: {
    totalMs: number;
    setupMs: number;
    featuresMs: number;
    contributionMs: number;
    trainingMs: number;
    msPerTree: number;
  };
  restarts: number;
};
