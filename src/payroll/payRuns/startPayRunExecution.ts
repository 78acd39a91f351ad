import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { type Address, erc20Abi, getAddress } from 'viem';
import { payrollVaultAbi } from '../../chain/contracts/generated/PayrollVault.js';
import { buildIvms101 } from '../../compliance/travelRule/buildIvms101.js';
import { BaseError, ConflictError, RetryableError } from '../../errors/BaseError.js';
import { createLedger } from '../../ledger/createLedger.js';
import { formatAmount } from '../../money/formatAmount.js';
import type { Company } from '../Company.js';
import { buildPayRunSepa } from './buildPayRunSepa.js';
import { bulkUpdatePayouts } from './bulkUpdatePayouts.js';
import { crashPoint } from './crashPoint.js';
import { lockPayRun, recordPayRunError, updatePayRun } from './lockPayRun.js';
import { markLinesPaid } from './markLinesPaid.js';
import type { PayRun, PayRunLine, PayRunPayout } from './PayRun.js';
import type { PayRunContext } from './PayRunContext.js';
import type { VaultFundingRow } from './PayRunTables.js';
import { payRunAccounts } from './payRunAccounts.js';
import { accrualEntry, sepaEntry, vaultFundingEntry } from './payRunEntries.js';
import { assertPayRunStatus } from './payRunStatus.js';
import { approvalRequirements, readPayRun, readPayRunParts } from './readPayRun.js';
import { chainNow } from './readQuotes.js';

/**
 * approved → executing, after every check that can fail without anything having happened: the approvals still meet
 * the threshold, no other run of the company is executing, no batch is past its deadline, the vault is not paused and
 * holds what the batches pay (on the development chain the operator mints what is missing; elsewhere funding is the
 * company's job and a short vault is refused), and the SEPA file is valid against the XSD. Then, in one transaction:
 * the state, the SEPA file, the travel-rule record of each crypto payout, the accrual and SEPA ledger entries, the
 * plan to fund the vault. A refusal leaves the run approved with the reason in its `error`.
 */
export async function startPayRunExecution(context: PayRunContext, payRunId: string, actor: string): Promise<PayRun> {
  try {
    return await start(context, payRunId, actor);
  } catch (error) {
    await recordPayRunError(context.db, payRunId, error);
    throw error;
  }
}

