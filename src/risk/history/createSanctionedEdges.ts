import type { Kysely } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { createPreparedQuery } from '../createPreparedQuery.js';
import type { RiskTransfer } from '../rules/RiskTransfer.js';
import { packedTransfers, unpackTransfers } from './packedTransfers.js';

// Transfers per sanctioned address read at most: enough to link every counterparty of a listed address.
const perAddress = 1_000;

const edgesQuery = createPreparedQuery<{ since: string; limit: number }, { transfers: string }>(
  'risk_sanctioned_edges',
  `with p as materialized (
    select (j->>'since')::timestamptz as since, (j->>'limit')::int as lim
    from (select $1::json as j) input
  )
  select ${packedTransfers} from (
    select t.* from p cross join (select distinct address from sanctioned_addresses) s cross join lateral (
      (select * from risk_transfers where from_address = s.address and at >= p.since order by at desc limit p.lim)
      union all
      (select * from risk_transfers where to_address = s.address and at >= p.since order by at desc limit p.lim)
    ) t
  ) t`,
);

/**
 * The transfers of the history that touch a sanctioned address: with them a screening sees a sanctioned address two
 * hops away (its party's counterparty dealt with one) without reading the transfers of every counterparty. They
 * change only when such a transfer is stored or a list is loaded, so they are kept for `maxAgeMs` (5 s) and read
 * again at once when this process stores one (`invalidate`); another process's are seen within `maxAgeMs`.
 */
export function createSanctionedEdges({ db, maxAgeMs = 5_000 }: { db: Kysely<Tables>; maxAgeMs?: number }) {
  let cached: { since: number; at: number; transfers: RiskTransfer[] } | undefined;
  let reading: { generation: number; since: number; promise: Promise<RiskTransfer[]> } | undefined;
  let generation = 0;

  return {
    /** The transfers touching a sanctioned address at or after `since`. */
    async get(since: Date): Promise<RiskTransfer[]> {
      const fresh = cached && Date.now() - cached.at < maxAgeMs && cached.since <= since.getTime();
      if (fresh) return cached!.transfers.filter((t) => t.at >= since);
      // A read started before the last invalidation may miss what caused it: such a read is not reused.
      if (!reading || reading.generation !== generation || reading.since > since.getTime()) {
        const started = generation;
        // Read a day further back than asked, so that the next minutes' screenings are served by this read.
        const from = since.getTime() - 86_400_000;
        const promise = edgesQuery
          .execute(db, { since: new Date(from).toISOString(), limit: perAddress })
          .then((rows) => {
            const transfers = unpackTransfers(rows[0]?.transfers);
            if (started === generation) cached = { since: from, at: Date.now(), transfers };
            return transfers;
          })
          .finally(() => {
            if (reading?.promise === promise) reading = undefined;
          });
        reading = { generation: started, since: from, promise };
      }
      return (await reading.promise).filter((t) => t.at >= since);
    },

    /** Forgets the cached transfers (one touching a sanctioned address was stored, or a list was loaded). */
    invalidate() {
      generation++;
      cached = undefined;
    },
  };
}

export type SanctionedEdges = ReturnType<typeof createSanctionedEdges>;
