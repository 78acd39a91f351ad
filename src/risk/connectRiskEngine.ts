import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { PublicClient } from 'viem';
import type { TandemContracts } from '../chain/embedded/deployTandemContracts.js';
import type { TransactionSender } from '../chain/sender/createTransactionSender.js';
import { createAuditLog } from '../compliance/createAuditLog.js';
import type { Tables } from '../db/Tables.js';
import { createRiskEngine, type RiskEngine } from './createRiskEngine.js';
import type { RegistryModel } from './registry/createModelRegistry.js';
import { createSanctionsList, type SanctionsList } from './sanctions/createSanctionsList.js';
import { createEurValuation } from './screening/createEurValuation.js';
import { readFeedPrices } from './screening/readFeedPrices.js';

export type ConnectRiskEngineParameters = {
  db: Kysely<Tables>;
  dataDir: string;
  chain: { chainId: number; publicClient: PublicClient; sender: TransactionSender; contracts: TandemContracts };
  logger: Logger;
  /** Start the server's background work (oracle catch-up, history ingestion); off for one-shot CLI commands. */
  background: boolean;
  /** Days of transfer history held in memory for screening (config `riskHistoryDays`). */
  historyDays?: number | undefined;
  /** The open network's on-chain model registry, for `registry:N` models. */
  fetchRegistryVersion?: ((version: number) => Promise<RegistryModel>) | undefined;
};

/**
 * The platform's sanctions list and risk engine, on Tandem's chain: EUR values from the chain's price feeds, the
 * sanctions oracle kept in sync, indexed transfers ingested. Reads the sanctions index and the model in force now,
 * so the first screening does not pay for them.
 */
export async function connectRiskEngine(
  parameters: ConnectRiskEngineParameters,
): Promise<{ sanctions: SanctionsList; risk: RiskEngine }> {
  const { db, dataDir, chain, logger } = parameters;
  const { publicClient, contracts } = chain;
  const sanctions = createSanctionsList({ db });
  const valuation = createEurValuation({
    readUsdPrices: () =>
      readFeedPrices(publicClient, {
        EUR: contracts.eurUsdPriceFeed.address,
        USDC: contracts.usdcUsdPriceFeed.address,
        ETH: contracts.ethUsdPriceFeed.address,
      }),
  });
  const risk = createRiskEngine({
    db,
    audit: createAuditLog({ db }),
    sanctionsList: sanctions,
    valuation,
    dataDir,
    chain: {
      chainId: chain.chainId,
      sender: chain.sender,
      sanctionsOracle: contracts.sanctionsOracle.address,
      async blockTimestamps(blockNumbers) {
        const blocks = await Promise.all(blockNumbers.map((blockNumber) => publicClient.getBlock({ blockNumber })));
        return new Map(blocks.map((block) => [block.number, new Date(Number(block.timestamp) * 1000)]));
      },
    },
    fetchRegistryVersion: parameters.fetchRegistryVersion,
    historyDays: parameters.historyDays,
    logger,
  });
  await Promise.all([sanctions.currentVersion(), risk.start(), valuation.eurCents('USDC', 0n, 6).catch(() => null)]);
  if (parameters.background) risk.startBackgroundWork();
  return { sanctions, risk };
}
