import { sql } from 'kysely';
import {
  type Address,
  decodeErrorResult,
  encodeFunctionData,
  getAddress,
  type Hex,
  isHex,
  type TransactionReceipt,
} from 'viem';
import { payrollVaultAbi } from '../../chain/contracts/generated/PayrollVault.js';
import { testStablecoinAbi } from '../../chain/contracts/generated/TestStablecoin.js';
import type { OutboxRecord } from '../../chain/sender/createTransactionSender.js';
import { NonRetryableError } from '../../errors/BaseError.js';
import { createLedger } from '../../ledger/createLedger.js';
import { currencyMinorUnits } from '../../money/currencyMinorUnits.js';
import type { Company } from '../Company.js';
import { defaultGasPerBatch, defaultGasPerRecipient } from '../vault/buildPayoutBatches.js';
import { encodeExecuteBatch } from '../vault/encodeExecuteBatch.js';
import { parseBatchExecutions } from '../vault/parseBatchExecutions.js';
import { readBatchStatus } from '../vault/readBatchStatus.js';
import { toRunId } from '../vault/toRunId.js';
import { bulkUpdatePayouts } from './bulkUpdatePayouts.js';
import { crashPoint } from './crashPoint.js';
import { finishPayRun } from './finishPayRun.js';
import { lockPayRun, recordPayRunError } from './lockPayRun.js';
import { markLinesPaid } from './markLinesPaid.js';
import type { PayRun, PayRunApproval, PayRunBatch, PayRunPayout } from './PayRun.js';
import type { PayRunContext } from './PayRunContext.js';
import { payRunAccounts } from './payRunAccounts.js';
import { cryptoPayoutEntry, vaultFundingEntry } from './payRunEntries.js';
import { assertPayRunStatus } from './payRunStatus.js';
import { readPayRun, readPayRunParts } from './readPayRun.js';

/**
 * Carries an executing run to its end, from wherever it stands — which is what makes execution crash-safe:
 * every outward action is idempotent and every record of its outcome is written in one transaction.
 *
 * 1. Funding (development chain): the operator mints what the vault lacks, through the transaction sender with the
 *    idempotency key `payrun:<id>:fund:<asset>`; then the ledger entry.
 * 2. Each batch not yet settled, in order: `executeBatch` through the sender with the key `payrun:<id>:batch:<i>`
 *    (signed and stored before it is broadcast; the same key never sends twice, and the vault itself refuses a
 *    second execution of (runId, batchIndex)). On its receipt, the Payout events give each payout its transaction
 *    hash and log index; payouts, ledger entries (one per payout, key `payrun:<id>:payout:<employee>:<asset>`) and the
 *    batch are written in one transaction. A batch the chain refuses fails with the vault's reason: its payouts and
 *    lines fail, no token moved, and the net pay stays owed in the ledger.
 * 3. When every batch is settled: paid, partially_paid or failed (finishPayRun).
 *
 * A node that does not answer leaves the run executing (RetryableError); calling this again, or the resume at the
 * next start, continues it.
 */
export async function continuePayRunExecution(
  context: PayRunContext,
  payRunId: string,
  actor: string,
): Promise<PayRun> {
  try {
    return await continueRun(context, payRunId, actor);
  } catch (error) {
    await recordPayRunError(context.db, payRunId, error);
    throw error;
  }
}

async function continueRun(context: PayRunContext, payRunId: string, actor: string): Promise<PayRun> {
  const run = await readPayRun(context.db, payRunId);
  assertPayRunStatus(run, 'resume');
  const company = await context.companies.get(run.companyId);

  const unfunded = new Map<string, string>();
  for (const row of run.funding) {
    if (row.funded) continue;
    const reason = await fundVault(context, run, row.asset, getAddress(row.token), BigInt(row.mint), row.decimals);
    if (reason) unfunded.set(row.asset, reason);
  }

  const parts = await readPayRunParts(context.db, payRunId);
  for (const batch of parts.batches) {
    if (batch.status === 'paid' || batch.status === 'failed') continue;
    const unfundedReason = unfunded.get(batch.asset);
    if (unfundedReason) {
      await failBatch(context, run, batch, `The vault could not be funded with ${batch.asset}: ${unfundedReason}`);
      continue;
    }
    const payouts = parts.payouts
      .filter((payout) => payout.batchIndex === batch.batchIndex)
      .sort((a, b) => (a.batchPosition ?? 0) - (b.batchPosition ?? 0));
    await payBatch(context, run, company, batch, payouts, parts.approvals);
  }

  crashPoint('finishing', payRunId);
  return finishPayRun(context, payRunId, actor);
}

