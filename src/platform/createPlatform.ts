import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { createApiKeys } from '../api/auth/createApiKeys.js';
import { createSessions } from '../api/auth/createSessions.js';
import { createUsers } from '../api/auth/createUsers.js';
import { createAuditLog } from '../compliance/createAuditLog.js';
import type { Config } from '../config/loadConfig.js';
import { createDatabase, type Database } from '../db/createDatabase.js';
import { migrateToLatest } from '../db/migrate.js';
import { connectNetwork } from '../deai/onchain/connectNetwork.js';
import { createKeystore } from '../keys/createKeystore.js';
import { createLedger } from '../ledger/createLedger.js';
import { createCompanies } from '../payroll/createCompanies.js';
import { createEmployees } from '../payroll/createEmployees.js';
import { startPayRuns } from '../payroll/payRuns/startPayRuns.js';
import { connectRiskEngine } from '../risk/connectRiskEngine.js';
import { type ChainConnection, connectChain } from './connectChain.js';
import { type DataDirLock, lockDataDir } from './dataDirLock.js';
import type { Platform } from './Platform.js';

export const tandemVersion: string = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;

export type CreatePlatformOptions = {
  /** Shown to another process that finds the data folder locked. */
  purpose: string;
  logger?: pino.Logger | undefined;
};

/**
 * Opens every part of Tandem on a data folder: locks it, opens and migrates the database, opens the keystore,
 * starts (or connects to) the chain, and wires the domains. Whatever was opened is closed again if a later step
 * fails, so a failed start leaves nothing running and nothing half-written.
 */
export async function createPlatform(config: Config, options: CreatePlatformOptions): Promise<Platform> {
  const logger =
    options.logger ??
    pino({ level: config.logLevel === 'info' && options.purpose === 'cli' ? 'warn' : config.logLevel });
  const opened: { close(): Promise<void> | void }[] = [];
  const closeAll = async () => {
    for (const part of opened.reverse())
      await Promise.resolve(part.close()).catch((err) => logger.warn({ err }, 'close failed'));
    opened.length = 0;
  };
  try {
    const lock: DataDirLock = lockDataDir(config.dataDir, options.purpose);
    opened.push({ close: () => lock.release() });

    const database: Database = await createDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: join(config.dataDir, 'db'),
    });
    opened.push(database);
    const { applied } = await migrateToLatest(database.db);
    if (applied.length) logger.info({ applied }, 'database migrated');

    const keystore = createKeystore({
      folder: join(config.dataDir, 'keystore'),
      password: process.env.TANDEM_KEYSTORE_PASSWORD,
      allowGeneratedPassword: !config.rpcUrl,
    });
    const chain: ChainConnection = await connectChain({ config, db: database.db, keystore, logger });
    opened.push(chain);
    const network = await connectNetwork({ dataDir: config.dataDir, db: database.db, chain, logger });
    const { sanctions, risk } = await connectRiskEngine({
      db: database.db,
      dataDir: config.dataDir,
      chain: { ...chain, publicClient: chain.publicClient as never },
      logger,
      background: options.purpose !== 'cli',
      historyDays: config.riskHistoryDays,
      fetchRegistryVersion: network.fetchRegistryVersion,
    });
    opened.push(risk);

    const platform: Platform = {
      config,
      version: tandemVersion,
      logger,
      database,
      db: database.db,
      keystore,
      apiKeys: createApiKeys({ db: database.db }),
      users: createUsers({ db: database.db }),
      sessions: createSessions({ db: database.db }),
      audit: createAuditLog({ db: database.db }),
      ledger: createLedger({ db: database.db }),
      companies: createCompanies({ db: database.db, audit: createAuditLog({ db: database.db }) }),
      employees: createEmployees({ db: database.db, audit: createAuditLog({ db: database.db }) }),
      payRuns: startPayRuns({ config, db: database.db, chain, risk, logger, opened }),
      chain,
      sanctions,
      risk,
      network,
      close: closeAll,
    };
    return platform;
  } catch (error) {
    await closeAll();
    throw error;
  }
}
