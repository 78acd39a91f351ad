import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Tables } from '../db/Tables.js';

export type PreparedQuery<Input, Row> = {
  /** Runs the statement with `input` on `executor` (a transaction, or the database: then on one of its connections). */
  execute(executor: Kysely<Tables>, input: Input): Promise<Row[]>;
};

/**
 * A statement of the screening hot path, prepared once per database session and run with its plan cached.
 *
 * Embedded PGlite plans a statement in WebAssembly, which costs milliseconds for a query with a few lateral joins —
 * ten times what executing it costs. The statement is prepared with one parameter, `$1`, the input as JSON text,
 * which the body reads (`$1::json`); each run is then one short `execute name('…')` in the simple-query protocol
 * (PGlite answers a statement with rows in about a quarter of a millisecond of fixed cost, and the extended protocol
 * takes six exchanges). On a Postgres server it saves the planning too. The statement's name carries a hash of its
 * text, so a changed statement is prepared afresh.
 * @example const recent = createPreparedQuery<{ address: string }, { id: string }>('recent', "select id from t where a = $1::json->>'address'")
 */
export function createPreparedQuery<Input, Row>(name: string, body: string): PreparedQuery<Input, Row> {
  const statement = `tandem_${name}_${createHash('sha256').update(body).digest('hex').slice(0, 12)}`;
  if (!/^[a-z_]+$/.test(name)) throw new Error(`prepared query names are lower-case words, not ${name}`);

  async function run(connection: Kysely<Tables>, input: Input, inTransaction: boolean): Promise<Row[]> {
    const call = `execute ${statement}(${literal(JSON.stringify(input))})`;
    // Inside a transaction a failed EXECUTE would abort it, so it is tried under a savepoint there.
    if (inTransaction) await sql.raw('savepoint tandem_prepared').execute(connection);
    try {
      const { rows } = await sql.raw<Row>(call).execute(connection);
      if (inTransaction) await sql.raw('release savepoint tandem_prepared').execute(connection);
      return rows;
    } catch (error) {
      if ((error as { code?: unknown }).code !== '26000') throw error;
      if (inTransaction) await sql.raw('rollback to savepoint tandem_prepared').execute(connection);
      await sql.raw(`prepare ${statement} (text) as ${body}`).execute(connection);
      return (await sql.raw<Row>(call).execute(connection)).rows;
    }
  }

  return {
    execute(executor, input) {
      if (executor.isTransaction) return run(executor, input, true);
      return executor.connection().execute((connection) => run(connection, input, false));
    },
  };
}

/**
 * A string as a Postgres literal: the E'' form with backslashes and quotes doubled reads the same whatever
 * `standard_conforming_strings` is, so the value can never end the literal. NUL cannot occur in JSON text.
 */
function literal(text: string): string {
  return `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}
