import { readFile } from 'node:fs/promises';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { zipSync } from 'fflate';
import type { Context } from 'hono';
import { payslipFileName } from '../../payroll/documents/renderPayslips.js';
import type { Platform } from '../../platform/Platform.js';
import type { ApiEnv } from '../ApiEnv.js';
import { requireRole } from '../auth/requireRole.js';
import {
  approvalRequestSchema,
  approveRequestSchema,
  cancelRequestSchema,
  payRunCreateSchema,
  payRunDetailSchema,
  payRunProgressSchema,
  payRunSchema,
  payRunStatusSchema,
  payslipListSchema,
  releaseLineRequestSchema,
  revokeRequestSchema,
  sepaFileSchema,
  yearlyStatementSchema,
} from '../schemas/payRunSchemas.js';
import { toJson } from '../toJson.js';
import { jsonContent } from './jsonContent.js';

const readers = requireRole('viewer', 'approver', 'compliance');
const approvers = requireRole('approver');
const admins = requireRole('admin');
const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});
const runParams = z.object({ id: z.string().uuid().openapi({ example: '0b6f5a2e-7c1d-4e8f-9a0b-1c2d3e4f5a6b' }) });
const companyParams = z.object({ id: z.string().min(1).max(63).openapi({ example: 'acme' }) });
const formatQuery = z.object({ format: z.enum(['json']).optional() });
const binary = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: z.string().openapi({ format: 'binary' }) } },
});

const step = (path: string, summary: string, middleware: typeof admins, request?: object) =>
  createRoute({
    method: 'post',
    path: `/v1/pay-runs/{id}/${path}`,
    tags: ['payroll'],
    summary,
    middleware: [middleware] as const,
    request: { params: runParams, ...(request ?? {}) },
    responses: { 200: jsonContent(payRunSchema, 'The run after the step') },
  });

const createRunRoute = createRoute({
  method: 'post',
  path: '/v1/companies/{id}/pay-runs',
  tags: ['payroll'],
  summary: 'Open a pay run (draft) for a month; one live run per company and period',
  middleware: [admins] as const,
  request: { params: companyParams, ...body(payRunCreateSchema) },
  responses: { 201: jsonContent(payRunSchema, 'Created (draft)') },
});

const listRunsRoute = createRoute({
  method: 'get',
  path: '/v1/companies/{id}/pay-runs',
  tags: ['payroll'],
  summary: "A company's pay runs, newest period first",
  middleware: [readers] as const,
  request: {
    params: companyParams,
    query: z.object({
      status: payRunStatusSchema.optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional(),
    }),
  },
  responses: { 200: jsonContent(z.object({ payRuns: z.array(payRunSchema) }), 'Pay runs') },
});

const getRunRoute = createRoute({
  method: 'get',
  path: '/v1/pay-runs/{id}',
  tags: ['payroll'],
  summary: 'A pay run with its lines, payouts, batches, approvals and progress',
  middleware: [readers] as const,
  request: { params: runParams },
  responses: { 200: jsonContent(payRunDetailSchema, 'The run') },
});

const progressRoute = createRoute({
  method: 'get',
  path: '/v1/pay-runs/{id}/progress',
  tags: ['payroll'],
  summary: 'How far a run is (batches done of total, payouts paid): cheap to poll while it executes',
  middleware: [readers] as const,
  request: { params: runParams },
  responses: { 200: jsonContent(payRunProgressSchema, 'Progress') },
});

const approvalRequestsRoute = createRoute({
  method: 'get',
  path: '/v1/pay-runs/{id}/approval-requests',
  tags: ['payroll'],
  summary: 'What approvers sign: the EIP-712 typed data of the run and of each on-chain batch',
  middleware: [readers] as const,
  request: { params: runParams },
  responses: { 200: jsonContent(z.object({ requests: z.array(approvalRequestSchema) }), 'Typed data to sign') },
});

const calculateRoute = step(
  'calculate',
  'draft → calculated: gross to net and the split of every active employee',
  admins,
);
const screenRoute = step(
  'screen',
  'calculated → screened: price the crypto payouts at the feeds, screen every recipient, build the batches',
  admins,
);
const repriceRoute = step('reprice', 'screened | approved → calculated: drop quotes, decisions and batches', admins);
const approveRoute = step(
  'approve',
  "An approver's EIP-712 signature of the run (no batchIndex) or of one batch; N of M → approved",
  approvers,
  body(approveRequestSchema),
);
const revokeRoute = step(
  'revoke',
  "Withdraw an approver's approvals before execution (approved → screened when below the threshold)",
  approvers,
  body(revokeRequestSchema),
);
const releaseLineRoute = step(
  'release-line',
  'Let a line held for review be paid with the run (an approver, with a comment); the run needs approval again',
  approvers,
  body(releaseLineRequestSchema),
);
const cancelRoute = step('cancel', 'Cancel a run that is not executing yet', admins, body(cancelRequestSchema));
const resumeRoute = step('resume', 'Continue an executing run from where it stands', admins);

