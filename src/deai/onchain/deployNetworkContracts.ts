import {
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hash,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { modelRegistryAbi, modelRegistryBytecode } from '../../chain/contracts/generated/ModelRegistry.js';
import { rewardDistributorAbi, rewardDistributorBytecode } from '../../chain/contracts/generated/RewardDistributor.js';
import { type ContractDeployment, readDeployments, writeDeployments } from '../../chain/deployments.js';
import { NonRetryableError } from '../../errors/BaseError.js';

/** The open AI network's contracts, by the names they are recorded under in `deployments/<chainId>.json`. */
export type NetworkContracts = {
  rewardDistributor: ContractDeployment;
  /** Deployed by the distributor's constructor (same transaction), the distributor being its only minter. */
  rewardToken: ContractDeployment;
  modelRegistry: ContractDeployment;
};

export type DeployNetworkContractsParameters = {
  publicClient: PublicClient<Transport, Chain>;
  /** Deploys, and becomes admin, epoch publisher and model registrar. */
  walletClient: WalletClient<Transport, Chain, Account>;
  /** Tandem's data folder: deployments are recorded in `deployments/<chainId>.json`. Absent: not recorded (tests). */
  dataDir?: string | undefined;
  /** The reward token's cap in its smallest unit; default 100,000,000 tokens. */
  tokenCap?: bigint | undefined;
  logger?: { info(message: string): void; warn(message: string): void } | undefined;
};

/** The reward token's name and symbol. */
export const rewardTokenName = 'Tandem Network Reward';
export const rewardTokenSymbol = 'TNR';
export const defaultRewardTokenCap = 100_000_000n * 10n ** 18n;

/**
 * Deploys the network's contracts once per chain — the reward distributor (which deploys the reward token) and the
 * model registry — and records them in the same deployments file as Tandem's other contracts. On later starts it
 * finds them there, checks that their code is on chain and that the registry points at the recorded distributor,
 * and deploys only what is missing.
 * @example const { modelRegistry } = await deployNetworkContracts({ publicClient, walletClient, dataDir: '.tandem' })
 */
export async function deployNetworkContracts(parameters: DeployNetworkContractsParameters): Promise<NetworkContracts> {
  const { publicClient, walletClient, dataDir, logger } = parameters;
  const chainId = await publicClient.getChainId();
  const operator = walletClient.account.address;
  const recorded = dataDir ? readDeployments(dataDir, chainId)?.contracts : undefined;
  const hasCode = async (deployment: ContractDeployment | undefined) =>
    deployment !== undefined && (await publicClient.getCode({ address: deployment.address })) !== undefined;

  let rewardDistributor = recorded?.rewardDistributor;
  let rewardToken = recorded?.rewardToken;
  let modelRegistry = recorded?.modelRegistry;
  const deployed: ContractDeployment[] = [];

  if (!(await hasCode(rewardDistributor)) || !(await hasCode(rewardToken))) {
    if (rewardDistributor)
      logger?.warn(
        `rewardDistributor is recorded at ${rewardDistributor.address} on chain ${chainId} but has no code there.`,
      );
    const hash = await walletClient.deployContract({
      abi: rewardDistributorAbi,
      bytecode: rewardDistributorBytecode,
      args: [operator, operator, rewardTokenName, rewardTokenSymbol, parameters.tokenCap ?? defaultRewardTokenCap],
    });
    rewardDistributor = await deploymentOf(publicClient, 'RewardDistributor', hash, chainId);
    const token = await publicClient.readContract({
      address: rewardDistributor.address,
      abi: rewardDistributorAbi,
      functionName: 'TOKEN',
    });
    rewardToken = { ...rewardDistributor, contract: 'TandemRewardToken', address: getAddress(token) };
    deployed.push(rewardDistributor, rewardToken);
    // A registry of the old distributor would record the roots of epochs that no longer exist.
    modelRegistry = undefined;
  }
  const distributor = rewardDistributor!;

  if (modelRegistry && (await hasCode(modelRegistry))) {
    const pointsAt = await publicClient.readContract({
      address: modelRegistry.address,
      abi: modelRegistryAbi,
      functionName: 'REWARD_DISTRIBUTOR',
    });
    if (getAddress(pointsAt) !== distributor.address) {
      logger?.warn(`modelRegistry at ${modelRegistry.address} belongs to another distributor; deploying a new one.`);
      modelRegistry = undefined;
    }
  } else modelRegistry = undefined;
  if (!modelRegistry) {
    const hash = await walletClient.deployContract({
      abi: modelRegistryAbi,
      bytecode: modelRegistryBytecode,
      args: [operator, operator, distributor.address],
    });
    modelRegistry = await deploymentOf(publicClient, 'ModelRegistry', hash, chainId);
    deployed.push(modelRegistry);
  }

  const contracts: NetworkContracts = { rewardDistributor: distributor, rewardToken: rewardToken!, modelRegistry };
  if (deployed.length === 0) return contracts;
  for (const deployment of deployed)
    logger?.info(`Deployed ${deployment.contract} at ${deployment.address} on chain ${chainId}.`);
  // Read again just before writing: the file also holds the contracts deployTandemContracts recorded. Written last,
  // so a crash before this line deploys again on the next start, never records an unfinished deployment.
  if (dataDir) {
    const current = readDeployments(dataDir, chainId);
    writeDeployments(dataDir, { chainId, contracts: { ...current?.contracts, ...contracts } });
  }
  return contracts;
}

async function deploymentOf(
  publicClient: PublicClient<Transport, Chain>,
  contract: string,
  hash: Hash,
  chainId: number,
): Promise<ContractDeployment> {
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success' || !receipt.contractAddress)
    throw new NonRetryableError(`Deploying ${contract} on chain ${chainId} failed.`, {
      code: 'deploy-failed',
      details: `Transaction ${hash} ${receipt.status}.`,
    });
  return {
    contract,
    address: getAddress(receipt.contractAddress) as Address,
    transactionHash: hash,
    blockNumber: Number(receipt.blockNumber),
  };
}