/** Mints `amount` to the vault (development chain); returns why it failed, or undefined when it is done. */
async function fundVault(
  context: PayRunContext,
  run: PayRun,
  asset: string,
  token: Address,
  amount: bigint,
  decimals: number,
): Promise<string | undefined> {
  const { chain, db } = context;
  const vault = getAddress(run.vault!.address);
  const record = await chain.sender.send({
    idempotencyKey: `payrun:${run.id}:fund:${asset}`,
    to: token,
    data: encodeFunctionData({ abi: testStablecoinAbi, functionName: 'mint', args: [vault, amount] }),
    purpose: 'payroll.vault-funding',
    metadata: { payRunId: run.id, asset, vault },
  });
  if (record.status !== 'confirmed') return record.error ?? `the mint transaction ${record.status}`;
  // Read before the transaction: on PGlite (one connection) a read outside it would wait for it forever.
  const company = await context.companies.get(run.companyId);
  await db.transaction().execute(async (trx) => {
    const locked = await lockPayRun(trx, run.id);
    const ledger = createLedger({ db: trx });
    const accounts = await payRunAccounts(ledger, run.companyId, run.currency, company.iban);
    await ledger.postEntry(
      vaultFundingEntry({
        run: locked,
        kind: 'fund',
        asset,
        amount,
        vault: await accounts.vault(asset, decimals, chain.chainId, vault),
        funding: await accounts.vaultFunding(asset, decimals),
        date: (locked.executionStartedAt ?? new Date()).toISOString().slice(0, 10),
        txHash: record.txHash,
      }),
    );
    const funding = locked.funding.map((row) =>
      row.asset === asset ? { ...row, funded: true, mintTxHash: record.txHash } : row,
    );
    await trx
      .updateTable('pay_runs')
      .set({ funding: JSON.stringify(funding), updated_at: new Date() })
      .where('id', '=', run.id)
      .execute();
  });
  crashPoint(`funded:${asset}`, run.id);
  return undefined;
}

async function payBatch(
  context: PayRunContext,
  run: PayRun,
  company: Company,
  batch: PayRunBatch,
  payouts: PayRunPayout[],
  approvals: PayRunApproval[],
) {
  const { chain, db } = context;
  const vault = getAddress(run.vault!.address);
  const runId = toRunId(run.id);
  const key = batch.idempotencyKey ?? `payrun:${run.id}:batch:${batch.batchIndex}`;
  // The approvals passed: the first `threshold` approvers by address, so the calldata is the same on every attempt.
  const approvers = new Set(company.approvers.map((a) => a.address.toLowerCase()));
  const signers = new Map<string, PayRunApproval>();
  for (const approval of approvals)
    if (
      approval.digest === batch.digest &&
      approval.revokedAt === null &&
      approvers.has(approval.approver.toLowerCase())
    )
      signers.set(approval.approver.toLowerCase(), approval);
  const signatures = [...signers.values()]
    .sort((a, b) => (BigInt(a.approver) < BigInt(b.approver) ? -1 : 1))
    .slice(0, company.approvalThreshold)
    .map((approval) => ({ approver: getAddress(approval.approver), signature: approval.signature as Hex }));
  const data = encodeExecuteBatch({
    batch: {
      runId,
      batchIndex: batch.batchIndex,
      token: getAddress(batch.tokenAddress),
      payoutsHash: batch.payoutsHash as Hex,
      total: batch.total,
      deadline: batch.deadline,
    },
    payouts: payouts.map((payout) => ({ recipient: getAddress(payout.recipient), amount: payout.token!.amount })),
    signatures,
  });

  await db
    .updateTable('pay_run_batches')
    .set({ status: 'sending', idempotency_key: key, updated_at: new Date() })
    .where('pay_run_id', '=', run.id)
    .where('batch_index', '=', batch.batchIndex)
    .execute();
  crashPoint(`batch-sending:${batch.batchIndex}`, run.id);

  let record: OutboxRecord =
    (await chain.sender.get(key)) ??
    (await chain.sender.prepare({
      idempotencyKey: key,
      to: vault,
      data,
      ...(chain.estimateBatchGas ? {} : { gas: plannedGas(context, payouts.length) }),
      purpose: 'payroll.batch',
      metadata: { payRunId: run.id, batchIndex: batch.batchIndex, asset: batch.asset, payouts: payouts.length },
    }));
  crashPoint(`batch-signed:${batch.batchIndex}`, run.id);
  if (record.status === 'signed' || record.status === 'sent' || record.status === 'pending')
    [record] = (await chain.sender.deliverMany([record])) as [OutboxRecord];
  crashPoint(`batch-mined:${batch.batchIndex}`, run.id);

  if (record.status === 'confirmed' && record.txHash) {
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: record.txHash });
    await settleBatch(context, run, batch, payouts, receipt);
    return;
  }
  // Not paid by this transaction; paid by another one? The vault knows (it pays (runId, batchIndex) once).
  const status = await readBatchStatus({
    publicClient: chain.publicClient,
    vault,
    runId,
    batchIndex: batch.batchIndex,
    fromBlock: run.executionStartBlock ?? 0n,
  });
  if (status.executed && status.execution) {
    const receipt = await chain.publicClient.getTransactionReceipt({ hash: status.execution.transactionHash });
    await settleBatch(context, run, batch, payouts, receipt);
    return;
  }
  const why = await explainRevert(context, vault, data);
  await failBatch(
    context,
    run,
    batch,
    `Batch ${batch.batchIndex} (${batch.asset}) was refused by the chain${why ? `: ${why}` : ''}${record.error && !why ? `: ${record.error}` : ''}.${record.txHash && record.status === 'reverted' ? ` Transaction ${record.txHash} reverted.` : ''}`,
  );
}

