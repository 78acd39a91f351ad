import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuditLog } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors/BaseError.js';
import type { Companies } from '../createCompanies.js';
import type { PayslipView } from '../documents/PayslipView.js';
import { renderPayslip } from '../documents/renderPayslip.js';
import { payslipFileName, type RenderedPayslip, renderPayslips } from '../documents/renderPayslips.js';
import { type RenderYearlyStatementReturnType, renderYearlyStatement } from '../documents/renderYearlyStatement.js';
import { writeJournalCsv } from '../documents/writeJournalCsv.js';
import { isUniqueViolation } from '../isUniqueViolation.js';
import { taxProfiles } from '../tax/taxProfiles.js';
import { type ApprovalRequest, approvalRequests } from './approvalTypedData.js';
import { approvePayRun } from './approvePayRun.js';
import type { BatchGasOptions } from './buildRunBatches.js';
import { calculatePayRun } from './calculatePayRun.js';
import { cancelPayRun } from './cancelPayRun.js';
import { continuePayRunExecution } from './continuePayRunExecution.js';
import { payoutAssetsOf } from './PayoutAsset.js';
import { type PayRun, type PayRunDetail, type PayRunProgress, toPayRun } from './PayRun.js';
import type { PayRunChain } from './PayRunChain.js';
import type { PayRunContext } from './PayRunContext.js';
import type { PayRunStatus } from './PayRunTables.js';
import { readApprovalParts, readPayRun, readPayRunDetail, readPayRunParts, readPayRunProgress } from './readPayRun.js';
import { readPayRunJournal } from './readPayRunJournal.js';
import { releasePayRunLine } from './releasePayRunLine.js';
import { repricePayRun } from './repricePayRun.js';
import { revokePayRunApproval } from './revokePayRunApproval.js';
import type { ScreenPayout } from './ScreenPayout.js';
import { screenPayRun } from './screenPayRun.js';
import { startPayRunExecution } from './startPayRunExecution.js';
import { toPayslipViews } from './toPayslipViews.js';
import { toYearlyStatementView } from './toYearlyStatementView.js';

export type CreatePayRunsParameters = {
  db: Kysely<Tables>;
  audit: AuditLog;
  chain: PayRunChain;
  companies: Pick<Companies, 'get' | 'update'>;
  /** Screens one crypto payout (the platform passes screenWithRiskEngine(risk)). */
  screen: ScreenPayout;
  /** SEPA files, payslips: `<documentsDir>/<payRunId>/…` (the platform uses `<dataDir>/payruns`). */
  documentsDir: string;
  sepaSchemaFile?: string | undefined;
  /** A price feed answer older than this stops pricing; default 3,600 s (config `payrollMaxQuoteAgeSeconds`). */
  maxQuoteAgeSeconds?: number | undefined;
  /** How long approved batches can be executed after pricing; default 72 h. */
  batchValiditySeconds?: number | undefined;
  /** How runs are split into batches; buildPayoutBatches' defaults (80 % of a 30M block) when absent. */
  gas?: BatchGasOptions | undefined;
  screeningConcurrency?: number | undefined;
  logger?: Logger | undefined;
};

export type ChangeContext = { actor: string };

export type CreatePayRunInput = {
  /** `YYYY-MM`. */
  period: string;
  /** `YYYY-MM-DD`; default the period's last weekday, or today when that has passed. */
  requestedExecutionDate?: string | undefined;
};

export type PayRuns = ReturnType<typeof createPayRuns>;

/**
 * Pay runs: a company's monthly payroll as a state machine in the database (see payRunStatus), from calculation to
 * payment on chain and by SEPA file, with the documents it produces.
 * @example
 * const payRuns = createPayRuns({ db, audit, chain, companies, screen: screenWithRiskEngine(risk), documentsDir })
 * const run = await payRuns.create('acme', { period: '2026-11' }, { actor })
 * await payRuns.calculate(run.id, { actor }); await payRuns.screen(run.id, { actor })
 */
