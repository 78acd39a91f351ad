import { randomUUID } from 'node:crypto';
import { type Insertable, type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import {
  type Address,
  type Hex,
  keccak256,
  type LocalAccount,
  type PublicClient,
  type TransactionReceipt,
  type TransactionSerializableEIP1559,
} from 'viem';
import type { Tables } from '../../db/Tables.js';
import { ConfigError, ConflictError, RetryableError } from '../../errors/BaseError.js';
import type { ChainOutboxTable, OutboxStatus } from '../ChainTables.js';
import { classifyChainError } from './classifyChainError.js';
import type { TransactionSigner } from './createSigningWorker.js';

export type TransactionIntent = {
  /** Same key, same transaction: asking twice never sends twice. */
  idempotencyKey: string;
  to: Address;
  data?: Hex | undefined;
  value?: bigint | undefined;
  /** What it is for, e.g. `payroll.batch`; kept with the record. */
  purpose: string;
  metadata?: Record<string, unknown> | undefined;
  /** Skip estimation (the caller knows the gas). */
  gas?: bigint | undefined;
};

export type OutboxRecord = {
  id: string;
  idempotencyKey: string;
  chainId: number;
  from: Address;
  to: Address | null;
  data: Hex;
  value: bigint;
  purpose: string;
  metadata: Record<string, unknown>;
  status: OutboxStatus;
  nonce: bigint | null;
  txHash: Hex | null;
  blockNumber: bigint | null;
  gasUsed: bigint | null;
  error: string | null;
};

/** What a chain answered for one broadcast transaction: its hash (and receipt, when it already has one), or why not. */
export type BroadcastOutcome =
  | { hash: Hex; receipt?: BroadcastReceipt | undefined }
  | { error: Error & { code?: unknown; data?: unknown } };
export type BroadcastReceipt = { status: 'success' | 'reverted'; blockNumber: bigint; gasUsed: bigint };
/** Broadcasts signed transactions in order in one request, e.g. the embedded chain's `sendRawTransactions`. */
export type BroadcastBatch = (serializedTransactions: readonly Hex[]) => Promise<BroadcastOutcome[]>;

export type CreateTransactionSenderParameters = {
  db: Kysely<Tables>;
  publicClient: PublicClient;
  account: LocalAccount;
  chainId: number;
  logger?: Logger | undefined;
  /** Retries of a retryable failure before the record is left `signed` for the next resume. */
  maxRetries?: number | undefined;
  retryDelayMs?: number | undefined;
  /**
   * Broadcasts a whole batch in one request (the embedded chain: one journal sync and no receipt polling for all of
   * them). Absent, as for any other network: each transaction is broadcast by `eth_sendRawTransaction`, in order.
   */
  broadcastBatch?: BroadcastBatch | undefined;
  /** Signs instead of `account` (same address), e.g. `createSigningWorker(key)` to sign on another thread. */
  signer?: TransactionSigner | undefined;
};

// Rows per SQL statement: well under Postgres' 65,535 bind parameters for the widest table.
const chunkSize = 500;
// Transactions per batch broadcast.
const broadcastChunkSize = 1_000;
// Intents `sendMany` signs and stores in one go, while the chunk before is being delivered.
const pipelineChunkSize = 200;
// Requests to the node in flight at once when reading receipts or estimating gas.
const concurrentReads = 8;

/**
 * Sends Tandem's transactions exactly once. Each transaction is signed and stored in the outbox (with its hash and
 * nonce) before it is broadcast; after a crash, `resume` reads every unfinished one's receipt by hash and only
 * re-broadcasts the identical signed bytes — the nonce makes a double execution impossible.
 * @example const record = await sender.send({ idempotencyKey: 'payrun:7:batch:0', to: vault, data, purpose: 'payroll.batch' })
 */
export function createTransactionSender(parameters: CreateTransactionSenderParameters) {
  const { db, publicClient, account, chainId, logger, broadcastBatch } = parameters;
  const maxRetries = parameters.maxRetries ?? 5;
  const retryDelayMs = parameters.retryDelayMs ?? 250;
  const from = account.address;
  if (parameters.signer && parameters.signer.address.toLowerCase() !== from.toLowerCase())
    throw new ConfigError(`The sender's signer signs as ${parameters.signer.address}, not as ${from}.`, {
      field: 'signer',
    });
  const signTransactions = async (transactions: readonly TransactionSerializableEIP1559[]): Promise<Hex[]> => {
    if (parameters.signer) return parameters.signer.signTransactions(transactions);
    const signed: Hex[] = [];
    for (const transaction of transactions) {
      signed.push(await account.signTransaction!(transaction));
      // Signing is all CPU and its awaits are microtasks: let I/O through now and then (receipts, journal syncs of
      // the chunk being delivered meanwhile), or the whole chunk's signing would stall the delivery of the one before.
      if (signed.length % 8 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    return signed;
  };
  let nextNonce: bigint | undefined;
  let fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint; at: number } | undefined;
  // Nonce order must equal signing order, so signing is one at a time per sender; waiting for receipts is not.
  let signingQueue: Promise<unknown> = Promise.resolve();
  // Signed bytes of the records this process signed and has not broadcast yet, by record id: such a record cannot be
  // on chain, so its first broadcast skips the receipt lookup, and its bytes need not be read back from the outbox.
  const unbroadcast = new Map<string, Hex>();

  async function loadNonce(): Promise<bigint> {
    if (nextNonce !== undefined) return nextNonce;
    const [onChain, stored] = await Promise.all([
      publicClient.getTransactionCount({ address: from, blockTag: 'pending' }),
      db
        .selectFrom('chain_outbox')
        .select((eb) => eb.fn.max('nonce').as('nonce'))
        .where('chain_id', '=', chainId)
        .where('from_address', '=', from.toLowerCase())
        .where('status', 'in', ['signed', 'sent', 'confirmed', 'reverted'])
        .executeTakeFirst(),
    ]);
    const afterStored = stored?.nonce !== null && stored?.nonce !== undefined ? BigInt(stored.nonce) + 1n : 0n;
    nextNonce = BigInt(onChain) > afterStored ? BigInt(onChain) : afterStored;
    return nextNonce;
  }

  async function currentFees() {
    // Fees are re-read at most every 2 s: per-transaction reads would double the round trips of a batch.
    if (fees && Date.now() - fees.at < 2_000) return fees;
    const estimated = await publicClient.estimateFeesPerGas();
    fees = {
      maxFeePerGas: estimated.maxFeePerGas,
      maxPriorityFeePerGas: estimated.maxPriorityFeePerGas,
      at: Date.now(),
    };
    return fees;
  }

  async function existing(idempotencyKey: string): Promise<OutboxRecord | undefined> {
    return (await existingMany([idempotencyKey])).get(idempotencyKey);
  }

  async function existingMany(keys: string[]): Promise<Map<string, OutboxRecord>> {
    const found = new Map<string, OutboxRecord>();
    for (let i = 0; i < keys.length; i += chunkSize) {
      const rows = await db
        .selectFrom('chain_outbox')
        .selectAll()
        .where('chain_id', '=', chainId)
        .where('idempotency_key', 'in', keys.slice(i, i + chunkSize))
        .execute();
      for (const row of rows) found.set(row.idempotency_key, toRecord(row));
    }
    return found;
  }

  /** Gas for an intent, or the reason it cannot be sent (a revert foreseen by estimation). */
  async function gasFor(intent: TransactionIntent): Promise<bigint | string> {
    if (intent.gas !== undefined) return intent.gas;
    try {
      const estimate = await publicClient.estimateGas({
        account: from,
        to: intent.to,
        data: intent.data ?? '0x',
        value: intent.value ?? 0n,
      });
      return (estimate * 12n) / 10n;
    } catch (cause) {
      if (classifyChainError(cause) === 'retryable')
        throw new RetryableError('Gas estimation failed; the node did not answer.', { cause });
      return `gas estimation failed: ${(cause as Error).message.split('\n')[0]}`;
    }
  }

  /**
   * Estimates, signs and stores intents, in order; returns the stored records (status `signed`, or `failed` when
   * estimation foresaw a revert). Intents whose key is already stored return the stored record.
   */
  async function signAndStoreMany(intents: TransactionIntent[]): Promise<OutboxRecord[]> {
    return signAndStore(intents, await estimateMany(intents));
  }

  /** The first half of storing intents: which keys are new, and the gas of each new one (a few estimates at a time). */
  async function estimateMany(intents: TransactionIntent[]): Promise<Estimated> {
    const known = await existingMany(intents.map((intent) => intent.idempotencyKey));
    const fresh = intents.filter((intent) => !known.has(intent.idempotencyKey));
    if (new Set(fresh.map((i) => i.idempotencyKey)).size !== fresh.length)
      throw new ConflictError('The same idempotency key appears twice in one batch.', { field: 'idempotencyKey' });
    const gases: (bigint | string)[] = [];
    let next = 0;
    const estimator = async () => {
      while (next < fresh.length) {
        const index = next++;
        gases[index] = await gasFor(fresh[index]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrentReads, fresh.length) }, estimator));
    return { known, fresh, gases };
  }

  /** The second half: signs the new intents with the next nonces and stores them in one database transaction. */
  async function signAndStore(intents: TransactionIntent[], { known, fresh, gases }: Estimated) {
    const { maxFeePerGas, maxPriorityFeePerGas } = fresh.length
      ? await currentFees()
      : { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n };

    const stored = signingQueue.then(async () => {
      let nonce = await loadNonce();
      const rows: Insertable<ChainOutboxTable>[] = [];
      const unsigned: { row: Insertable<ChainOutboxTable>; transaction: TransactionSerializableEIP1559 }[] = [];
      for (const [index, intent] of fresh.entries()) {
        const gas = gases[index]!;
        const base = {
          id: randomUUID(),
          idempotency_key: intent.idempotencyKey,
          chain_id: chainId,
          from_address: from.toLowerCase(),
          to_address: intent.to.toLowerCase(),
          data: intent.data ?? '0x',
          value: intent.value ?? 0n,
          purpose: intent.purpose,
          metadata: JSON.stringify(intent.metadata ?? {}),
          block_number: null,
          gas_used: null,
        };
        if (typeof gas === 'string') {
          rows.push({
            ...base,
            status: 'failed',
            nonce: null,
            gas_limit: null,
            max_fee_per_gas: null,
            max_priority_fee_per_gas: null,
            signed_raw: null,
            tx_hash: null,
            error: gas,
          });
          continue;
        }
        const row: Insertable<ChainOutboxTable> = {
          ...base,
          status: 'signed',
          nonce,
          gas_limit: gas,
          max_fee_per_gas: maxFeePerGas,
          max_priority_fee_per_gas: maxPriorityFeePerGas,
          signed_raw: null,
          tx_hash: null,
          error: null,
        };
        rows.push(row);
        unsigned.push({
          row,
          transaction: {
            chainId,
            type: 'eip1559',
            to: intent.to,
            data: base.data as Hex,
            value: base.value,
            gas,
            nonce: Number(nonce),
            maxFeePerGas,
            maxPriorityFeePerGas,
          },
        });
        nonce += 1n;
      }
      const signed = await signTransactions(unsigned.map((u) => u.transaction));
      const signedRaw = new Map<string, Hex>();
      for (const [index, { row }] of unsigned.entries()) {
        const raw = signed[index]!;
        row.signed_raw = raw;
        row.tx_hash = keccak256(raw);
        signedRaw.set(row.id, raw);
      }
      // One transaction for the whole batch: either every signed transaction is on record or none is (and then
      // none was broadcast, so the nonces are free again).
      const insert = async (trx: Kysely<Tables>) => {
        for (let i = 0; i < rows.length; i += chunkSize)
          await trx
            .insertInto('chain_outbox')
            .values(rows.slice(i, i + chunkSize))
            .execute();
      };
      if (rows.length <= chunkSize) await insert(db);
      else await db.transaction().execute(insert);
      const inserted = new Map(rows.map((row) => [row.idempotency_key, toRecord(row as OutboxRow)]));
      nextNonce = nonce;
      for (const record of inserted.values())
        if (record.status === 'signed') unbroadcast.set(record.id, signedRaw.get(record.id)!);
      return inserted;
    });
    signingQueue = stored.catch(() => {
      nextNonce = undefined;
    });
    const inserted = await stored;
    return intents.map((intent) => {
      const record = known.get(intent.idempotencyKey);
      return record ? checkSame(record, intent) : inserted.get(intent.idempotencyKey)!;
    });
  }

  /** Broadcasts signed records (again, if need be), waits for their receipts and settles them. */
  async function deliverMany(records: OutboxRecord[]): Promise<OutboxRecord[]> {
    const open = records.filter((r) => r.status === 'signed' || r.status === 'sent' || r.status === 'pending');
    if (open.length === 0) return records;
    const outcomes = new Map<string, Outcome>();
    let settled: Map<string, OutboxRecord>;
    try {
      const raws = await signedBytesOf(open);
      if (broadcastBatch) await deliverInBatches(open, raws, outcomes);
      else
        for (const record of open) {
          const mayBeOnChain = !unbroadcast.delete(record.id);
          outcomes.set(record.id, await deliverOne(record, raws.get(record.id)!, mayBeOnChain));
        }
    } finally {
      // What was delivered is stored even when the rest could not be (those stay open for `resume`).
      settled = await settle(open, outcomes);
      if ([...outcomes.values()].some((o) => 'failed' in o)) nextNonce = undefined;
    }
    return records.map((r) => settled.get(r.id) ?? r);
  }

  /** The signed bytes of each record: kept in memory since signing, or read back from the outbox. */
  async function signedBytesOf(records: OutboxRecord[]): Promise<Map<string, Hex>> {
    const raws = new Map<string, Hex>();
    const missing: string[] = [];
    for (const record of records) {
      const raw = unbroadcast.get(record.id);
      if (raw) raws.set(record.id, raw);
      else missing.push(record.id);
    }
    for (let i = 0; i < missing.length; i += chunkSize) {
      const rows = await db
        .selectFrom('chain_outbox')
        .select(['id', 'signed_raw'])
        .where('id', 'in', missing.slice(i, i + chunkSize))
        .execute();
      for (const row of rows) raws.set(row.id, row.signed_raw as Hex);
    }
    return raws;
  }

  /**
   * The batch path: one broadcast request per chunk, in nonce order. A transaction the chain did not take for a
   * reason that may pass (a nonce race, a lost connection) goes through `deliverOne`, receipt first.
   */
  async function deliverInBatches(open: OutboxRecord[], raws: Map<string, Hex>, outcomes: Map<string, Outcome>) {
    // Records signed by this process and never broadcast cannot be on chain: only the others are looked up first.
    const seenBefore = open.filter((r) => !unbroadcast.has(r.id));
    for (const [id, receipt] of await receiptsOf(seenBefore)) outcomes.set(id, { receipt });
    const toSend = open.filter((r) => !outcomes.has(r.id));
    const oneByOne: OutboxRecord[] = [];
    const unreceipted: OutboxRecord[] = [];
    for (let i = 0; i < toSend.length; i += broadcastChunkSize) {
      const chunk = toSend.slice(i, i + broadcastChunkSize);
      let answers: BroadcastOutcome[] | undefined;
      try {
        answers = await broadcastBatch!(chunk.map((r) => raws.get(r.id)!));
      } catch (cause) {
        // Part of the batch may be on chain: each one is settled by itself, receipt first.
        logger?.warn({ err: cause }, 'batch broadcast failed; delivering one by one');
      }
      for (const [k, record] of chunk.entries()) {
        unbroadcast.delete(record.id);
        const answer = answers?.[k];
        if (answer && 'hash' in answer) {
          if (answer.receipt) outcomes.set(record.id, { receipt: answer.receipt });
          else unreceipted.push(record);
        } else if (answer && classifyChainError(answer.error) === 'permanent')
          outcomes.set(record.id, refusedBy(record, answer.error));
        else oneByOne.push(record);
      }
    }
    const found = await receiptsOf(unreceipted);
    for (const [id, receipt] of found) outcomes.set(id, { receipt });
    const rest = [...unreceipted.filter((r) => !found.has(r.id)), ...oneByOne].sort((a, b) =>
      a.nonce! < b.nonce! ? -1 : a.nonce! > b.nonce! ? 1 : 0,
    );
    for (const record of rest) outcomes.set(record.id, await deliverOne(record, raws.get(record.id)!, true));
  }

  /** Receipts of the records that have one, by record id; a few requests at a time. */
  async function receiptsOf(records: OutboxRecord[]): Promise<Map<string, BroadcastReceipt>> {
    const found = new Map<string, BroadcastReceipt>();
    let next = 0;
    const worker = async () => {
      while (next < records.length) {
        const record = records[next++]!;
        const receipt = await receiptOf(record.txHash!);
        if (receipt) found.set(record.id, receipt);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrentReads, records.length) }, worker));
    return found;
  }

  /** Stores each outcome: one statement per chunk of records. */
  async function settle(open: OutboxRecord[], outcomes: Map<string, Outcome>): Promise<Map<string, OutboxRecord>> {
    const settled = new Map<string, OutboxRecord>();
    for (const record of open) {
      const outcome = outcomes.get(record.id);
      if (!outcome) continue;
      settled.set(
        record.id,
        'receipt' in outcome
          ? {
              ...record,
              status: outcome.receipt.status === 'success' ? 'confirmed' : 'reverted',
              blockNumber: outcome.receipt.blockNumber,
              gasUsed: outcome.receipt.gasUsed,
              error: outcome.receipt.status === 'success' ? null : 'reverted on chain',
            }
          : { ...record, status: 'failed', error: outcome.failed, nonce: outcome.nonceFreed ? null : record.nonce },
      );
    }
    const records = [...settled.values()];
    for (let i = 0; i < records.length; i += chunkSize) {
      const chunk = records.slice(i, i + chunkSize);
      const rows = chunk.map(
        (r) =>
          sql`(${r.id}, ${r.status}, ${r.nonce}::bigint, ${r.blockNumber}::bigint, ${r.gasUsed}::numeric, ${r.error}::text, ${r.status === 'failed' ? 0 : 1}::integer)`,
      );
      const result = await sql`
        update chain_outbox as o
        set status = v.status, nonce = v.nonce, block_number = v.block_number, gas_used = v.gas_used,
            error = v.error, attempts = o.attempts + v.attempts, updated_at = now()
        from (values ${sql.join(rows)}) as v(id, status, nonce, block_number, gas_used, error, attempts)
        where o.id = v.id`.execute(db);
      if (Number(result.numAffectedRows) !== chunk.length)
        throw new Error(`Settling ${chunk.length} outbox records updated ${result.numAffectedRows} rows.`);
    }
    return settled;
  }

  async function deliverOne(record: OutboxRecord, raw: Hex, mayBeOnChain: boolean): Promise<Outcome> {
    const hash = record.txHash!;
    for (let attempt = 0; ; attempt++) {
      try {
        const found = mayBeOnChain || attempt > 0 ? await receiptOf(hash) : undefined;
        if (found) return { receipt: found };
        try {
          await publicClient.sendRawTransaction({ serializedTransaction: raw });
        } catch (cause) {
          const kind = classifyChainError(cause);
          if (kind === 'retryable') throw cause;
          if (kind === 'permanent') return refusedBy(record, cause as Error);
          // 'nonce': either our own transaction is already in (receipt below) or another one took the nonce.
          const again = await receiptOf(hash);
          if (again) return { receipt: again };
          const used = await publicClient.getTransactionCount({ address: from, blockTag: 'latest' });
          if (BigInt(used) > record.nonce!) return { failed: 'dropped: its nonce was used by another transaction' };
        }
        const receipt =
          (await receiptOf(hash)) ??
          toBroadcastReceipt(
            await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 100, timeout: 120_000 }),
          );
        return { receipt };
      } catch (cause) {
        if (classifyChainError(cause) !== 'retryable' || attempt >= maxRetries) {
          logger?.warn({ id: record.id, hash, err: cause }, 'transaction not delivered yet; left for resume');
          throw new RetryableError(
            `Transaction ${hash} could not be delivered yet; it stays in the outbox and is retried on resume.`,
            { cause },
          );
        }
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** attempt));
      }
    }
  }

  async function receiptOf(hash: Hex): Promise<BroadcastReceipt | undefined> {
    try {
      return toBroadcastReceipt(await publicClient.getTransactionReceipt({ hash }));
    } catch (cause) {
      if ((cause as Error).name === 'TransactionReceiptNotFoundError') return undefined;
      throw cause;
    }
  }

  return {
    from,
    chainId,
    /** Signs, stores, broadcasts and waits for the receipt. Idempotent per key; a reverted transaction is returned with status `reverted`. */
    async send(intent: TransactionIntent): Promise<OutboxRecord> {
      return (await deliverMany(await signAndStoreMany([intent])))[0]!;
    },

    /**
     * Many intents, in order. They are signed and stored in chunks (one database transaction each) and each chunk is
     * delivered once stored; the next chunk is signed while the previous one is on its way (one chunk ahead at most).
     */
    async sendMany(intents: TransactionIntent[]): Promise<OutboxRecord[]> {
      const keys = new Set(intents.map((intent) => intent.idempotencyKey));
      if (keys.size !== intents.length)
        throw new ConflictError('The same idempotency key appears twice in one batch.', { field: 'idempotencyKey' });
      const chunks: TransactionIntent[][] = [];
      for (let i = 0; i < intents.length; i += pipelineChunkSize) chunks.push(intents.slice(i, i + pipelineChunkSize));
      // Three stages overlap: chunk k+1 is estimated (the node's work) while chunk k is signed and stored (this
      // process's) and chunk k-1 is delivered. Deliveries run one after the other, in nonce order. No promise of the
      // pipeline rejects: the first error is kept, the stages stop, and it is thrown once the deliveries under way end.
      const results: OutboxRecord[] = [];
      let failure: { error: unknown } | undefined;
      const keep = (error: unknown) => {
        failure ??= { error };
      };
      const estimate = (chunk: TransactionIntent[] | undefined) =>
        chunk ? estimateMany(chunk).catch((error: unknown) => void keep(error)) : Promise.resolve(undefined);
      let estimating = estimate(chunks[0]);
      let delivering: Promise<void> = Promise.resolve();
      let deliveringBefore: Promise<void> = Promise.resolve();
      for (let k = 0; k < chunks.length; k++) {
        const estimated = await estimating;
        estimating = estimate(failure ? undefined : chunks[k + 1]);
        await deliveringBefore;
        if (failure || !estimated) break;
        let stored: OutboxRecord[];
        try {
          stored = await signAndStore(chunks[k]!, estimated);
        } catch (error) {
          keep(error);
          break;
        }
        deliveringBefore = delivering;
        delivering = delivering.then(async () => {
          if (failure) return;
          try {
            results.push(...(await deliverMany(stored)));
          } catch (error) {
            keep(error);
          }
        });
      }
      await Promise.all([estimating, delivering]);
      if (failure) throw failure.error;
      return results;
    },

    /** Stores the intent signed but does not broadcast it (the first half of `send`; a crash after it is what `resume` is for). */
    async prepare(intent: TransactionIntent): Promise<OutboxRecord> {
      return (await signAndStoreMany([intent]))[0]!;
    },
    deliverMany,

    /** Settles every unfinished record of this sender, in nonce order: receipt by hash, else the same bytes again. */
    async resume(): Promise<{ resumed: number; confirmed: number; reverted: number; failed: number }> {
      const open = await db
        .selectFrom('chain_outbox')
        .selectAll()
        .where('chain_id', '=', chainId)
        .where('from_address', '=', from.toLowerCase())
        .where('status', 'in', ['pending', 'signed', 'sent'])
        .orderBy('nonce')
        .execute();
      const counts = { resumed: open.length, confirmed: 0, reverted: 0, failed: 0 };
      for (const settled of await deliverMany(open.map(toRecord))) {
        if (settled.status === 'confirmed') counts.confirmed++;
        else if (settled.status === 'reverted') counts.reverted++;
        else if (settled.status === 'failed') counts.failed++;
      }
      nextNonce = undefined;
      return counts;
    },

    async get(idempotencyKey: string): Promise<OutboxRecord | undefined> {
      return existing(idempotencyKey);
    },

    async list(filter: { status?: OutboxStatus; purpose?: string; limit?: number } = {}): Promise<OutboxRecord[]> {
      let query = db
        .selectFrom('chain_outbox')
        .selectAll()
        .where('chain_id', '=', chainId)
        .orderBy('created_at', 'desc')
        .limit(filter.limit ?? 100);
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.purpose) query = query.where('purpose', '=', filter.purpose);
      return (await query.execute()).map(toRecord);
    },
  };
}

