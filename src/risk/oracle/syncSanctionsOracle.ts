import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import { type Address, encodeFunctionData } from 'viem';
import { sanctionsOracleAbi } from '../../chain/contracts/generated/SanctionsOracle.js';
import type { OutboxRecord, TransactionSender } from '../../chain/sender/createTransactionSender.js';
import type { Tables } from '../../db/Tables.js';
import { NonRetryableError } from '../../errors/BaseError.js';
import type { SanctionsList } from '../sanctions/createSanctionsList.js';

export type SyncSanctionsOracleParameters = {
  db: Kysely<Tables>;
  sanctionsList: SanctionsList;
  sender: TransactionSender;
  /** The SanctionsOracle contract; the sender's account must hold its UPDATER_ROLE. */
  oracle: Address;
  /** Addresses per transaction (about 22k gas each: 100 → about 2.3M gas). */
  batchSize?: number | undefined;
  logger?: Logger | undefined;
};

export type OracleBatch = {
  kind: 'add' | 'remove';
  index: number;
  addresses: number;
  idempotencyKey: string;
  status: OutboxRecord['status'];
  txHash: string | null;
  gasUsed: string | null;
};

export type SyncSanctionsOracleReturnType = {
  /** `synced`: transactions were sent; `unchanged`: the oracle already mirrors the list; `no-list`: none loaded. */
  status: 'synced' | 'unchanged' | 'no-list';
  listVersion: string | null;
  oracle: Address;
  chainId: number;
  added: number;
  removed: number;
  batches: OracleBatch[];
  /** EVM addresses Tandem has on the oracle after the sync. */
  onOracle: number;
};

const defaultBatchSize = 100;

/**
 * Makes the on-chain sanctions oracle mirror the EVM addresses of the list in force. The difference with what Tandem
 * put on the oracle before (`sanctions_oracle_entries`) becomes a plan stored before anything is sent, cut in batches
 * of `batchSize`, each sent through the exactly-once sender under the key
 * `sanctions-oracle:<chain>:<oracle>:<list version>:<add|remove>:<batch>`. A sync interrupted at any point resumes its
 * stored plan (same batches, same keys: nothing is sent twice) before it looks at a newer list.
 * @example await syncSanctionsOracle({ db, sanctionsList, sender, oracle: contracts.sanctionsOracle.address })
 */
