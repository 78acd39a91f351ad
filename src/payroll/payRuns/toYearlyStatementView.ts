import { type Kysely, sql } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { NotFoundError, ValidationError } from '../../errors/BaseError.js';
import { currencyMinorUnits } from '../../money/currencyMinorUnits.js';
import { iso3166Countries } from '../../money/iso3166Countries.js';
import type { Company } from '../Company.js';
import type { YearlyStatementView } from '../documents/YearlyStatementView.js';
import { toPayRun, toPayRunPayout } from './PayRun.js';
import { payslipRate } from './toPayslipViews.js';

/**
 * An employee's crypto receipts of one calendar year (UTC, by the block that paid them) over all the company's pay
 * runs: each paid on-chain payout with its tokens, the rate it was bought at and its value in the salary currency.
 */
export async function toYearlyStatementView(parameters: {
  db: Kysely<Tables>;
  company: Company;
  employeeId: string;
  year: number;
  chainId: number;
}): Promise<YearlyStatementView> {
  const { db, company, employeeId, year } = parameters;
  if (!Number.isInteger(year) || year < 2000 || year > 9999)
    throw new ValidationError(`${year} is not a calendar year.`, { field: 'year' });
  const employee = await db
    .selectFrom('employees')
    .select(['full_name'])
    .where('company_id', '=', company.id)
    .where('employee_id', '=', employeeId)
    .executeTakeFirst();
  if (!employee) throw new NotFoundError(`No employee ${employeeId} in company ${company.id}`, { field: 'employeeId' });
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const rows = await db
    .selectFrom('pay_run_payouts as p')
    .innerJoin('pay_runs as r', 'r.id', 'p.pay_run_id')
    .selectAll('p')
    .select(sql<string>`to_json(r.*)::text`.as('run_json'))
    .where('r.company_id', '=', company.id)
    .where('p.employee_id', '=', employeeId)
    .where('p.channel', '=', 'chain')
    .where('p.status', '=', 'paid')
    .where('p.paid_at', '>=', from)
    .where('p.paid_at', '<', to)
    .orderBy('p.paid_at')
    .orderBy('p.tx_hash')
    .orderBy('p.log_index')
    .execute();
  const currency = company.baseCurrency;
  return {
    statementId: `${year}-${employeeId.replace(/[^A-Za-z0-9._-]/g, '_')}`,
    year,
    createdAt: rows.at(-1)?.paid_at ? new Date(rows.at(-1)!.paid_at!) : from,
    company: {
      name: company.legalName,
      country: iso3166Countries[company.country] ?? company.country,
      ...(company.lei ? { lei: company.lei } : {}),
    },
    employee: { id: employeeId, name: employee.full_name },
    currency,
    currencyDecimals: currencyMinorUnits(currency),
    receipts: rows.map((row) => {
      const { run_json: runJson, ...payoutRow } = row;
      const payout = toPayRunPayout(payoutRow);
      const run = toPayRun(JSON.parse(runJson));
      return {
        receivedAt: payout.paidAt!,
        period: run.period,
        asset: payout.asset,
        tokenAmount: payout.token!.amount,
        tokenDecimals: payout.token!.decimals,
        rate: payslipRate(payout.quote!, run),
        fiatMinor: payout.fiatAmount,
        network: `chain ${run.vault?.chainId ?? parameters.chainId}`,
        recipient: payout.recipient,
        txHash: payout.txHash!,
        logIndex: payout.logIndex ?? undefined,
      };
    }),
  };
}
