import { type Kysely, sql } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import type { RiskTransferDirection } from '../RiskTables.js';
import type { EurValuation } from '../screening/createEurValuation.js';

export type IngestChainTransfersParameters = {
  db: Kysely<Tables>;
  chainId: number;
  /** Tokens whose `<label>.Transfer` events become history, by the indexer's label; default USDC and EURC (6 decimals). */
  assets?: Record<string, { decimals: number }> | undefined;
  valuation: EurValuation;
  /** Block times, for the transfers' `at`; without it the time of ingestion is used. */
  blockTimestamps?: ((blockNumbers: bigint[]) => Promise<Map<bigint, Date>>) | undefined;
  /** Blocks re-read behind the cursor each time, so that a reorg the indexer undid is undone here too. */
  reorgDepth?: number | undefined;
};

export type IngestChainTransfersReturnType = {
  /** New `indexed` transfers. */
  ingested: number;
  /** Payouts and submitted transfers that found their on-chain transfer (hash filled in, no new row). */
  matched: number;
  /** Transfers of blocks a reorg removed. */
  undone: number;
  /** The indexer block ingestion reached. */
  toBlock: bigint | null;
};

const zeroAddress = '0x0000000000000000000000000000000000000000';
const pageSize = 2_000;

/**
 * Turns the chain indexer's ERC-20 `Transfer` events (`chain_events`, e.g. `USDC.Transfer` with args
 * `{ from, to, value }`) into risk history. An event that is the on-chain side of a payout or submitted transfer
 * already in the history (same chain, asset, parties and amount, no hash yet) fills in that row's hash instead of
 * adding a second row. Mints and burns (the zero address) are not transfers between parties and are skipped.
 * The direction and company come from the ledger's on-chain accounts. Safe to run again: events already ingested are
 * skipped, and those of blocks the indexer dropped after a reorg are undone.
 * @example await ingestChainTransfers({ db, chainId: 31337, valuation })
 */
