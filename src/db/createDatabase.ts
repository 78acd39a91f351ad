import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ConfigError, RetryableError } from '../errors/BaseError.js';
import { createPglitePool } from './pglitePool.js';
import type { Tables } from './Tables.js';

export type DatabaseKind = 'pglite' | 'postgres';

export type CreateDatabaseParameters = {
  /** `postgres://…`: use that server. Absent: embedded PGlite. */
  databaseUrl?: string | undefined;
  /** Folder for PGlite's files; absent means in memory (tests). Ignored with `databaseUrl`. */
  dataDir?: string | undefined;
  /** Postgres schema to use instead of `public` (tests isolate themselves this way on a shared server). */
  schema?: string | undefined;
};

export type Database = {
  db: Kysely<Tables>;
  kind: DatabaseKind;
  /** A short description for logs and /healthz, never including a password. */
  describe: string;
  close(): Promise<void>;
};

// int8 and numeric come back as strings from the wire; Tandem's money is bigint, so int8 is parsed as bigint on both
// kinds of database alike (numeric stays a string: it is only used for rates, which are parsed where they are used).
pg.types.setTypeParser(20, (value: string) => BigInt(value));

/**
 * Opens Tandem's database: a Postgres server when `databaseUrl` is given, otherwise embedded PGlite.
 * @example const { db } = await createDatabase({ dataDir: '.tandem/db' })
 */
export async function createDatabase(parameters: CreateDatabaseParameters = {}): Promise<Database> {
  const { databaseUrl, dataDir, schema } = parameters;
  if (databaseUrl) return openPostgres(databaseUrl, schema);
  return openPglite(dataDir, schema);
}

async function openPostgres(databaseUrl: string, schema: string | undefined): Promise<Database> {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch (cause) {
    throw new ConfigError('DATABASE_URL is not a valid URL.', { cause, field: 'DATABASE_URL' });
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')
    throw new ConfigError(`DATABASE_URL must start with postgres://, not ${url.protocol}//.`, {
      field: 'DATABASE_URL',
    });
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    connectionTimeoutMillis: 5_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const describe = `postgres://${url.host}${url.pathname}`;
  try {
    const client = await pool.connect();
    if (schema) await client.query(`create schema if not exists "${schema}"`);
    client.release();
  } catch (cause) {
    await pool.end().catch(() => {});
    throw new RetryableError(`Cannot connect to the Postgres server at ${describe}.`, {
      cause,
      code: 'database-unreachable',
      details: `${(cause as Error).message}. Check DATABASE_URL and that the server is running, or unset DATABASE_URL to use the embedded database.`,
    });
  }
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', describe, close: () => db.destroy() };
}

async function openPglite(dataDir: string | undefined, schema: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  let pglite: PGlite;
  try {
    pglite = new PGlite({
      ...(dataDir ? { dataDir } : {}),
      parsers: { 20: (value: string) => BigInt(value) },
      // Full-page images in the WAL guard against pages torn by a power cut; PGlite runs with fsync off, which gives
      // that guarantee up anyway (a process crash loses nothing either way), so they cost ~15% of ledger write
      // throughput for nothing (`npm run bench -- ledger`, measured in alternating runs).
      // A new 16 MB WAL segment is zero-filled by default, write by write through the file system emulation, on the
      // one thread that also serves requests: a 25–70 ms stall every few thousand screenings, a screening's p99.
      // The zeros only reserve disk space ahead (the WAL's end is found by its records' checksums), so not writing
      // them loses nothing.
      startParams: [...PGlite.defaultStartParams, '-c', 'full_page_writes=off', '-c', 'wal_init_zero=off'],
    });
    await pglite.waitReady;
  } catch (cause) {
    throw new ConfigError(`The embedded database in ${dataDir ?? 'memory'} cannot be opened.`, {
      cause,
      code: 'database-corrupt',
      details: `${(cause as Error)?.message ?? cause}. The folder may be damaged or written by another version; restore it from a backup or move it aside to start afresh.`,
    });
  }
  if (schema) await pglite.exec(`create schema if not exists "${schema}"; set search_path to "${schema}"`);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: createPglitePool(pglite) }) });
  return {
    db,
    kind: 'pglite',
    describe: dataDir ? `pglite:${dataDir}` : 'pglite:memory',
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

export { sql };
