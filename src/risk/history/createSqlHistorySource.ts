import type { Kysely } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { createPreparedQuery } from '../createPreparedQuery.js';
import type { HistorySource, HistoryWindow } from './HistorySource.js';
import { packedTransfers, unpackTransfers } from './packedTransfers.js';

type WindowInput = { since: string; until: string; limit: number };

/** Both parties' most recent transfers each way, and each pair's first transfer (did they ever meet?). */
const partiesQuery = createPreparedQuery<
  WindowInput & { addresses: string[]; pairFrom: string[]; pairTo: string[] },
  { transfers: string }
>(
  'risk_history_parties',
  `with p as materialized (
    select (j->>'since')::timestamptz as since, (j->>'until')::timestamptz as until, (j->>'limit')::int as lim,
      array(select json_array_elements_text(j->'addresses')) as addresses,
      array(select json_array_elements_text(j->'pairFrom')) as pair_from,
      array(select json_array_elements_text(j->'pairTo')) as pair_to
    from (select $1::json as j) input
  )
  select ${packedTransfers} from (
    select t.* from p cross join unnest(p.addresses) as party(address) cross join lateral (
      (select * from risk_transfers where from_address = party.address and at >= p.since and at <= p.until
        order by at desc limit p.lim)
      union all
      (select * from risk_transfers where to_address = party.address and at >= p.since and at <= p.until
        order by at desc limit p.lim)
    ) t
    union all
    select t.* from p cross join unnest(p.pair_from, p.pair_to) as pair(a, b) cross join lateral (
      select * from risk_transfers where from_address = pair.a and to_address = pair.b and at <= p.until
      order by at limit 1
    ) t
  ) t`,
);

/**
 * The recent transfers of a ring of addresses further out. For the last ring of a walk (`keep` given) only those
 * that lead somewhere the walk can use: to an address already in view (closing a round trip) or to a sanctioned one
 * (exposure), filtered in the database so that a busy neighbourhood does not send thousands of rows.
 */
const ringQuery = createPreparedQuery<
  WindowInput & { addresses: string[]; keep: string[] | null },
  { transfers: string }
>(
  'risk_history_ring',
  `with p as materialized (
    select (j->>'since')::timestamptz as since, (j->>'until')::timestamptz as until, (j->>'limit')::int as lim,
      array(select json_array_elements_text(j->'addresses')) as addresses,
      case when json_typeof(j->'keep') = 'array' then array(select json_array_elements_text(j->'keep')) end as keep
    from (select $1::json as j) input
  )
  select ${packedTransfers} from (
    select t.* from p cross join unnest(p.addresses) as ring(address) cross join lateral (
      (select * from risk_transfers where from_address = ring.address and at >= p.since and at <= p.until
        and (p.keep is null or to_address = any(p.keep)
          or exists (select 1 from sanctioned_addresses s where s.address = to_address))
        order by at desc limit p.lim)
      union all
      (select * from risk_transfers where to_address = ring.address and at >= p.since and at <= p.until
        and (p.keep is null or from_address = any(p.keep)
          or exists (select 1 from sanctioned_addresses s where s.address = from_address))
        order by at desc limit p.lim)
    ) t
  ) t`,
);

/**
 * The screening history read from the database each time, one prepared statement per read: always current, for
 * every process, at a round trip and the decoding of every row per read.
 */
export function createSqlHistorySource(db: Kysely<Tables>): HistorySource {
  const windowInput = ({ since, until, limit }: HistoryWindow): WindowInput => ({
    since: since.toISOString(),
    until: until.toISOString(),
    limit,
  });
  return {
    async parties(window, addresses, pairs) {
      const rows = await partiesQuery.execute(db, {
        ...windowInput(window),
        addresses: [...addresses],
        pairFrom: pairs.map(([from]) => from),
        pairTo: pairs.map(([, to]) => to),
      });
      return unpackTransfers(rows[0]?.transfers);
    },
    async ring(window, addresses, keep) {
      const rows = await ringQuery.execute(db, {
        ...windowInput(window),
        addresses: [...addresses],
        keep: keep === null ? null : [...keep],
      });
      return unpackTransfers(rows[0]?.transfers);
    },
  };
}