export type TransactionSender = ReturnType<typeof createTransactionSender>;

function checkSame(record: OutboxRecord, intent: TransactionIntent): OutboxRecord {
  const same =
    record.to?.toLowerCase() === intent.to.toLowerCase() &&
    record.data === (intent.data ?? '0x') &&
    record.value === (intent.value ?? 0n);
  if (!same)
    throw new ConflictError(
      `Idempotency key "${intent.idempotencyKey}" was already used for a different transaction.`,
      { field: 'idempotencyKey' },
    );
  return record;
}

type OutboxRow = { [K in keyof ChainOutboxTable]: unknown };
/** `nonceFreed`: the node refused the transaction, so its nonce was never used and goes to the next one. */
type Outcome = { receipt: BroadcastReceipt } | { failed: string; nonceFreed?: true };

function refusedBy(record: OutboxRecord, error: Error): Outcome {
  return {
    failed: `rejected by the node (nonce ${record.nonce}): ${error.message.split('\n')[0]}`,
    nonceFreed: true,
  };
}
type Estimated = { known: Map<string, OutboxRecord>; fresh: TransactionIntent[]; gases: (bigint | string)[] };

function toBroadcastReceipt(receipt: TransactionReceipt): BroadcastReceipt {
  return { status: receipt.status, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
}

function toRecord(row: OutboxRow): OutboxRecord {
  const big = (value: unknown) => (value === null || value === undefined ? null : BigInt(value as string));
  return {
    id: row.id as string,
    idempotencyKey: row.idempotency_key as string,
    chainId: Number(row.chain_id),
    from: row.from_address as Address,
    to: (row.to_address as Address | null) ?? null,
    data: row.data as Hex,
    value: BigInt(row.value as string),
    purpose: row.purpose as string,
    metadata: (typeof row.metadata === 'string' ? JSON.parse(row.metadata) : row.metadata) as Record<string, unknown>,
    status: row.status as OutboxStatus,
    nonce: big(row.nonce),
    txHash: (row.tx_hash as Hex | null) ?? null,
    blockNumber: big(row.block_number),
    gasUsed: big(row.gas_used),
    error: (row.error as string | null) ?? null,
  };
}