export function createPayRuns(parameters: CreatePayRunsParameters) {
  const { db, audit, chain, companies } = parameters;
  const payableAssets = payoutAssetsOf(chain);
  const { gas } = parameters;
  const context: PayRunContext = {
    db,
    audit,
    chain,
    companies,
    screen: parameters.screen,
    payableAssets,
    documentsDir: parameters.documentsDir,
    sepaSchemaFile: parameters.sepaSchemaFile,
    maxQuoteAgeSeconds: parameters.maxQuoteAgeSeconds ?? 3_600,
    batchValiditySeconds: parameters.batchValiditySeconds ?? 72 * 3_600,
    gas,
    screeningConcurrency: parameters.screeningConcurrency,
    logger: parameters.logger,
  };
  // One execution per run in this process; the sender's idempotency keys and the vault protect across processes.
  const running = new Map<string, Promise<PayRun>>();

  const continueRun = (id: string, actor: string): Promise<PayRun> => {
    const inFlight = running.get(id);
    if (inFlight) return inFlight;
    const run = continuePayRunExecution(context, id, actor).finally(() => running.delete(id));
    running.set(id, run);
    return run;
  };

  const companyOf = async (id: string) => companies.get((await readPayRun(db, id)).companyId);

  const payslipViews = async (id: string): Promise<PayslipView[]> => {
    const run = await readPayRun(db, id);
    const company = await companies.get(run.companyId);
    const parts = await readPayRunParts(db, id);
    return toPayslipViews({
      run,
      company,
      profile: run.taxProfileId ? taxProfiles.get(run.taxProfileId) : undefined,
      lines: parts.lines,
      payouts: parts.payouts,
      chainId: run.vault?.chainId ?? chain.chainId,
    });
  };

  const isFinal = async (id: string): Promise<boolean> => {
    const { status } = await readPayRun(db, id);
    return status === 'paid' || status === 'partially_paid' || status === 'failed';
  };

  return {
    async create(companyId: string, input: CreatePayRunInput, { actor }: ChangeContext): Promise<PayRun> {
      const company = await companies.get(companyId);
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.period ?? ''))
        throw new ValidationError(`The period must be a month written YYYY-MM, not "${input.period}".`, {
          field: 'period',
        });
      const requestedExecutionDate = input.requestedExecutionDate ?? defaultExecutionDate(input.period);
      if (!isDay(requestedExecutionDate))
        throw new ValidationError(
          `The execution date must be a day written YYYY-MM-DD, not "${requestedExecutionDate}".`,
          {
            field: 'requestedExecutionDate',
          },
        );
      const id = randomUUID();
      try {
        return await db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto('pay_runs')
            .values({
              id,
              company_id: company.id,
              period: input.period,
              status: 'draft',
              currency: company.baseCurrency,
              tax_profile_id: company.taxProfileId,
              requested_execution_date: requestedExecutionDate,
              funding: '[]',
              created_by: actor,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit.append(
            {
              actor,
              action: 'payrun.create',
              subject: `payrun:${id}`,
              data: { companyId: company.id, period: input.period, requestedExecutionDate },
            },
            trx,
          );
          return toPayRun(row);
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const existing = await db
          .selectFrom('pay_runs')
          .select(['id', 'status'])
          .where('company_id', '=', company.id)
          .where('period', '=', input.period)
          .where('status', '!=', 'cancelled')
          .executeTakeFirst();
        throw new ConflictError(`Company ${company.id} has a pay run for ${input.period} already.`, {
          field: 'period',
          details: existing
            ? `Pay run ${existing.id} is ${existing.status}; cancel it first for a new one.`
            : undefined,
        });
      }
    },

    async get(id: string): Promise<PayRunDetail> {
      return readPayRunDetail(db, id, await companyOf(id));
    },

    async list(
      companyId: string,
      filter: { status?: PayRunStatus | undefined; limit?: number | undefined } = {},
    ): Promise<PayRun[]> {
      await companies.get(companyId);
      let query = db
        .selectFrom('pay_runs')
        .selectAll()
        .where('company_id', '=', companyId)
        .orderBy('period', 'desc')
        .orderBy('created_at', 'desc')
        .limit(Math.min(Math.max(filter.limit ?? 100, 1), 1000));
      if (filter.status) query = query.where('status', '=', filter.status);
      return (await query.execute()).map(toPayRun);
    },

    progress: (id: string): Promise<PayRunProgress> => readPayRunProgress(db, id),

    /** What approvers sign: the run digest and each batch's EIP-712 typed data. */
    async approvalRequests(id: string): Promise<ApprovalRequest[]> {
      const run = await readPayRun(db, id);
      const { batches } = await readApprovalParts(db, id);
      return approvalRequests(run, batches, chain.chainId);
    },

    calculate: (id: string, { actor }: ChangeContext) =>
      calculatePayRun({ db, audit, payRunId: id, payableAssets: new Set(payableAssets.keys()), actor }),

    screen: (id: string, { actor }: ChangeContext) =>
      screenPayRun({
        db,
        audit,
        chain,
        companies,
        screen: parameters.screen,
        payableAssets,
        payRunId: id,
        actor,
        maxQuoteAgeSeconds: context.maxQuoteAgeSeconds,
        batchValiditySeconds: context.batchValiditySeconds,
        gas,
        concurrency: parameters.screeningConcurrency,
      }),

    reprice: (id: string, { actor }: ChangeContext) => repricePayRun({ db, audit, payRunId: id, actor }),

    async approve(
      id: string,
      input: { approver: string; signature: string; batchIndex?: number | null | undefined },
      { actor }: ChangeContext,
    ): Promise<PayRun> {
      return approvePayRun({ db, audit, chain, company: await companyOf(id), payRunId: id, ...input, actor });
    },

    async revoke(
      id: string,
      input: { approver: string; batchIndex?: number | null | undefined },
      { actor }: ChangeContext,
    ): Promise<PayRun> {
      return revokePayRunApproval({ db, audit, company: await companyOf(id), payRunId: id, ...input, actor });
    },

    async releaseLine(id: string, input: { employeeId: string; comment: string }, { actor }: ChangeContext) {
      return releasePayRunLine({
        db,
        audit,
        company: await companyOf(id),
        chainId: chain.chainId,
        payRunId: id,
        ...input,
        actor,
        batchValiditySeconds: context.batchValiditySeconds,
        gas,
      });
    },

    cancel: (id: string, input: { reason: string }, { actor }: ChangeContext) =>
      cancelPayRun({ db, audit, payRunId: id, reason: input.reason, actor }),

    /**
     * approved → executing (every check first; see startPayRunExecution), then pays in the background — or, with
     * `wait`, before returning the final run. Progress: `progress(id)`.
     */
    async execute(id: string, { actor }: ChangeContext, options: { wait?: boolean } = {}): Promise<PayRun> {
      const started = await startPayRunExecution(context, id, actor);
      const finishing = continueRun(id, actor);
      if (options.wait) return finishing;
      finishing.catch((err) =>
        context.logger?.warn({ err, payRunId: id }, 'pay run execution stopped; it resumes later'),
      );
      return started;
    },

    /** Continues an executing run from where it stands (after a crash, a lost node, a restart). */
    resume: (id: string, { actor }: ChangeContext) => continueRun(id, actor),

    /** Continues every executing run; what the platform calls at start. Failures are reported, not thrown. */
    async resumeExecuting(
      actor = 'system:resume',
    ): Promise<{ resumed: PayRun[]; failed: { id: string; error: string }[] }> {
      const executing = await db.selectFrom('pay_runs').select('id').where('status', '=', 'executing').execute();
      const resumed: PayRun[] = [];
      const failed: { id: string; error: string }[] = [];
      for (const { id } of executing) {
        try {
          resumed.push(await continueRun(id, actor));
        } catch (error) {
          failed.push({ id, error: (error as Error).message });
          context.logger?.warn({ err: error, payRunId: id }, 'resuming a pay run failed; it stays executing');
        }
      }
      return { resumed, failed };
    },

    /** The stored SEPA file of an executed run. */
    async sepa(id: string): Promise<{ fileName: string; messageId: string; sha256: string; xml: string }> {
      const row = await db
        .selectFrom('pay_runs')
        .select(['sepa_xml', 'sepa_message_id', 'sepa_sha256', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) throw new NotFoundError(`No pay run ${id}`, { field: 'id' });
      if (!row.sepa_xml || !row.sepa_message_id || !row.sepa_sha256)
        throw new NotFoundError(
          `Pay run ${id} has no SEPA file (it is ${row.status}; the file is written at execution).`,
          {
            field: 'sepa',
          },
        );
      return {
        fileName: `pain001-${row.sepa_message_id}.xml`,
        messageId: row.sepa_message_id,
        sha256: row.sepa_sha256,
        xml: row.sepa_xml,
      };
    },

    payslipViews,

    /** One employee's payslip PDF (rendered once and kept with the run's documents). */
    async payslip(id: string, employeeId: string): Promise<{ fileName: string; pdf: Buffer }> {
      const view = (await payslipViews(id)).find((v) => v.employee.id === employeeId);
      if (!view) throw new NotFoundError(`Pay run ${id} has no payslip for ${employeeId}.`, { field: 'employeeId' });
      const folder = join(parameters.documentsDir, id, 'payslips');
      const fileName = payslipFileName(view);
      const cached = await readFile(join(folder, fileName)).catch(() => undefined);
      if (cached && (await isFinal(id))) return { fileName, pdf: cached };
      const pdf = await renderPayslip(view);
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, `${fileName}.tmp`), pdf);
      await rename(join(folder, `${fileName}.tmp`), join(folder, fileName));
      return { fileName, pdf };
    },

    /** Every payslip of the run as PDFs in `outDir` (default: the run's documents folder), on worker threads. */
    async renderPayslips(id: string, outDir?: string): Promise<{ dir: string; files: RenderedPayslip[] }> {
      const dir = outDir ?? join(parameters.documentsDir, id, 'payslips');
      const { files } = await renderPayslips(await payslipViews(id), dir);
      return { dir, files };
    },

    /** The run's ledger entries as an accounting CSV journal. */
    async journalCsv(id: string): Promise<string> {
      const run = await readPayRun(db, id);
      return writeJournalCsv(await readPayRunJournal(db, run.companyId, id));
    },

    /** An employee's crypto receipts of a year, as PDF and CSV. */
    async yearlyStatement(
      companyId: string,
      employeeId: string,
      year: number,
    ): Promise<RenderYearlyStatementReturnType & { statementId: string }> {
      const company = await companies.get(companyId);
      const view = await toYearlyStatementView({ db, company, employeeId, year, chainId: chain.chainId });
      return { statementId: view.statementId, ...(await renderYearlyStatement(view)) };
    },

    /** Waits for the executions this process is running. */
    async close(): Promise<void> {
      await Promise.allSettled([...running.values()]);
    },
  };
}

function isDay(value: string): boolean {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  return !!date && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The last weekday of the period, or today when that day has passed. */
function defaultExecutionDate(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const day = new Date(Date.UTC(year, month, 0));
  while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day.setUTCDate(day.getUTCDate() - 1);
  const today = new Date().toISOString().slice(0, 10);
  const last = day.toISOString().slice(0, 10);
  return last < today ? today : last;
}