async function settleBatch(
  context: PayRunContext,
  run: PayRun,
  batch: PayRunBatch,
  payouts: PayRunPayout[],
  receipt: TransactionReceipt,
) {
  const { chain, db } = context;
  const vault = getAddress(run.vault!.address);
  const execution = parseBatchExecutions({ vault, logs: receipt.logs }).find(
    (e) => e.runId === toRunId(run.id) && e.batchIndex === batch.batchIndex,
  );
  if (!execution || execution.payouts.length !== payouts.length)
    throw new NonRetryableError(
      `Transaction ${receipt.transactionHash} does not show batch ${batch.batchIndex} as paid.`,
      {
        code: 'batch-mismatch',
      },
    );
  execution.payouts.forEach((paid, position) => {
    const payout = payouts[position]!;
    if (paid.recipient.toLowerCase() !== payout.recipient.toLowerCase() || paid.amount !== payout.token!.amount)
      throw new NonRetryableError(
        `Batch ${batch.batchIndex} paid something else than recorded at position ${position}.`,
        {
          code: 'batch-mismatch',
          details: `Chain: ${paid.amount} to ${paid.recipient}; run: ${payout.token!.amount} to ${payout.recipient}.`,
        },
      );
  });
  const block = await chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
  const paidAt = new Date(Number(block.timestamp) * 1000);
  const company = await context.companies.get(run.companyId);

  await db.transaction().execute(async (trx) => {
    const locked = await lockPayRun(trx, run.id);
    const current = await trx
      .selectFrom('pay_run_batches')
      .select('status')
      .where('pay_run_id', '=', run.id)
      .where('batch_index', '=', batch.batchIndex)
      .executeTakeFirstOrThrow();
    if (current.status === 'paid') return;
    const ledger = createLedger({ db: trx });
    const accounts = await payRunAccounts(ledger, run.companyId, run.currency, company.iban);
    const decimals = payouts[0]!.token!.decimals;
    const vaultAccount = await accounts.vault(batch.asset, decimals, chain.chainId, vault);
    const fiatClearing = await accounts.fxClearing(run.currency, currencyMinorUnits(run.currency));
    const tokenClearing = await accounts.fxClearing(batch.asset, decimals);
    // The batch's entries in one statement: one round trip for a batch of hundreds of payouts.
    const posted = await ledger.postEntries(
      payouts.map((payout, position) =>
        cryptoPayoutEntry({
          run: locked,
          payout,
          accounts,
          fiatClearing,
          tokenClearing,
          vault: vaultAccount,
          chainId: chain.chainId,
          txHash: receipt.transactionHash,
          logIndex: execution.payouts[position]!.logIndex,
          blockNumber: receipt.blockNumber,
          paidAt,
        }),
      ),
    );
    const updates = payouts.map((payout, position) => ({
      employeeId: payout.employeeId,
      asset: payout.asset,
      values: [
        'paid',
        receipt.transactionHash,
        execution.payouts[position]!.logIndex,
        receipt.blockNumber,
        paidAt,
        posted[position]!.entry.id,
      ],
    }));
    await bulkUpdatePayouts(
      trx,
      run.id,
      [
        { name: 'status', type: 'text' },
        { name: 'tx_hash', type: 'text' },
        { name: 'log_index', type: 'integer' },
        { name: 'block_number', type: 'bigint' },
        { name: 'paid_at', type: 'timestamptz' },
        { name: 'ledger_entry_id', type: 'uuid' },
      ],
      updates,
    );
    await trx
      .updateTable('pay_run_batches')
      .set({
        status: 'paid',
        tx_hash: receipt.transactionHash,
        block_number: receipt.blockNumber,
        gas_used: receipt.gasUsed,
        executed_at: paidAt,
        error: null,
        updated_at: new Date(),
      })
      .where('pay_run_id', '=', run.id)
      .where('batch_index', '=', batch.batchIndex)
      .execute();
    await markLinesPaid(trx, run.id);
  });
  crashPoint(`batch-settled:${batch.batchIndex}`, run.id);
}