const executeRoute = createRoute({
  method: 'post',
  path: '/v1/pay-runs/{id}/execute',
  tags: ['payroll'],
  summary:
    'approved → executing: checks, SEPA file, ledger accrual, then the on-chain batches. 202 at once (poll progress), ' +
    'or 200 with the final run when wait=true',
  middleware: [admins] as const,
  request: { params: runParams, query: z.object({ wait: z.enum(['true', 'false']).optional() }) },
  responses: {
    200: jsonContent(payRunSchema, 'Finished (wait=true)'),
    202: jsonContent(payRunSchema, 'Executing'),
  },
});

const sepaRoute = createRoute({
  method: 'get',
  path: '/v1/pay-runs/{id}/sepa',
  tags: ['payroll'],
  summary: 'The SEPA credit-transfer file (pain.001.001.03) of an executed run; format=json wraps it',
  middleware: [readers] as const,
  request: { params: runParams, query: formatQuery },
  responses: {
    200: {
      description: 'The file',
      content: {
        'application/xml': { schema: z.string() },
        'application/json': { schema: sepaFileSchema },
      },
    },
  },
});

const payslipsRoute = createRoute({
  method: 'get',
  path: '/v1/pay-runs/{id}/payslips',
  tags: ['payroll'],
  summary: 'The payslips of a run, each a link to its PDF; include=content renders all and embeds them (base64)',
  middleware: [readers] as const,
  request: { params: runParams, query: z.object({ include: z.enum(['content']).optional() }) },
  responses: { 200: jsonContent(payslipListSchema, 'Payslips') },
});

const payslipRoute = createRoute({
  method: 'get',
  path: '/v1/pay-runs/{id}/payslips/{employeeId}',
  tags: ['payroll'],
  summary: "One employee's payslip as a PDF download (the employee id may end in .pdf)",
  middleware: [readers] as const,
  request: { params: runParams.extend({ employeeId: z.string().min(1).max(80) }) },
  responses: { 200: binary('application/pdf', 'The payslip') },
});

const payslipsZipRoute = createRoute({
  method: 'get',
  path: '/v1/pay-runs/{id}/payslips.zip',
  tags: ['payroll'],
  summary: 'All payslips of a run as one ZIP of PDFs, one per employee, named by payslip id',
  middleware: [readers] as const,
  request: { params: runParams },
  responses: { 200: binary('application/zip', 'The payslips') },
});

const journalRoute = createRoute({
  method: 'get',
  path: '/v1/pay-runs/{id}/journal.csv',
  tags: ['payroll'],
  summary: "The run's ledger entries as an accounting CSV journal (RFC 4180); format=json wraps it",
  middleware: [readers] as const,
  request: { params: runParams, query: formatQuery },
  responses: {
    200: {
      description: 'The journal',
      content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: z.object({ csv: z.string() }) } },
    },
  },
});

const statementRoute = createRoute({
  method: 'get',
  path: '/v1/companies/{id}/employees/{employeeId}/statements/{year}',
  tags: ['payroll'],
  summary:
    "An employee's yearly statement of crypto receipts at their value when received: {year} or {year}.pdf gives " +
    'the PDF, {year}.csv the CSV, format=json both',
  middleware: [readers] as const,
  request: {
    params: companyParams.extend({
      employeeId: z.string().min(1).max(64),
      year: z.string().regex(/^\d{4}(\.(pdf|csv))?$/, 'a year, optionally with .pdf or .csv'),
    }),
    query: formatQuery,
  },
  responses: {
    200: {
      description: 'The statement',
      content: {
        'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
        'text/csv': { schema: z.string() },
        'application/json': { schema: yearlyStatementSchema },
      },
    },
  },
});