export async function syncSanctionsOracle(
  parameters: SyncSanctionsOracleParameters,
): Promise<SyncSanctionsOracleReturnType> {
  const { db, sanctionsList, sender, logger } = parameters;
  const chainId = sender.chainId;
  const oracle = parameters.oracle.toLowerCase() as Address;
  const batchSize = parameters.batchSize ?? defaultBatchSize;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1_000)
    throw new NonRetryableError(`batchSize must be from 1 to 1000, not ${batchSize}.`, { field: 'batchSize' });

  // First finish what an earlier run left half-done, oldest first.
  const pending = await db
    .selectFrom('sanctions_oracle_syncs')
    .selectAll()
    .where('chain_id', '=', chainId)
    .where('oracle_address', '=', oracle)
    .where('status', '=', 'pending')
    .orderBy('started_at')
    .execute();
  let lastRun: { listVersion: string; added: number; removed: number; batches: OracleBatch[] } | undefined;
  for (const plan of pending) {
    logger?.info({ listVersion: plan.list_version }, 'resuming an unfinished sanctions oracle sync');
    lastRun = await executePlan(plan.list_version, plan.additions, plan.removals, plan.batch_size);
  }

  const version = await sanctionsList.currentVersion();
  if (!version)
    return { status: 'no-list', listVersion: null, oracle, chainId, added: 0, removed: 0, batches: [], onOracle: 0 };

  const done = await db
    .selectFrom('sanctions_oracle_syncs')
    .select('status')
    .where('chain_id', '=', chainId)
    .where('oracle_address', '=', oracle)
    .where('list_version', '=', version.id)
    .executeTakeFirst();
  if (done?.status === 'done') {
    const onOracle = await countOnOracle();
    if (lastRun?.listVersion === version.id) return { status: 'synced', ...lastRun, oracle, chainId, onOracle };
    return {
      status: 'unchanged',
      listVersion: version.id,
      oracle,
      chainId,
      added: 0,
      removed: 0,
      batches: [],
      onOracle,
    };
  }

  const desired = new Set<string>(await sanctionsList.evmAddresses());
  const current = new Set(
    (
      await db
        .selectFrom('sanctions_oracle_entries')
        .select('address')
        .where('chain_id', '=', chainId)
        .where('oracle_address', '=', oracle)
        .execute()
    ).map((row) => row.address),
  );
  const additions = [...desired].filter((address) => !current.has(address)).sort();
  const removals = [...current].filter((address) => !desired.has(address)).sort();
  // The plan is stored before any transaction is signed; a concurrent sync that stored it first wins, and its plan
  // is the one executed.
  await db
    .insertInto('sanctions_oracle_syncs')
    .values({
      chain_id: chainId,
      oracle_address: oracle,
      list_version: version.id,
      additions: JSON.stringify(additions),
      removals: JSON.stringify(removals),
      batch_size: batchSize,
      status: 'pending',
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const plan = await db
    .selectFrom('sanctions_oracle_syncs')
    .selectAll()
    .where('chain_id', '=', chainId)
    .where('oracle_address', '=', oracle)
    .where('list_version', '=', version.id)
    .executeTakeFirstOrThrow();
  if (plan.status === 'done')
    return {
      status: 'unchanged',
      listVersion: version.id,
      oracle,
      chainId,
      added: 0,
      removed: 0,
      batches: [],
      onOracle: await countOnOracle(),
    };
  const run = await executePlan(plan.list_version, plan.additions, plan.removals, plan.batch_size);
  const status = run.batches.length === 0 ? 'unchanged' : 'synced';
  return { status, ...run, oracle, chainId, onOracle: await countOnOracle() };

  async function countOnOracle(): Promise<number> {
    const row = await db
      .selectFrom('sanctions_oracle_entries')
      .select(sql<string>`count(*)`.as('count'))
      .where('chain_id', '=', chainId)
      .where('oracle_address', '=', oracle)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async function executePlan(listVersion: string, additions: string[], removals: string[], size: number) {
    const batches: { kind: 'add' | 'remove'; index: number; addresses: string[] }[] = [];
    for (const [kind, list] of [
      ['add', additions],
      ['remove', removals],
    ] as const)
      for (let i = 0; i < list.length; i += size)
        batches.push({ kind, index: i / size, addresses: list.slice(i, i + size) });

    const intents = [];
    for (const batch of batches) {
      const base = `sanctions-oracle:${chainId}:${oracle}:${listVersion}:${batch.kind}:${batch.index}`;
      intents.push({
        idempotencyKey: await usableKey(base),
        to: oracle,
        data: encodeFunctionData({
          abi: sanctionsOracleAbi,
          functionName: batch.kind === 'add' ? 'addToSanctionsList' : 'removeFromSanctionsList',
          args: [batch.addresses as Address[]],
        }),
        purpose: `sanctions-oracle.${batch.kind}`,
        metadata: { listVersion, batch: batch.index, addresses: batch.addresses.length },
      });
    }
    const records = intents.length ? await sender.sendMany(intents) : [];
    const results: OracleBatch[] = batches.map((batch, i) => ({
      kind: batch.kind,
      index: batch.index,
      addresses: batch.addresses.length,
      idempotencyKey: records[i]!.idempotencyKey,
      status: records[i]!.status,
      txHash: records[i]!.txHash,
      gasUsed: records[i]!.gasUsed === null ? null : records[i]!.gasUsed!.toString(),
    }));
    const failed = results.filter((batch) => batch.status !== 'confirmed');
    if (failed.length)
      throw new NonRetryableError(
        `${failed.length} of ${results.length} sanctions oracle transactions did not confirm; the oracle is not in sync with list ${listVersion}.`,
        {
          code: 'sanctions-oracle-sync-failed',
          details: failed
            .map((batch) => `${batch.idempotencyKey}: ${batch.status}${batch.txHash ? ` (${batch.txHash})` : ''}`)
            .join('; '),
        },
      );

    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < additions.length; i += 500)
        await trx
          .insertInto('sanctions_oracle_entries')
          .values(
            additions.slice(i, i + 500).map((address) => ({
              chain_id: chainId,
              oracle_address: oracle,
              address,
              list_version: listVersion,
            })),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
      for (let i = 0; i < removals.length; i += 500)
        await trx
          .deleteFrom('sanctions_oracle_entries')
          .where('chain_id', '=', chainId)
          .where('oracle_address', '=', oracle)
          .where('address', 'in', removals.slice(i, i + 500))
          .execute();
      await trx
        .updateTable('sanctions_oracle_syncs')
        .set({ status: 'done', finished_at: new Date(), transactions: JSON.stringify(results) })
        .where('chain_id', '=', chainId)
        .where('oracle_address', '=', oracle)
        .where('list_version', '=', listVersion)
        .execute();
    });
    logger?.info(
      { listVersion, added: additions.length, removed: removals.length, transactions: results.length },
      'sanctions oracle in sync',
    );
    return { listVersion, added: additions.length, removed: removals.length, batches: results };
  }

  /**
   * The batch's key, or — when the transaction under it failed or reverted (e.g. the updater role was missing) — the
   * next retry key, so that a later sync sends the batch again instead of finding the failure forever.
   */
  async function usableKey(base: string): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const key = attempt === 0 ? base : `${base}:retry-${attempt}`;
      const record = await sender.get(key);
      if (!record || (record.status !== 'failed' && record.status !== 'reverted')) return key;
    }
  }
}
