import type { Insertable, Kysely } from 'kysely';
import type { AuditLog } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import { BaseError, ValidationError } from '../../errors/BaseError.js';
import { toCompany } from '../Company.js';
import { toEmployee } from '../Employee.js';
import { createEndToEndId } from '../sepa/createEndToEndId.js';
import { splitNet } from '../splitNet.js';
import { calculatePay } from '../tax/calculatePay.js';
import { getTaxProfile } from '../tax/getTaxProfile.js';
import { lockPayRun, updatePayRun } from './lockPayRun.js';
import type { PayRun } from './PayRun.js';
import type { PayRunLinesTable, PayRunPayoutsTable } from './PayRunTables.js';
import { assertPayRunStatus } from './payRunStatus.js';

export type CalculatePayRunParameters = {
  db: Kysely<Tables>;
  audit: AuditLog;
  payRunId: string;
  /** Crypto assets the company vault can pay (ERC-20 tokens on Tandem's chain). */
  payableAssets: ReadonlySet<string>;
  actor: string;
};

const insertChunk = 400;

/**
 * draft → calculated, in one transaction: every active employee of the company becomes a line — a snapshot of their
 * name, bank account, wallet and split — with gross to net through the company's tax profile (calculatePay), and the
 * net split over their split (splitNet, exact to the cent). The bank share becomes a SEPA payout with its EndToEndId,
 * each crypto share an on-chain payout (priced later, at screening). A line that cannot be paid as asked — pay in
 * another currency than the profile's, or a share in an asset the vault cannot pay (ETH: the vault pays ERC-20
 * tokens only) — is `failed` with its reason and pays nothing; the rest of the run goes on.
 */
export async function calculatePayRun(parameters: CalculatePayRunParameters): Promise<PayRun> {
  const { db, audit, payRunId, payableAssets, actor } = parameters;
  return db.transaction().execute(async (trx) => {
    const run = await lockPayRun(trx, payRunId);
    assertPayRunStatus(run, 'calculate');
    const companyRow = await trx
      .selectFrom('companies')
      .selectAll()
      .where('id', '=', run.companyId)
      .executeTakeFirstOrThrow();
    const company = toCompany(companyRow);
    const profile = getTaxProfile(company.taxProfileId);
    const employees = (
      await trx
        .selectFrom('employees')
        .selectAll()
        .where('company_id', '=', run.companyId)
        .where('active', '=', true)
        .orderBy('employee_id')
        .execute()
    ).map(toEmployee);
    if (employees.length === 0)
      throw new ValidationError(`Company ${company.id} has no active employees to pay.`, { field: 'companyId' });

    const lines: Insertable<PayRunLinesTable>[] = [];
    const payouts: Insertable<PayRunPayoutsTable>[] = [];
    const totals = { gross: 0n, net: 0n, employerCost: 0n, fiat: 0n, crypto: 0n, failed: 0, calculated: 0 };
    let payoutNo = 0;
    for (const [index, employee] of employees.entries()) {
      const base = {
        pay_run_id: run.id,
        employee_id: employee.employeeId,
        line_no: index + 1,
        full_name: employee.fullName,
        email: employee.email,
        country: employee.country,
        iban: employee.iban,
        bic: employee.bic,
        wallet: employee.wallet,
        split: JSON.stringify(employee.split),
        currency: employee.currency,
        gross: employee.grossMonthly,
      };
      const failed = (reason: string) => {
        totals.failed++;
        lines.push({
          ...base,
          income_tax: null,
          social_contributions: '[]',
          employer_contributions: '[]',
          employer_cost: null,
          net: null,
          status: 'failed',
          hold: null,
          reason,
        });
      };
      const unpayable = employee.split.filter(
        (share) => share.asset !== company.baseCurrency && !payableAssets.has(share.asset),
      );
      if (unpayable.length > 0) {
        failed(
          `The split pays ${unpayable.map((share) => `${share.percent} % in ${share.asset}`).join(' and ')}, which the company vault cannot pay (it pays ERC-20 tokens: ${[...payableAssets].join(', ')}). Change the employee's split.`,
        );
        continue;
      }
      let pay: ReturnType<typeof calculatePay>;
      try {
        pay = calculatePay({ grossMonthly: employee.grossMonthly, currency: employee.currency, profile });
      } catch (error) {
        if (error instanceof BaseError) {
          failed(error.shortMessage);
          continue;
        }
        throw error;
      }
      if (employee.currency !== company.baseCurrency) {
        failed(`Paid in ${employee.currency}, but the company pays salaries in ${company.baseCurrency}.`);
        continue;
      }
      totals.calculated++;
      totals.gross += pay.gross;
      totals.net += pay.net;
      totals.employerCost += pay.employerCost;
      lines.push({
        ...base,
        income_tax: pay.incomeTax,
        social_contributions: JSON.stringify(components(pay.socialContributions)),
        employer_contributions: JSON.stringify(components(pay.employerContributions)),
        employer_cost: pay.employerCost,
        net: pay.net,
        status: 'calculated',
        hold: null,
        reason: null,
      });
      for (const share of splitNet(pay.net, employee.split)) {
        // A share too small to be worth a cent pays nothing; its percentage stays in the split.
        if (share.amount === 0n) continue;
        const sepa = share.asset === company.baseCurrency;
        if (sepa) totals.fiat += share.amount;
        else totals.crypto += share.amount;
        payouts.push({
          pay_run_id: run.id,
          employee_id: employee.employeeId,
          asset: share.asset,
          payout_no: ++payoutNo,
          channel: sepa ? 'sepa' : 'chain',
          percent: share.percent,
          fiat_amount: share.amount,
          recipient: (sepa ? employee.iban : employee.wallet) ?? '',
          end_to_end_id: sepa ? createEndToEndId({ payRunId: run.id, employeeId: employee.employeeId }) : null,
          status: 'pending',
        });
      }
    }

    for (let i = 0; i < lines.length; i += insertChunk)
      await trx
        .insertInto('pay_run_lines')
        .values(lines.slice(i, i + insertChunk))
        .execute();
    for (let i = 0; i < payouts.length; i += insertChunk)
      await trx
        .insertInto('pay_run_payouts')
        .values(payouts.slice(i, i + insertChunk))
        .execute();

    const updated = await updatePayRun(trx, run, {
      status: 'calculated',
      tax_profile_id: profile.id,
      line_count: lines.length,
      gross_total: totals.gross,
      net_total: totals.net,
      employer_cost_total: totals.employerCost,
      fiat_total: totals.fiat,
      crypto_fiat_total: totals.crypto,
      calculated_at: new Date(),
    });
    await audit.append(
      {
        actor,
        action: 'payrun.calculate',
        subject: `payrun:${run.id}`,
        data: {
          companyId: run.companyId,
          period: run.period,
          taxProfileId: profile.id,
          lines: lines.length,
          calculated: totals.calculated,
          failed: totals.failed,
          grossTotal: totals.gross.toString(),
          netTotal: totals.net.toString(),
          fiatTotal: totals.fiat.toString(),
          cryptoFiatTotal: totals.crypto.toString(),
        },
      },
      trx,
    );
    return updated;
  });
}

function components(list: { name: string; amount: bigint }[]) {
  return list.map((component) => ({ name: component.name, amount: component.amount.toString() }));
}
