import type { LocalAccount } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { FraudDataset } from '../../risk/model/loadFraudDataset.js';
import { runComputeJob } from '../contribution/runComputeJob.js';
import { type Coordinator, type CoordinatorSettings, createCoordinator } from '../coordinator/createCoordinator.js';
import type { RoundReport } from '../coordinator/RoundReport.js';
import type { ComputeJobRunner } from '../node/createNetworkNode.js';
import { createNetworkNode, type NetworkNode } from '../node/createNetworkNode.js';
import type { ProtocolLimits } from '../protocol/protocolLimits.js';
import { createInProcessNetwork, type InProcessNetwork } from './createInProcessNetwork.js';

/** A party of an in-process round: a data contributor with its rows, or a compute contributor (optionally dishonest). */
export type InProcessParty = (
  | { dataset: FraudDataset }
  | { compute: true; runComputeJob?: ComputeJobRunner | undefined }
) & {
  signer?: LocalAccount | undefined;
};

export type InProcessRound = {
  report: RoundReport;
  network: InProcessNetwork;
  nodes: NetworkNode[];
};

/**
 * One round with a coordinator and nodes in this process (each with a fresh EVM key), over the in-process network.
 * `prepare` runs before the round starts, to watch or tamper with the traffic or to schedule a node's departure.
 * @example const { report } = await runInProcessRound({ parties: parts.map((dataset) => ({ dataset })), validation })
 */
export async function runInProcessRound(parameters: {
  parties: readonly InProcessParty[];
  validation?: FraudDataset | undefined;
  settings?: Partial<CoordinatorSettings> | undefined;
  prepare?: ((network: InProcessNetwork, nodes: NetworkNode[], coordinator: Coordinator) => void) | undefined;
  limits?: ProtocolLimits | undefined;
  log?: ((event: string, details: Record<string, unknown>) => void) | undefined;
}): Promise<InProcessRound> {
  const network = createInProcessNetwork();
  const dataParties = parameters.parties.filter((party) => 'dataset' in party).length;
  const computeParties = parameters.parties.length - dataParties;
  const coordinator = createCoordinator({
    signer: privateKeyToAccount(generatePrivateKey()),
    deliver: network.deliver,
    announce: network.announce,
    validation: parameters.validation,
    settings: {
      expectedParties: dataParties,
      expectedComputeNodes: computeParties,
      joinWindowMs: 5_000,
      stepTimeoutMs: 5_000,
      heartbeatMs: 1_000,
      deadAfterMs: 60_000,
      ...parameters.settings,
    },
    log: parameters.log,
    limits: parameters.limits,
  });
  network.attachCoordinator(coordinator);
  const nodes = parameters.parties.map((party) => {
    const signer = party.signer ?? privateKeyToAccount(generatePrivateKey());
    const node = createNetworkNode({
      signer,
      send: network.sendFrom(signer.address),
      coordinatorAddress: coordinator.address,
      ...('dataset' in party
        ? { role: 'data' as const, dataset: party.dataset }
        : { role: 'compute' as const, runComputeJob: party.runComputeJob ?? runComputeJob }),
      log: parameters.log,
    });
    network.attachNode(node);
    return node;
  });
  parameters.prepare?.(network, nodes, coordinator);
  const report = await coordinator.runRound();
  // The round's end is delivered on the next turn of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  await Promise.all(nodes.map((node) => node.settled()));
  for (const node of nodes) node.stop();
  return { report, network, nodes };
}
