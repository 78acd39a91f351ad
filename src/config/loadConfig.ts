import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors/BaseError.js';
import { defaultHistoryDays } from '../risk/history/defaultHistoryDays.js';

/** Everything Tandem can be told at start: from flags, then environment variables, then `<dataDir>/tandem.json`. */
export const configSchema = z.object({
  dataDir: z.string().min(1),
  apiHost: z.string().min(1).default('127.0.0.1'),
  apiPort: z.coerce.number().int().min(0).max(65_535).default(8787),
  rpcPort: z.coerce.number().int().min(0).max(65_535).default(8545),
  /** The open network's coordinator inside `tandem start`: `off` leaves it out (run `tandem network coordinator`). */
  networkCoordinator: z.enum(['on', 'off']).default('on'),
  networkPort: z.coerce.number().int().min(0).max(65_535).default(7420),
  /** Labeled rows (eth-fraud layout) the embedded coordinator measures rounds and contributions on. */
  networkValidation: z.string().optional(),
  /** How old a price feed's answer may be when a pay run is priced, in seconds. */
  payrollMaxQuoteAgeSeconds: z.coerce.number().int().min(1).max(31_536_000).default(3_600),
  /**
   * Days of transfer history each server holds in memory for screening (about 670 bytes per transfer); older windows
   * are read from the database. 0 reads every screening's history from the database.
   */
  riskHistoryDays: z.coerce.number().int().min(0).max(3_660).default(defaultHistoryDays),
  /** Postgres server to use instead of the embedded PGlite. */
  databaseUrl: z.string().optional(),
  /** EVM JSON-RPC endpoint to use instead of the embedded chain. */
  rpcUrl: z.string().url().optional(),
  /** Keystore entry that signs Tandem's transactions on an RPC_URL chain (the embedded chain uses its dev key). */
  signerKey: z.string().default('operator'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

export type ConfigOverrides = Partial<Record<keyof Config, string | number | undefined>>;

const environmentNames: Record<keyof Config, string> = {
  dataDir: 'TANDEM_DATA_DIR',
  apiHost: 'TANDEM_API_HOST',
  apiPort: 'TANDEM_API_PORT',
  rpcPort: 'TANDEM_RPC_PORT',
  networkCoordinator: 'TANDEM_NETWORK_COORDINATOR',
  networkPort: 'TANDEM_NETWORK_PORT',
  networkValidation: 'TANDEM_NETWORK_VALIDATION',
  payrollMaxQuoteAgeSeconds: 'TANDEM_PAYROLL_MAX_QUOTE_AGE_SECONDS',
  riskHistoryDays: 'TANDEM_RISK_HISTORY_DAYS',
  databaseUrl: 'DATABASE_URL',
  rpcUrl: 'RPC_URL',
  signerKey: 'TANDEM_SIGNER_KEY',
  logLevel: 'TANDEM_LOG_LEVEL',
};

/**
 * Resolves the configuration. A malformed value is refused with the name of the flag, variable or file key.
 * @example loadConfig({ dataDir: './.tandem' }, process.env)
 */
export function loadConfig(overrides: ConfigOverrides = {}, environment: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(String(overrides.dataDir ?? environment.TANDEM_DATA_DIR ?? './.tandem'));
  const fileValues = readConfigFile(dataDir);
  const merged: Record<string, unknown> = { ...fileValues };
  for (const [key, variable] of Object.entries(environmentNames)) {
    const value = environment[variable];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) merged[key] = value;
  merged.dataDir = dataDir;

  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '') as keyof Config;
    throw new ConfigError(
      `Invalid configuration value for ${key} (flag --${kebab(key)} or ${environmentNames[key] ?? key}).`,
      {
        details: issue.message,
        field: key,
      },
    );
  }
  return parsed.data;
}

function readConfigFile(dataDir: string): Record<string, unknown> {
  const path = join(dataDir, 'tandem.json');
  if (!existsSync(path)) return {};
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new Error('the file must hold a JSON object');
    return value as Record<string, unknown>;
  } catch (cause) {
    throw new ConfigError(`The configuration file ${path} cannot be read.`, { cause, field: path });
  }
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
