import type { Insertable, Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type Abi, type Address, type Hex, type PublicClient, parseEventLogs } from 'viem';
import type { Tables } from '../../db/Tables.js';
import type { ChainEventsTable } from '../ChainTables.js';

export type WatchedContract = { address: Address; abi: Abi; label: string };

export type CreateChainIndexerParameters = {
  db: Kysely<Tables>;
  publicClient: PublicClient;
  chainId: number;
  /** Tokens and Tandem contracts whose events are kept. */
  contracts: () => WatchedContract[];
  /** First block to look at when nothing was indexed yet. */
  fromBlock?: bigint | undefined;
  /** Blocks to stay behind the head (0 on the embedded chain, a few on a real network). */
  confirmations?: number | undefined;
  /** Blocks per eth_getLogs request. */
  batchSize?: number | undefined;
  logger?: Logger | undefined;
};

export type IndexedEvent = {
  chainId: number;
  blockNumber: bigint;
  txHash: Hex;
  logIndex: number;
  address: Address;
  eventName: string;
  args: Record<string, unknown>;
};

/**
 * Follows the chain and stores the events Tandem cares about. Each sync records the hash of the block it stopped
 * at (and of every block with events); when a recorded hash no longer matches the chain, the blocks after the last
 * matching one are dropped and indexed again — that is how a reorg on a real network is undone.
 */
export function createChainIndexer(parameters: CreateChainIndexerParameters) {
  const { db, publicClient, chainId, logger } = parameters;
  const confirmations = BigInt(parameters.confirmations ?? 0);
  const batchSize = BigInt(parameters.batchSize ?? 2_000);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  async function lastIndexed(): Promise<{ number: bigint; hash: string } | undefined> {
    const row = await db
      .selectFrom('chain_indexer_blocks')
      .select(['block_number', 'block_hash'])
      .where('chain_id', '=', chainId)
      .orderBy('block_number', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { number: BigInt(row.block_number), hash: row.block_hash } : undefined;
  }

  /** Walks back over recorded blocks until one still matches the chain; drops everything above it. */
  async function undoReorg(): Promise<bigint | undefined> {
    const recorded = await db
      .selectFrom('chain_indexer_blocks')
      .select(['block_number', 'block_hash'])
      .where('chain_id', '=', chainId)
      .orderBy('block_number', 'desc')
      .execute();
    for (const block of recorded) {
      const onChain = await publicClient.getBlock({ blockNumber: BigInt(block.block_number) }).catch(() => undefined);
      if (onChain?.hash === block.block_hash) {
        await dropAbove(BigInt(block.block_number));
        return BigInt(block.block_number);
      }
    }
    await dropAbove(-1n);
    return undefined;
  }

  async function dropAbove(blockNumber: bigint) {
    await db.transaction().execute(async (trx) => {
      await trx
        .deleteFrom('chain_events')
        .where('chain_id', '=', chainId)
        .where('block_number', '>', blockNumber)
        .execute();
      await trx
        .deleteFrom('chain_indexer_blocks')
        .where('chain_id', '=', chainId)
        .where('block_number', '>', blockNumber)
        .execute();
    });
  }

  async function syncOnce(): Promise<{ from: bigint; to: bigint; events: number; reorged: boolean }> {
    const head = await publicClient.getBlockNumber({ cacheTime: 0 });
    const target = head - confirmations;
    let last = await lastIndexed();
    let reorged = false;
    if (last) {
      const onChain = await publicClient.getBlock({ blockNumber: last.number }).catch(() => undefined);
      if (onChain?.hash !== last.hash) {
        reorged = true;
        const kept = await undoReorg();
        logger?.warn({ chainId, at: last.number, keptUpTo: kept }, 'chain reorganised; re-indexing');
        last = kept === undefined ? undefined : { number: kept, hash: '' };
      }
    }
    const start = last ? last.number + 1n : (parameters.fromBlock ?? 0n);
    let events = 0;
    const contracts = parameters.contracts();
    for (let from = start; from <= target; from += batchSize) {
      const to = from + batchSize - 1n > target ? target : from + batchSize - 1n;
      const logs = contracts.length
        ? await publicClient.getLogs({ address: contracts.map((c) => c.address), fromBlock: from, toBlock: to })
        : [];
      const rows: Insertable<ChainEventsTable>[] = [];
      const blocks = new Map<bigint, { hash: string; parent: string }>();
      for (const contract of contracts) {
        const own = logs.filter((log) => log.address.toLowerCase() === contract.address.toLowerCase());
        for (const log of parseEventLogs({ abi: contract.abi, logs: own, strict: false })) {
          rows.push({
            chain_id: chainId,
            block_number: log.blockNumber,
            block_hash: log.blockHash,
            tx_hash: log.transactionHash,
            log_index: log.logIndex,
            address: log.address.toLowerCase(),
            event_name: `${contract.label}.${log.eventName}`,
            args: JSON.stringify(log.args ?? {}, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
          });
          blocks.set(log.blockNumber, { hash: log.blockHash, parent: '' });
        }
      }
      const tip = await publicClient.getBlock({ blockNumber: to });
      blocks.set(to, { hash: tip.hash, parent: tip.parentHash });
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += 500)
          await trx
            .insertInto('chain_events')
            .values(rows.slice(i, i + 500))
            .onConflict((oc) => oc.doNothing())
            .execute();
        await trx
          .insertInto('chain_indexer_blocks')
          .values(
            [...blocks].map(([number, block]) => ({
              chain_id: chainId,
              block_number: number,
              block_hash: block.hash,
              parent_hash: block.parent,
            })),
          )
          .onConflict((oc) =>
            oc
              .columns(['chain_id', 'block_number'])
              .doUpdateSet((eb) => ({ block_hash: eb.ref('excluded.block_hash') })),
          )
          .execute();
      });
      events += rows.length;
    }
    return { from: start, to: target, events, reorged };
  }

  return {
    /** Indexes everything up to the head (minus confirmations) now. Concurrent calls share one run. */
    sync() {
      running ??= syncOnce().finally(() => {
        running = undefined;
      });
      return running as ReturnType<typeof syncOnce>;
    },
    /** Follows the chain every `intervalMs`. */
    start(intervalMs = 1_000) {
      const tick = () => {
        this.sync()
          .catch((err) => logger?.warn({ err }, 'indexer sync failed; will retry'))
          .finally(() => {
            if (timer) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, 0);
    },
    async stop() {
      const current = timer;
      timer = undefined;
      if (current) clearTimeout(current);
      await running?.catch(() => {});
    },
    async events(
      filter: { address?: Address; eventName?: string; fromBlock?: bigint; limit?: number } = {},
    ): Promise<IndexedEvent[]> {
      let query = db
        .selectFrom('chain_events')
        .selectAll()
        .where('chain_id', '=', chainId)
        .orderBy('block_number')
        .orderBy('log_index')
        .limit(filter.limit ?? 1_000);
      if (filter.address) query = query.where('address', '=', filter.address.toLowerCase());
      if (filter.eventName) query = query.where('event_name', '=', filter.eventName);
      if (filter.fromBlock !== undefined) query = query.where('block_number', '>=', filter.fromBlock);
      return (await query.execute()).map((row) => ({
        chainId: row.chain_id,
        blockNumber: BigInt(row.block_number),
        txHash: row.tx_hash as Hex,
        logIndex: row.log_index,
        address: row.address as Address,
        eventName: row.event_name,
        args: (typeof row.args === 'string' ? JSON.parse(row.args) : row.args) as Record<string, unknown>,
      }));
    },
  };
}

export type ChainIndexer = ReturnType<typeof createChainIndexer>;
