import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type Abi, type Address, erc20Abi } from 'viem';
import { priceFeedAbi } from '../chain/contracts/generated/PriceFeed.js';
import { sanctionsOracleAbi } from '../chain/contracts/generated/SanctionsOracle.js';
import { type ChainClients, createChainClients } from '../chain/createChainClients.js';
import { createEmbeddedChain, type EmbeddedChain } from '../chain/embedded/createEmbeddedChain.js';
import { deployTandemContracts, type TandemContracts } from '../chain/embedded/deployTandemContracts.js';
import { type ChainIndexer, createChainIndexer, type WatchedContract } from '../chain/indexer/createChainIndexer.js';
import { createTransactionSender, type TransactionSender } from '../chain/sender/createTransactionSender.js';
import type { Config } from '../config/loadConfig.js';
import type { Tables } from '../db/Tables.js';
import { NonRetryableError } from '../errors/BaseError.js';
import type { Keystore } from '../keys/createKeystore.js';

/** Tandem's chain, whichever it is: clients, deployed contracts, the exactly-once sender and the indexer. */
export type ChainConnection = ChainClients & {
  chainId: number;
  rpcUrl: string | undefined;
  operator: Address;
  contracts: TandemContracts;
  sender: TransactionSender;
  indexer: ChainIndexer;
  /** The in-process chain, when Tandem runs its own. */
  embedded: EmbeddedChain | undefined;
  status(): Promise<{ chainId: number; blockNumber: bigint }>;
  /** Balance of `address` in a token Tandem knows by symbol (USDC, EURC) or the native coin (ETH), minor units. */
  balanceOf(chainId: number, address: string, currency: string): Promise<bigint>;
  close(): Promise<void>;
};

export type ConnectChainParameters = { config: Config; db: Kysely<Tables>; keystore: Keystore; logger: Logger };

/**
 * Opens the embedded chain in `<dataDir>/chain` (or connects to RPC_URL with the keystore's signer), makes sure
 * Tandem's contracts are deployed, and settles any transaction a previous run left unfinished.
 */
export async function connectChain({ config, db, keystore, logger }: ConnectChainParameters): Promise<ChainConnection> {
  const log = logger.child({ component: 'chain' });
  const chainLogger = { info: (message: string) => log.info(message), warn: (message: string) => log.warn(message) };
  let embedded: EmbeddedChain | undefined;
  let clients: ChainClients;
  if (config.rpcUrl) {
    clients = await createChainClients({ rpcUrl: config.rpcUrl, account: keystore.account(config.signerKey) });
  } else {
    embedded = await createEmbeddedChain({ dataDir: join(config.dataDir, 'chain'), logger: chainLogger });
    clients = await createChainClients({ embeddedChain: embedded });
  }
  try {
    const chainId = clients.chain.id;
    const contracts = await deployTandemContracts({
      publicClient: clients.publicClient,
      walletClient: clients.walletClient,
      dataDir: config.dataDir,
      logger: chainLogger,
    });
    const account = clients.walletClient.account;
    if (account.type !== 'local') throw new Error('Tandem signs with a local account only.');
    const sender = createTransactionSender({
      db,
      publicClient: clients.publicClient as never,
      account: account as never,
      chainId,
      logger: log,
      // The embedded chain takes a whole batch in one journaled request (one fsync), which is what makes large
      // pay runs fast; on an RPC_URL network transactions are broadcast one by one.
      broadcastBatch: embedded ? (raws) => embedded!.sendRawTransactions(raws) : undefined,
    });
    const resumed = await sender.resume();
    if (resumed.resumed) log.info(resumed, 'settled transactions left unfinished by the previous run');

    const watched = (): WatchedContract[] => [
      { address: contracts.usdc.address, abi: erc20Abi as Abi, label: 'USDC' },
      { address: contracts.eurc.address, abi: erc20Abi as Abi, label: 'EURC' },
      { address: contracts.sanctionsOracle.address, abi: sanctionsOracleAbi as Abi, label: 'SanctionsOracle' },
      { address: contracts.ethUsdPriceFeed.address, abi: priceFeedAbi as Abi, label: 'ETH/USD' },
      { address: contracts.eurUsdPriceFeed.address, abi: priceFeedAbi as Abi, label: 'EUR/USD' },
      { address: contracts.usdcUsdPriceFeed.address, abi: priceFeedAbi as Abi, label: 'USDC/USD' },
    ];
    const indexer = createChainIndexer({
      db,
      publicClient: clients.publicClient as never,
      chainId,
      contracts: watched,
      confirmations: embedded ? 0 : 3,
      logger: log,
    });

    return {
      ...clients,
      chainId,
      rpcUrl: config.rpcUrl ? new URL(config.rpcUrl).origin : undefined,
      operator: account.address,
      contracts,
      sender,
      indexer,
      embedded,
      async status() {
        return { chainId, blockNumber: await clients.publicClient.getBlockNumber({ cacheTime: 0 }) };
      },
      async balanceOf(onChainId, address, currency) {
        if (onChainId !== chainId)
          throw new NonRetryableError(`Tandem is connected to chain ${chainId}, not ${onChainId}.`);
        if (currency === clients.chain.nativeCurrency.symbol)
          return clients.publicClient.getBalance({ address: address as Address });
        const token = { USDC: contracts.usdc, EURC: contracts.eurc }[currency];
        if (!token)
          throw new NonRetryableError(`No token ${currency} is known on chain ${chainId}.`, { field: 'currency' });
        return clients.publicClient.readContract({
          address: token.address,
          abi: erc20Abi,
          functionName: 'balanceOf',
          args: [address as Address],
        });
      },
      async close() {
        await indexer.stop();
        await embedded?.close();
      },
    };
  } catch (error) {
    await embedded?.close();
    throw error;
  }
}