async function start(context: PayRunContext, payRunId: string, actor: string): Promise<PayRun> {
  const { db, audit, chain } = context;
  const before = await readPayRun(db, payRunId);
  assertPayRunStatus(before, 'execute');
  const company = await context.companies.get(before.companyId);
  const parts = await readPayRunParts(db, payRunId);
  const missing = approvalRequirements(
    before,
    parts.batches,
    parts.approvals,
    company.approvers.map((a) => a.address),
    company.approvalThreshold,
  ).filter((r) => r.have < r.need);
  if (missing.length > 0)
    throw new ConflictError(`Pay run ${payRunId} is not approved by enough approvers any more.`, {
      code: 'pay-run-approvals',
      details: missing
        .map((r) => `${r.batchIndex === null ? 'the run' : `batch ${r.batchIndex}`}: ${r.have} of ${r.need}`)
        .join('; '),
    });
  const other = await db
    .selectFrom('pay_runs')
    .select(['id', 'period'])
    .where('company_id', '=', before.companyId)
    .where('status', '=', 'executing')
    .where('id', '!=', payRunId)
    .executeTakeFirst();
  if (other)
    throw new ConflictError(`Pay run ${other.id} (${other.period}) of ${company.id} is executing; one at a time.`, {
      code: 'pay-run-busy',
    });

  const fundingPlan = parts.batches.length > 0 ? await planFunding(context, before, company, parts.batches) : [];
  const sepa = await buildPayRunSepa({
    run: before,
    company,
    lines: parts.lines,
    payouts: parts.payouts,
    createdAt: new Date(),
    schemaFile: context.sepaSchemaFile,
  });
  let sepaFile: string | null = null;
  if (sepa) {
    const folder = join(context.documentsDir, payRunId);
    await mkdir(folder, { recursive: true });
    sepaFile = join(folder, `pain001-${sepa.messageId}.xml`);
    await writeFile(`${sepaFile}.tmp`, sepa.xml);
    await rename(`${sepaFile}.tmp`, sepaFile);
  }
  const ivms = travelRuleRecords(company, before, parts.lines, parts.payouts);
  const startBlock = parts.batches.length > 0 ? await chain.publicClient.getBlockNumber() : null;

  crashPoint('checked', payRunId);
  const started = await db.transaction().execute(async (trx) => {
    const run = await lockPayRun(trx, payRunId);
    assertPayRunStatus(run, 'execute');
    const ledger = createLedger({ db: trx });
    const accounts = await payRunAccounts(ledger, run.companyId, run.currency, company.iban);
    const executionDate = new Date().toISOString().slice(0, 10);

    // Deposits the ledger has not seen yet, so that the vault's account matches the chain before it pays.
    const funding: VaultFundingRow[] = [];
    for (const plan of fundingPlan) {
      const vaultAccount = await accounts.vault(plan.asset, plan.decimals, chain.chainId, run.vault!.address);
      const ledgerBalance = await ledger.accountBalance(vaultAccount.id);
      const deposit = plan.chainBalance > ledgerBalance ? plan.chainBalance - ledgerBalance : 0n;
      if (deposit > 0n)
        await ledger.postEntry(
          vaultFundingEntry({
            run,
            kind: 'deposit',
            asset: plan.asset,
            amount: deposit,
            vault: vaultAccount,
            funding: await accounts.vaultFunding(plan.asset, plan.decimals),
            date: executionDate,
            txHash: null,
          }),
        );
      funding.push({
        asset: plan.asset,
        token: plan.token,
        decimals: plan.decimals,
        needed: plan.needed.toString(),
        chainBalance: plan.chainBalance.toString(),
        ledgerBalance: ledgerBalance.toString(),
        deposit: deposit.toString(),
        mint: plan.mint.toString(),
        mintTxHash: null,
        funded: plan.mint === 0n,
      });
    }

    await ledger.postEntry(accrualEntry(run, parts.lines, accounts));
    if (sepa) {
      const { entry } = await ledger.postEntry(sepaEntry(run, sepa, accounts));
      await trx
        .updateTable('pay_run_payouts')
        .set({
          status: 'paid',
          paid_at: new Date(`${run.requestedExecutionDate}T00:00:00Z`),
          ledger_entry_id: entry.id,
        })
        .where('pay_run_id', '=', payRunId)
        .where('channel', '=', 'sepa')
        .where('status', '=', 'cleared')
        .execute();
    }
    if (ivms.length > 0)
      await bulkUpdatePayouts(
        trx,
        payRunId,
        [{ name: 'ivms101', type: 'jsonb' }],
        ivms.map((record) => ({
          employeeId: record.employeeId,
          asset: record.asset,
          values: [JSON.stringify(record.ivms101)],
        })),
      );
    await markLinesPaid(trx, payRunId);
    await sql`update pay_run_batches set idempotency_key = ${`payrun:${payRunId}:batch:`} || batch_index::text
      where pay_run_id = ${payRunId}`.execute(trx);
    const updated = await updatePayRun(trx, run, {
      status: 'executing',
      execution_started_at: new Date(),
      execution_start_block: startBlock,
      funding: JSON.stringify(funding),
      sepa_message_id: sepa?.messageId ?? null,
      sepa_xml: sepa?.xml ?? null,
      sepa_sha256: sepa?.sha256 ?? null,
      sepa_file: sepaFile,
    });
    await audit.append(
      {
        actor,
        action: 'payrun.execute',
        subject: `payrun:${payRunId}`,
        data: {
          batches: parts.batches.length,
          sepa: sepa
            ? {
                messageId: sepa.messageId,
                transactions: sepa.transactions,
                controlSum: sepa.controlSum.toString(),
                sha256: sepa.sha256,
              }
            : null,
          funding,
        },
      },
      trx,
    );
    return updated;
  });
  crashPoint('begun', payRunId);
  return started;
}

