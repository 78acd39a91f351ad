import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { createAuditLog } from '../../compliance/createAuditLog.js';
import type { Config } from '../../config/loadConfig.js';
import type { Tables } from '../../db/Tables.js';
import type { ChainConnection } from '../../platform/connectChain.js';
import type { RiskEngine } from '../../risk/createRiskEngine.js';
import { createCompanies } from '../createCompanies.js';
import { createPayRuns, type PayRuns } from './createPayRuns.js';
import { screenWithRiskEngine } from './screenWithRiskEngine.js';

export type StartPayRunsParameters = {
  config: Config;
  db: Kysely<Tables>;
  chain: ChainConnection;
  risk: RiskEngine;
  logger: Logger;
  /** The platform's list of parts to close; pay runs join it (closing waits for executions in flight). */
  opened: { close(): Promise<void> | void }[];
};

/**
 * The platform's pay runs: on Tandem's chain, screened by its risk engine, documents in `<dataDir>/payruns`; and every
 * run a previous process left executing is resumed now, in the background (and again every minute while one is).
 *
 * `config.payrollMaxQuoteAgeSeconds` (TANDEM_PAYROLL_MAX_QUOTE_AGE_SECONDS) sets how old a price feed answer may be
 * (default 3,600). On the embedded development chain, whose feeds nobody updates after deployment, a stale dev feed's answer is pushed again instead.
 */
export function startPayRuns(parameters: StartPayRunsParameters): PayRuns {
  const { config, db, chain, risk, logger } = parameters;
  const log = logger.child({ component: 'payruns' });
  const audit = createAuditLog({ db });
  const payRuns = createPayRuns({
    db,
    audit,
    chain: {
      chainId: chain.chainId,
      publicClient: chain.publicClient,
      walletClient: chain.walletClient,
      operator: chain.operator,
      sender: chain.sender,
      contracts: chain.contracts,
      devChain: chain.embedded !== undefined && chain.chainId === 31_337,
      estimateBatchGas: chain.embedded === undefined,
    },
    companies: createCompanies({ db, audit }),
    screen: screenWithRiskEngine(risk),
    documentsDir: join(config.dataDir, 'payruns'),
    // The embedded chain mines a 700-payout batch with some 200 MB more memory than a 350-payout one; smaller batches
    // there keep a 1,000-employee run under 1 GB, for about 0.5 % more gas per recipient (the batch overhead is shared
    // by fewer payouts). On a real network the node's memory is not ours, and batches fill 80 % of a block.
    gas: chain.embedded ? { maxGasPerBatch: 12_000_000n } : undefined,
    maxQuoteAgeSeconds: config.payrollMaxQuoteAgeSeconds,
    logger: log,
  });
  parameters.opened.push(payRuns);
  const resume = () =>
    payRuns
      .resumeExecuting()
      .then(({ resumed, failed }) => {
        if (resumed.length || failed.length)
          log.info({ resumed: resumed.map((run) => [run.id, run.status]), failed }, 'resumed executing pay runs');
      })
      .catch((err) => log.warn({ err }, 'resuming pay runs failed'));
  void resume();
  // A run left executing by a node that stopped answering (a RetryableError) is tried again every minute.
  const timer = setInterval(resume, 60_000).unref();
  parameters.opened.push({ close: () => clearInterval(timer) });
  return payRuns;
}
