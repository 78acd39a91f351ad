import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApiKeys } from '../api/auth/createApiKeys.js';
import { createSessions } from '../api/auth/createSessions.js';
import { createUsers } from '../api/auth/createUsers.js';
import { createAuditLog } from '../compliance/createAuditLog.js';
import { configSchema } from '../config/loadConfig.js';
import { createTestDatabase } from '../db/createTestDatabase.js';
import { NonRetryableError } from '../errors/BaseError.js';
import { createLedger } from '../ledger/createLedger.js';
import { createCompanies } from '../payroll/createCompanies.js';
import { createEmployees } from '../payroll/createEmployees.js';
import type { Platform } from './Platform.js';

export type CreateTestPlatformParameters = {
  /** Parts to add or replace, e.g. `chain` from a test chain; built from the test database's `db` if a function. */
  parts?: Partial<Platform> | ((base: Platform) => Partial<Platform>);
};

/**
 * A Platform on a fresh test database (in-memory PGlite, or a throwaway schema when DATABASE_URL is set) for API and
 * domain tests: database, audit, ledger, API keys, companies and employees, with no chain and no keystore. Any part
 * that is not wired — the chain, the keystore, or a part another domain adds to Platform later — can be read (route
 * registration does) but throws a clear error as soon as a test calls into it; pass it in `parts` when a test needs it.
 * @example const platform = await createTestPlatform(); const api = createApi({ platform, localPrincipal })
 */
export async function createTestPlatform(parameters: CreateTestPlatformParameters = {}): Promise<Platform> {
  const database = await createTestDatabase();
  const db = database.db;
  const audit = createAuditLog({ db });
  const wired: Partial<Platform> = {
    config: configSchema.parse({ dataDir: mkdtempSync(join(tmpdir(), 'tandem-test-')), logLevel: 'silent' }),
    version: JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version,
    logger: pino({ level: 'silent' }),
    database,
    db,
    apiKeys: createApiKeys({ db }),
    users: createUsers({ db }),
    sessions: createSessions({ db }),
    audit,
    ledger: createLedger({ db }),
    companies: createCompanies({ db, audit }),
    employees: createEmployees({ db, audit }),
    close: () => database.close(),
  };
  const platform = new Proxy(wired, {
    get(target, key) {
      if (typeof key === 'symbol' || key in target || key === 'then') return target[key as keyof Platform];
      return unwired(key);
    },
  }) as Platform;
  const extra = typeof parameters.parts === 'function' ? parameters.parts(platform) : parameters.parts;
  Object.assign(wired, extra);
  return platform;
}

/**
 * Stands for a part the test platform does not wire: reading it (`const { chain } = platform`, as route registration
 * does) and walking its properties work, but calling or converting anything under it throws, naming the path.
 */
function unwired(path: string): unknown {
  const fail = () => {
    throw new NonRetryableError(`The test platform has no "${path.split('.')[0]}" (used: ${path})`, {
      details: 'Pass it to createTestPlatform({ parts }) if this test needs it.',
    });
  };
  return new Proxy(fail, {
    get: (_target, key) => (typeof key === 'symbol' || key === 'then' ? undefined : unwired(`${path}.${key}`)),
    apply: fail,
  });
}
