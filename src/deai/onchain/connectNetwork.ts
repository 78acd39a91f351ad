import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Account, Chain, PublicClient, Transport, WalletClient } from 'viem';
import type { TransactionSender } from '../../chain/sender/createTransactionSender.js';
import type { Tables } from '../../db/Tables.js';
import { createOpenNetwork, type OpenNetwork } from './createOpenNetwork.js';
import { deployNetworkContracts } from './deployNetworkContracts.js';

export type ConnectNetworkParameters = {
  dataDir: string;
  db: Kysely<Tables>;
  chain: {
    chainId: number;
    publicClient: PublicClient<Transport, Chain>;
    walletClient: WalletClient<Transport, Chain, Account>;
    sender: TransactionSender;
  };
  logger: Logger;
};

/**
 * The platform's open AI network on Tandem's chain: deploys the reward distributor, reward token and model registry
 * once per chain (recorded with Tandem's other deployments) and wires the network's records and actions to them.
 * @example const network = await connectNetwork({ dataDir: config.dataDir, db, chain, logger })
 */
export async function connectNetwork({ dataDir, db, chain, logger }: ConnectNetworkParameters): Promise<OpenNetwork> {
  const log = logger.child({ component: 'network' });
  const contracts = await deployNetworkContracts({
    publicClient: chain.publicClient,
    walletClient: chain.walletClient,
    dataDir,
    logger: { info: (message) => log.info(message), warn: (message) => log.warn(message) },
  });
  return createOpenNetwork({
    db,
    chainId: chain.chainId,
    publicClient: chain.publicClient,
    sender: chain.sender,
    contracts,
    dataDir,
    logger: log,
  });
}