type FundingPlan = {
  asset: string;
  token: Address;
  decimals: number;
  needed: bigint;
  chainBalance: bigint;
  mint: bigint;
};

async function planFunding(
  context: PayRunContext,
  run: PayRun,
  company: Company,
  batches: { asset: string; tokenAddress: string; total: bigint; deadline: bigint; status: string }[],
): Promise<FundingPlan[]> {
  const { chain } = context;
  if (!run.vault) throw new ConflictError(`Pay run ${run.id} has batches but no vault.`, { code: 'vault-missing' });
  if (run.vault.chainId !== chain.chainId)
    throw new ConflictError(`The run's vault is on chain ${run.vault.chainId}, not ${chain.chainId}.`, {
      code: 'wrong-chain',
    });
  const vault = getAddress(run.vault.address);
  try {
    const now = await chainNow(chain);
    const expired = batches.find((batch) => BigInt(now) > batch.deadline);
    if (expired)
      throw new ConflictError(
        `The run's batches expired at ${new Date(Number(expired.deadline) * 1000).toISOString()}; reprice and approve it again.`,
        {
          code: 'batch-expired',
          details: 'POST …/reprice, then screen and approve: the quotes are too old to pay at.',
        },
      );
    if (await chain.publicClient.readContract({ address: vault, abi: payrollVaultAbi, functionName: 'paused' }))
      throw new ConflictError(`The vault ${vault} of ${company.id} is paused; nothing can be paid from it.`, {
        code: 'vault-paused',
      });
    const plans: FundingPlan[] = [];
    for (const asset of [...new Set(batches.map((b) => b.asset))]) {
      const own = batches.filter((b) => b.asset === asset && b.status !== 'paid');
      const token = getAddress(own[0]?.tokenAddress ?? batches.find((b) => b.asset === asset)!.tokenAddress);
      const needed = own.reduce((sum, b) => sum + b.total, 0n);
      const chainBalance = await chain.publicClient.readContract({
        address: token,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [vault],
      });
      const decimals = context.payableAssets.get(asset)?.decimals ?? 6;
      const short = needed > chainBalance ? needed - chainBalance : 0n;
      if (short > 0n && !chain.devChain)
        throw new ConflictError(
          `The vault ${vault} holds ${formatAmount(chainBalance, { decimals })} ${asset}; the run pays ${formatAmount(needed, { decimals })} ${asset}.`,
          {
            code: 'vault-underfunded',
            details: `Send at least ${formatAmount(short, { decimals })} ${asset} to ${vault} on chain ${chain.chainId}, then execute again. Nothing was paid.`,
          },
        );
      plans.push({ asset, token, decimals, needed, chainBalance, mint: short });
    }
    return plans;
  } catch (error) {
    if (error instanceof BaseError) throw error;
    throw new RetryableError('The chain could not be read to check the vault.', {
      cause: error,
      code: 'chain-unreachable',
    });
  }
}

/** IVMS101 for every cleared crypto payout: the company (vault) as originator, the employee as beneficiary. */
function travelRuleRecords(
  company: Company,
  run: PayRun,
  lines: readonly PayRunLine[],
  payouts: readonly PayRunPayout[],
) {
  const byEmployee = new Map(lines.map((line) => [line.employeeId, line]));
  return payouts
    .filter((payout) => payout.channel === 'chain' && payout.status === 'cleared')
    .map((payout) => {
      const line = byEmployee.get(payout.employeeId)!;
      return {
        employeeId: payout.employeeId,
        asset: payout.asset,
        ivms101: buildIvms101({
          originator: {
            legalName: company.legalName,
            country: company.country,
            ...(company.lei ? { lei: company.lei } : {}),
            walletAddress: run.vault!.address,
            customerNumber: company.id,
          },
          beneficiary: {
            id: line.employeeId,
            fullName: line.fullName,
            countryOfResidence: line.country,
            walletAddress: payout.recipient,
          },
        }),
      };
    });
}
