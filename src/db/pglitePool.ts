import type { PGlite, Results } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * Presents one PGlite instance as the small part of pg's `Pool` that Kysely's PostgresDialect uses, so both
 * database kinds share one dialect and one SQL. PGlite has a single session, so a client is lent to one user at a
 * time: a transaction holds it from BEGIN to COMMIT and every other query waits its turn.
 */
export function createPglitePool(pglite: PGlite): PostgresPool {
  let queue: Promise<void> = Promise.resolve();

  return {
    async connect(): Promise<PostgresPoolClient> {
      let release!: () => void;
      const previous = queue;
      queue = new Promise<void>((resolve) => {
        release = resolve;
      });
      await previous;
      let released = false;
      const client = {
        async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
          // Without parameters, use the simple-query protocol as pg does: one exchange with the engine instead of
          // six (parse, describe, bind, describe, execute, sync), about twice as fast for short statements.
          const result: Results<R> =
            parameters.length === 0
              ? (((await pglite.exec(sql)).at(-1) as Results<R> | undefined) ?? {
                  rows: [],
                  fields: [],
                  affectedRows: 0,
                })
              : await pglite.query<R>(sql, parameters as unknown[]);
          const command = sql.trimStart().slice(0, 6).toUpperCase();
          return {
            command: command as PostgresQueryResult<R>['command'],
            rowCount: result.affectedRows ?? result.rows.length,
            rows: result.rows,
          };
        },
        release() {
          if (released) return;
          released = true;
          release();
        },
      };
      return client as PostgresPoolClient;
    },
    async end() {
      await queue;
    },
  };
}
