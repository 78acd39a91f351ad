import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Address } from 'viem';
import type { TransactionSender } from '../chain/sender/createTransactionSender.js';
import type { AuditLog } from '../compliance/createAuditLog.js';
import type { Tables } from '../db/Tables.js';
import { createRiskCases } from './cases/createRiskCases.js';
import { createHistoryIndex } from './history/createHistoryIndex.js';
import { createSanctionedEdges } from './history/createSanctionedEdges.js';
import { defaultHistoryDays } from './history/defaultHistoryDays.js';
import { type IngestChainTransfersReturnType, ingestChainTransfers } from './history/ingestChainTransfers.js';
import { type SyncSanctionsOracleReturnType, syncSanctionsOracle } from './oracle/syncSanctionsOracle.js';
import { createCounterpartyProofs } from './proofs/createCounterpartyProofs.js';
import { createModelRegistry, type RegistryModel } from './registry/createModelRegistry.js';
import type {
  LoadSanctionsListParameters,
  LoadSanctionsListReturnType,
  SanctionsList,
} from './sanctions/createSanctionsList.js';
import type { EurValuation } from './screening/createEurValuation.js';
import { createRiskScreening } from './screening/createRiskScreening.js';
import { createRiskThresholds } from './screening/createRiskThresholds.js';
import { readRiskDecision } from './screening/readRiskDecision.js';

/** The chain side of the risk engine: the sanctions oracle it keeps in sync and where it reads transfers. */
export type RiskEngineChain = {
  chainId: number;
  sender: TransactionSender;
  sanctionsOracle: Address;
  /** Block times for ingested transfers. */
  blockTimestamps?: ((blockNumbers: bigint[]) => Promise<Map<bigint, Date>>) | undefined;
};

export type CreateRiskEngineParameters = {
  db: Kysely<Tables>;
  audit: AuditLog;
  sanctionsList: SanctionsList;
  valuation: EurValuation;
  /** Tandem's data folder (models in force live in `<dataDir>/models`). */
  dataDir: string;
  chain?: RiskEngineChain | undefined;
  /** The on-chain model registry, once the open network provides it (`registry:N`). */
  fetchRegistryVersion?: ((version: number) => Promise<RegistryModel>) | undefined;
  nativeAsset?: string | undefined;
  /** Days of transfer history held in memory for screening (default defaultHistoryDays, 400); 0 reads it from the database each time. */
  historyDays?: number | undefined;
  logger?: Logger | undefined;
  now?: (() => Date) | undefined;
};

/** A sanctions list load, and what it did to the on-chain oracle. */
export type SanctionsLoadOutcome = LoadSanctionsListReturnType & {
  oracle: SyncSanctionsOracleReturnType | { status: 'failed'; error: string } | null;
};

/**
 * The risk engine: screening (sanctions, AML rules, fraud model), alert cases, per-company thresholds, wallet
 * ownership proofs, the model in force, the transfer history it learns from, and the on-chain sanctions oracle.
 * @example const risk = createRiskEngine({ db, audit, sanctionsList, valuation, dataDir }); await risk.start()
 */