/** The gas a batch was planned with (see buildPayoutBatches): what it gets when the node does not estimate it. */
function plannedGas(context: PayRunContext, payouts: number): bigint {
  const perBatch = BigInt(context.gas?.gasPerBatch ?? defaultGasPerBatch);
  const perRecipient = BigInt(context.gas?.gasPerRecipient ?? defaultGasPerRecipient);
  return perBatch + perRecipient * BigInt(payouts);
}

/** A batch that will not be paid: it, its payouts and their lines fail with the reason; nothing else changes. */
async function failBatch(context: PayRunContext, run: PayRun, batch: PayRunBatch, reason: string) {
  context.logger?.warn({ payRunId: run.id, batchIndex: batch.batchIndex, reason }, 'pay run batch failed');
  await context.db.transaction().execute(async (trx) => {
    await lockPayRun(trx, run.id);
    await trx
      .updateTable('pay_run_batches')
      .set({ status: 'failed', error: reason, updated_at: new Date() })
      .where('pay_run_id', '=', run.id)
      .where('batch_index', '=', batch.batchIndex)
      .execute();
    await trx
      .updateTable('pay_run_payouts')
      .set({ status: 'failed', reason })
      .where('pay_run_id', '=', run.id)
      .where('batch_index', '=', batch.batchIndex)
      .execute();
    await sql`update pay_run_lines as l set status = 'failed', updated_at = now(),
        reason = ${reason} || case when exists (select 1 from pay_run_payouts s where s.pay_run_id = l.pay_run_id
          and s.employee_id = l.employee_id and s.channel = 'sepa' and s.status = 'paid')
          then ' The bank share was paid by SEPA.' else '' end
      where l.pay_run_id = ${run.id} and l.status in ('cleared', 'paid') and exists (select 1 from pay_run_payouts p
        where p.pay_run_id = l.pay_run_id and p.employee_id = l.employee_id and p.batch_index = ${batch.batchIndex})`.execute(
      trx,
    );
  });
}

/** The vault's custom error for this calldata now, e.g. `PayrollVault_RecipientSanctioned(0x…, 3)`. */
async function explainRevert(context: PayRunContext, vault: Address, data: Hex): Promise<string | undefined> {
  try {
    await context.chain.publicClient.call({ account: context.chain.operator, to: vault, data });
    return undefined;
  } catch (error) {
    let current: unknown = error;
    while (current && typeof current === 'object') {
      const revertData = (current as { data?: unknown }).data;
      if (typeof revertData === 'string' && isHex(revertData) && revertData.length >= 10) {
        try {
          const decoded = decodeErrorResult({ abi: payrollVaultAbi, data: revertData });
          return `${decoded.errorName}(${(decoded.args ?? []).map((arg) => String(arg)).join(', ')})`;
        } catch {
          return `reverted with data ${revertData.slice(0, 74)}`;
        }
      }
      current = (current as { cause?: unknown }).cause;
    }
    return (error as { shortMessage?: string }).shortMessage ?? (error as Error).message.split('\n')[0];
  }
}