export async function ingestChainTransfers(
  parameters: IngestChainTransfersParameters,
): Promise<IngestChainTransfersReturnType> {
  const { db, chainId, valuation } = parameters;
  const assets = parameters.assets ?? { USDC: { decimals: 6 }, EURC: { decimals: 6 } };
  const reorgDepth = BigInt(parameters.reorgDepth ?? 64);
  const eventNames = Object.keys(assets).map((label) => `${label}.Transfer`);
  if (eventNames.length === 0) return { ingested: 0, matched: 0, undone: 0, toBlock: null };

  const cursor = await db
    .selectFrom('risk_ingest_cursors')
    .select('block_number')
    .where('chain_id', '=', chainId)
    .executeTakeFirst();
  const head = await db
    .selectFrom('chain_indexer_blocks')
    .select((eb) => eb.fn.max('block_number').as('block_number'))
    .where('chain_id', '=', chainId)
    .executeTakeFirst();
  const toBlock = head?.block_number === null || head?.block_number === undefined ? null : BigInt(head.block_number);
  const fromBlock = cursor ? BigInt(cursor.block_number) - reorgDepth + 1n : 0n;
  const start = fromBlock < 0n ? 0n : fromBlock;

  // Undo what a reorg removed: indexed rows go, payouts lose the hash they were matched to.
  const vanished = sql<boolean>`not exists (select 1 from chain_events e where e.chain_id = risk_transfers.chain_id
    and e.tx_hash = risk_transfers.tx_hash and e.log_index = risk_transfers.log_index)`;
  const removed = await db
    .deleteFrom('risk_transfers')
    .where('chain_id', '=', chainId)
    .where('source', '=', 'indexed')
    .where('block_number', '>=', start)
    .where(vanished)
    .executeTakeFirst();
  const unmatched = await db
    .updateTable('risk_transfers')
    .set({ tx_hash: null, log_index: null, block_number: null })
    .where('chain_id', '=', chainId)
    .where('source', '!=', 'indexed')
    .where('block_number', '>=', start)
    .where(vanished)
    .executeTakeFirst();
  const undone = Number(removed.numDeletedRows) + Number(unmatched.numUpdatedRows);

  const ownRows = await db
    .selectFrom('ledger_accounts')
    .select(['company_id', 'address'])
    .where('chain_id', '=', BigInt(chainId))
    .where('address', 'is not', null)
    .execute();
  const companyOf = new Map(ownRows.map((row) => [row.address!.toLowerCase(), row.company_id]));

  let ingested = 0;
  let matched = 0;
  let after = { block: start - 1n, logIndex: 2_147_483_647 };
  for (;;) {
    const events = await db
      .selectFrom('chain_events')
      .select(['block_number', 'tx_hash', 'log_index', 'event_name', 'args'])
      .where('chain_id', '=', chainId)
      .where('event_name', 'in', eventNames)
      .where((eb) =>
        eb.or([
          eb('block_number', '>', after.block),
          eb.and([eb('block_number', '=', after.block), eb('log_index', '>', after.logIndex)]),
        ]),
      )
      .orderBy('block_number')
      .orderBy('log_index')
      .limit(pageSize)
      .execute();
    if (events.length === 0) break;
    const last = events.at(-1)!;
    after = { block: BigInt(last.block_number), logIndex: last.log_index };

    const known = new Set(
      (
        await db
          .selectFrom('risk_transfers')
          .select(['tx_hash', 'log_index'])
          .where('chain_id', '=', chainId)
          .where(
            'tx_hash',
            'in',
            events.map((event) => event.tx_hash),
          )
          .execute()
      ).map((row) => `${row.tx_hash}:${row.log_index}`),
    );
    const fresh = events.filter((event) => !known.has(`${event.tx_hash}:${event.log_index}`));
    const times = parameters.blockTimestamps
      ? await parameters.blockTimestamps([...new Set(fresh.map((event) => BigInt(event.block_number)))])
      : new Map<bigint, Date>();

    for (const event of fresh) {
      const args = (typeof event.args === 'string' ? JSON.parse(event.args) : event.args) as Record<string, unknown>;
      const from = String(args.from ?? '').toLowerCase();
      const to = String(args.to ?? '').toLowerCase();
      if (from === zeroAddress || to === zeroAddress || !from || !to) continue;
      const asset = event.event_name.slice(0, -'.Transfer'.length);
      const { decimals } = assets[asset]!;
      const amount = BigInt(String(args.value ?? '0'));
      const blockNumber = BigInt(event.block_number);
      const found = await db
        .updateTable('risk_transfers')
        .set({ tx_hash: event.tx_hash, log_index: event.log_index, block_number: blockNumber })
        .where(
          'id',
          '=',
          db
            .selectFrom('risk_transfers')
            .select('id')
            .where('chain_id', '=', chainId)
            .where('from_address', '=', from)
            .where('to_address', '=', to)
            .where('amount', '=', amount.toString())
            .where('asset', '=', asset)
            .where('tx_hash', 'is', null)
            .where('source', '!=', 'indexed')
            .orderBy('at')
            .limit(1),
        )
        .executeTakeFirst();
      if (Number(found.numUpdatedRows) > 0) {
        matched++;
        continue;
      }
      const fromCompany = companyOf.get(from);
      const toCompany = companyOf.get(to);
      const direction: RiskTransferDirection = fromCompany ? 'outgoing' : toCompany ? 'incoming' : 'external';
      await db
        .insertInto('risk_transfers')
        .values({
          company_id: fromCompany ?? toCompany ?? null,
          chain_id: chainId,
          asset,
          amount,
          decimals,
          fiat_value_eur_cents: await valuation.eurCents(asset, amount, decimals),
          from_address: from,
          to_address: to,
          direction,
          source: 'indexed',
          tx_hash: event.tx_hash,
          log_index: event.log_index,
          block_number: blockNumber,
          reference: null,
          at: times.get(blockNumber) ?? new Date(),
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
      ingested++;
    }
  }

  if (toBlock !== null)
    await db
      .insertInto('risk_ingest_cursors')
      .values({ chain_id: chainId, block_number: toBlock })
      .onConflict((oc) => oc.column('chain_id').doUpdateSet({ block_number: toBlock }))
      .execute();
  return { ingested, matched, undone, toBlock };
}