export function registerPayRunRoutes(app: OpenAPIHono<ApiEnv>, platform: Platform) {
  const actor = (c: Context<ApiEnv>) => ({ actor: `key:${c.get('principal').keyId}` });
  const payRuns = () => platform.payRuns;
  const answer = (c: Context<ApiEnv>, value: unknown, status: 200 | 201 | 202 = 200): never =>
    c.json(toJson(value) as never, status) as never;
  const input = <T extends z.ZodType>(c: Context<ApiEnv>, _schema: T) =>
    (c.req as unknown as { valid(target: 'json'): z.infer<T> }).valid('json');

  app.openapi(createRunRoute, async (c) =>
    answer(c, await payRuns().create(c.req.valid('param').id, c.req.valid('json'), actor(c)), 201),
  );
  app.openapi(listRunsRoute, async (c) =>
    answer(c, { payRuns: await payRuns().list(c.req.valid('param').id, c.req.valid('query')) }),
  );
  app.openapi(getRunRoute, async (c) => answer(c, await payRuns().get(c.req.valid('param').id)));
  app.openapi(progressRoute, async (c) => answer(c, await payRuns().progress(c.req.valid('param').id)));
  app.openapi(approvalRequestsRoute, async (c) =>
    answer(c, { requests: await payRuns().approvalRequests(c.req.valid('param').id) }),
  );
  app.openapi(calculateRoute, async (c) => answer(c, await payRuns().calculate(c.req.valid('param').id, actor(c))));
  app.openapi(screenRoute, async (c) => answer(c, await payRuns().screen(c.req.valid('param').id, actor(c))));
  app.openapi(repriceRoute, async (c) => answer(c, await payRuns().reprice(c.req.valid('param').id, actor(c))));
  app.openapi(approveRoute, async (c) =>
    answer(c, await payRuns().approve(c.req.valid('param').id, input(c, approveRequestSchema), actor(c))),
  );
  app.openapi(revokeRoute, async (c) =>
    answer(c, await payRuns().revoke(c.req.valid('param').id, input(c, revokeRequestSchema), actor(c))),
  );
  app.openapi(releaseLineRoute, async (c) =>
    answer(c, await payRuns().releaseLine(c.req.valid('param').id, input(c, releaseLineRequestSchema), actor(c))),
  );
  app.openapi(cancelRoute, async (c) =>
    answer(c, await payRuns().cancel(c.req.valid('param').id, input(c, cancelRequestSchema), actor(c))),
  );
  app.openapi(resumeRoute, async (c) => answer(c, await payRuns().resume(c.req.valid('param').id, actor(c))));
  app.openapi(executeRoute, async (c) => {
    const wait = c.req.valid('query').wait === 'true';
    const run = await payRuns().execute(c.req.valid('param').id, actor(c), { wait });
    return answer(c, run, wait ? 200 : 202);
  });

  app.openapi(sepaRoute, async (c) => {
    const file = await payRuns().sepa(c.req.valid('param').id);
    if (c.req.valid('query').format === 'json') return answer(c, file);
    return c.body(file.xml, 200, {
      'content-type': 'application/xml; charset=utf-8',
      'content-disposition': `attachment; filename="${file.fileName}"`,
    }) as never;
  });

  app.openapi(payslipsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const views = await payRuns().payslipViews(id);
    const rendered =
      c.req.valid('query').include === 'content' ? (await payRuns().renderPayslips(id)).files : undefined;
    const payslips = await Promise.all(
      views.map(async (view, index) => ({
        employeeId: view.employee.id,
        payslipId: view.payslipId,
        fileName: payslipFileName(view),
        href: `/v1/pay-runs/${id}/payslips/${encodeURIComponent(view.employee.id)}.pdf`,
        ...(rendered ? { contentBase64: (await readFile(rendered[index]!.file)).toString('base64') } : {}),
      })),
    );
    return answer(c, { payslips });
  });

  app.openapi(payslipsZipRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { files } = await payRuns().renderPayslips(id);
    const entries: Record<string, [Uint8Array, { level: 0 }]> = {};
    // PDFs are compressed already: stored, not deflated again.
    for (const file of files) entries[payslipFileName(file)] = [await readFile(file.file), { level: 0 }];
    return c.body(zipSync(entries), 200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="payslips-${id}.zip"`,
    }) as never;
  });

  app.openapi(payslipRoute, async (c) => {
    const { id, employeeId } = c.req.valid('param');
    const { fileName, pdf } = await payRuns().payslip(id, employeeId.replace(/\.pdf$/, ''));
    return c.body(new Uint8Array(pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${fileName}"`,
    }) as never;
  });

  app.openapi(journalRoute, async (c) => {
    const csv = await payRuns().journalCsv(c.req.valid('param').id);
    if (c.req.valid('query').format === 'json') return answer(c, { csv });
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="journal-${c.req.valid('param').id}.csv"`,
    }) as never;
  });

  app.openapi(statementRoute, async (c) => {
    const { id, employeeId, year } = c.req.valid('param');
    const [yearText, extension = 'pdf'] = year.split('.');
    const statement = await payRuns().yearlyStatement(id, employeeId, Number(yearText));
    if (c.req.valid('query').format === 'json')
      return answer(c, {
        statementId: statement.statementId,
        totals: statement.totals,
        csv: statement.csv,
        pdfBase64: statement.pdf.toString('base64'),
      });
    const fileName = `statement-${statement.statementId}.${extension}`;
    if (extension === 'csv')
      return c.body(statement.csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${fileName}"`,
      }) as never;
    return c.body(new Uint8Array(statement.pdf), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${fileName}"`,
    }) as never;
  });
}