export function createRiskEngine(parameters: CreateRiskEngineParameters) {
  const { db, audit, sanctionsList, valuation, chain, logger } = parameters;
  const log = logger?.child({ component: 'risk' });
  const thresholds = createRiskThresholds({ db, audit });
  const cases = createRiskCases({ db, audit });
  const proofs = createCounterpartyProofs({ db, audit });
  const models = createModelRegistry({
    db,
    audit,
    dataDir: parameters.dataDir,
    fetchRegistryVersion: parameters.fetchRegistryVersion,
    logger: log,
  });
  const sanctionedEdges = createSanctionedEdges({ db });
  const historyDays = parameters.historyDays ?? defaultHistoryDays;
  const historyIndex =
    historyDays > 0
      ? createHistoryIndex({ db, sanctioned: () => sanctionsList.listed(), retainDays: historyDays })
      : undefined;
  const screening = createRiskScreening({
    db,
    sanctionedEdges,
    historyIndex,
    sanctionsList,
    thresholds,
    models,
    audit,
    proofs,
    valuation,
    nativeAsset: parameters.nativeAsset,
    now: parameters.now,
  });
  let ingestTimer: NodeJS.Timeout | undefined;
  let ingesting: Promise<unknown> | undefined;
  let oracleSync: Promise<unknown> | undefined;
  let historyLoad: Promise<unknown> | undefined;

  // One sync at a time in this process: a load's sync waits for the one started at boot.
  let oracleQueue: Promise<unknown> = Promise.resolve();
  async function syncOracle(): Promise<SyncSanctionsOracleReturnType | null> {
    if (!chain) return null;
    const { sender, sanctionsOracle } = chain;
    const run = oracleQueue.then(() =>
      syncSanctionsOracle({ db, sanctionsList, sender, oracle: sanctionsOracle, logger: log }),
    );
    oracleQueue = run.catch(() => {});
    return run;
  }

  async function ingest(): Promise<IngestChainTransfersReturnType | null> {
    if (!chain) return null;
    ingesting ??= ingestChainTransfers({
      db,
      chainId: chain.chainId,
      valuation,
      blockTimestamps: chain.blockTimestamps,
    })
      .then((outcome) => {
        if (outcome.ingested > 0 || outcome.undone > 0) sanctionedEdges.invalidate();
        return outcome;
      })
      .finally(() => {
        ingesting = undefined;
      });
    return ingesting as Promise<IngestChainTransfersReturnType>;
  }

  return {
    screening,
    cases,
    thresholds,
    proofs,
    models,
    /** A stored decision with everything that explains it. */
    decision: (id: string) => readRiskDecision(db, id),

    /** Loads the model in force (verifying its hash). */
    async start(): Promise<void> {
      await models.loadInForce();
    },

    /**
     * Loads a sanctions list and brings the on-chain oracle in line with it. The list is in force once loaded; a
     * failed oracle sync is reported (and resumed by the next load or sync), not thrown.
     */
    async loadSanctionsList(
      load: LoadSanctionsListParameters,
      options: { actor: string },
    ): Promise<SanctionsLoadOutcome> {
      const loaded = await sanctionsList.load(load);
      sanctionedEdges.invalidate();
      if (loaded.status === 'loaded')
        await audit.append({
          actor: options.actor,
          action: 'sanctions.load',
          subject: `sanctions-list:${loaded.version.id}`,
          data: {
            sourceFile: loaded.version.sourceFile,
            sha256: loaded.version.sha256,
            publishedOn: loaded.version.publishedOn,
            total: loaded.total,
            added: loaded.added,
            removed: loaded.removed,
            changed: loaded.changed,
          },
        });
      let oracle: SanctionsLoadOutcome['oracle'] = null;
      try {
        oracle = await syncOracle();
      } catch (error) {
        log?.error({ err: error }, 'sanctions oracle sync failed');
        oracle = { status: 'failed', error: (error as Error).message };
      }
      return { ...loaded, oracle };
    },

    /** Brings the on-chain sanctions oracle in line with the list in force (resuming an unfinished sync). */
    syncOracle,

    /** Turns newly indexed ERC-20 transfers into history now. */
    ingest,

    /**
     * Background work for a server (not for one-shot CLI commands): reads the screening history into memory, resumes
     * or catches up the sanctions oracle sync once, and ingests indexed transfers every `intervalMs`.
     */
    startBackgroundWork(intervalMs = 2_000) {
      // The screening history is read into memory now, not by the first screening.
      historyLoad ??= historyIndex?.sync().catch((err) => log?.warn({ err }, 'reading the screening history failed'));
      if (!chain || ingestTimer) return;
      oracleSync = syncOracle().catch((err) => log?.warn({ err }, 'sanctions oracle sync at start failed'));
      const tick = () => {
        ingest()
          .catch((err) => log?.warn({ err }, 'risk history ingestion failed; will retry'))
          .finally(() => {
            if (ingestTimer) ingestTimer = setTimeout(tick, intervalMs).unref();
          });
      };
      ingestTimer = setTimeout(tick, intervalMs).unref();
    },

    async close(): Promise<void> {
      const timer = ingestTimer;
      ingestTimer = undefined;
      if (timer) clearTimeout(timer);
      await ingesting?.catch(() => {});
      await oracleSync;
      await historyLoad;
    },
  };
}

export type RiskEngine = ReturnType<typeof createRiskEngine>;
