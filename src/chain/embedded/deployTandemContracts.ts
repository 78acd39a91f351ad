import {
  type Abi,
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { NonRetryableError } from '../../errors/BaseError.js';
import { priceFeedAbi, priceFeedBytecode } from '../contracts/generated/PriceFeed.js';
import { sanctionsOracleAbi, sanctionsOracleBytecode } from '../contracts/generated/SanctionsOracle.js';
import { testStablecoinAbi, testStablecoinBytecode } from '../contracts/generated/TestStablecoin.js';
import { type ContractDeployment, type Deployments, readDeployments, writeDeployments } from '../deployments.js';

/** The contracts Tandem deploys on a development chain, by the name Tandem's code knows them. */
export type TandemContracts = {
  usdc: ContractDeployment;
  eurc: ContractDeployment;
  ethUsdPriceFeed: ContractDeployment;
  eurUsdPriceFeed: ContractDeployment;
  usdcUsdPriceFeed: ContractDeployment;
  sanctionsOracle: ContractDeployment;
};

export type DeployTandemContractsParameters = {
  publicClient: PublicClient<Transport, Chain>;
  /** Deploys, and becomes admin, minter, oracle and sanctions updater of every contract. */
  walletClient: WalletClient<Transport, Chain, Account>;
  /** Tandem's data folder: deployments are recorded in `deployments/<chainId>.json`. Absent: not recorded (tests). */
  dataDir?: string | undefined;
  /** Minted to the deployer in each test stablecoin on the dev chain; default 1,000,000.00. */
  devMintAmount?: bigint | undefined;
  logger?: { info(message: string): void; warn(message: string): void } | undefined;
};

type Plan = { name: keyof TandemContracts; contract: string; abi: Abi; bytecode: Hex; args: readonly unknown[] };

/** Block.chainid on which TestStablecoin can mint (its DEV_CHAIN_ID). */
const devChainId = 31_337;
const oneMillion = 1_000_000n * 10n ** 6n;

/**
 * Deploys Tandem's contracts once per chain: local USDC and EURC (TestStablecoin), Chainlink-style price feeds for
 * ETH/USD, EUR/USD and USDC/USD (8 decimals) and the sanctions oracle; mints dev USDC and EURC to the deployer on the
 * dev chain. On later starts it finds them in `deployments/<chainId>.json`, checks that their code is on chain, and
 * deploys only what is missing.
 * @example const { usdc } = await deployTandemContracts({ ...clients, dataDir: '.tandem' })
 */
export async function deployTandemContracts(parameters: DeployTandemContractsParameters): Promise<TandemContracts> {
  const { publicClient, walletClient, dataDir, logger } = parameters;
  const chainId = await publicClient.getChainId();
  const admin = walletClient.account.address;
  const plans: Plan[] = [
    stablecoin('usdc', 'USD Coin (Tandem test)', 'USDC', admin),
    stablecoin('eurc', 'Euro Coin (Tandem test)', 'EURC', admin),
    priceFeed('ethUsdPriceFeed', 'ETH / USD', 3_000_00000000n, admin),
    priceFeed('eurUsdPriceFeed', 'EUR / USD', 1_16000000n, admin),
    priceFeed('usdcUsdPriceFeed', 'USDC / USD', 1_00000000n, admin),
    {
      name: 'sanctionsOracle',
      contract: 'SanctionsOracle',
      abi: sanctionsOracleAbi,
      bytecode: sanctionsOracleBytecode,
      args: [admin],
    },
  ];

  const recorded = dataDir ? readDeployments(dataDir, chainId) : undefined;
  const deployments: Deployments = { chainId, contracts: { ...recorded?.contracts } };
  const missing: Plan[] = [];
  for (const plan of plans) {
    const known = deployments.contracts[plan.name];
    if (known && (await publicClient.getCode({ address: known.address }))) continue;
    if (known) logger?.warn(`${plan.name} is recorded at ${known.address} on chain ${chainId} but has no code there.`);
    missing.push(plan);
  }
  if (missing.length === 0) return deployments.contracts as TandemContracts;

  for (const plan of missing) {
    const hash = await walletClient.deployContract({ abi: plan.abi, bytecode: plan.bytecode, args: plan.args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success' || !receipt.contractAddress)
      throw new NonRetryableError(`Deploying ${plan.contract} as ${plan.name} on chain ${chainId} failed.`, {
        code: 'deploy-failed',
        details: `Transaction ${hash} ${receipt.status}.`,
      });
    deployments.contracts[plan.name] = {
      contract: plan.contract,
      address: getAddress(receipt.contractAddress),
      transactionHash: hash,
      blockNumber: Number(receipt.blockNumber),
    };
    logger?.info(`Deployed ${plan.contract} as ${plan.name} at ${receipt.contractAddress} on chain ${chainId}.`);
  }

  if (chainId === devChainId)
    for (const token of missing.filter((plan) => plan.name === 'usdc' || plan.name === 'eurc')) {
      const hash = await walletClient.writeContract({
        address: deployments.contracts[token.name]!.address,
        abi: testStablecoinAbi,
        functionName: 'mint',
        args: [admin, parameters.devMintAmount ?? oneMillion],
      });
      await publicClient.waitForTransactionReceipt({ hash });
    }

  // Written last: a crash before this line deploys again on the next start (harmless on a dev chain), never
  // records an address whose deployment did not finish.
  if (dataDir) writeDeployments(dataDir, deployments);
  return deployments.contracts as TandemContracts;
}

function stablecoin(name: 'usdc' | 'eurc', tokenName: string, symbol: string, admin: Address): Plan {
  return {
    name,
    contract: 'TestStablecoin',
    abi: testStablecoinAbi,
    bytecode: testStablecoinBytecode,
    args: [tokenName, symbol, admin],
  };
}

function priceFeed(name: keyof TandemContracts, description: string, initialAnswer: bigint, admin: Address): Plan {
  return {
    name,
    contract: 'PriceFeed',
    abi: priceFeedAbi,
    bytecode: priceFeedBytecode,
    args: [8, description, initialAnswer, admin],
  };
}
