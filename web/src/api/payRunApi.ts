import type { z } from 'zod';
import type {
  payRunBatchSchema,
  payRunDetailSchema,
  payRunLineSchema,
  payRunPayoutSchema,
  payRunSchema,
  payRunStatusSchema,
} from '../../../src/api/schemas/payRunSchemas.js';
import type { TypedData } from '../wallet/signTypedData.js';
import { query } from './client.js';

/** The pay-run API (src/api/routes/payRunRoutes.ts) as the web app uses it: every path in one place. */
export const payRunPaths = {
  list: (companyId: string) => `/v1/companies/${encodeURIComponent(companyId)}/pay-runs${query({ limit: 100 })}`,
  create: (companyId: string) => `/v1/companies/${encodeURIComponent(companyId)}/pay-runs`,
  detail: (id: string) => `/v1/pay-runs/${encodeURIComponent(id)}`,
  action: (id: string, action: 'calculate' | 'screen' | 'execute' | 'reprice' | 'resume') =>
    `/v1/pay-runs/${encodeURIComponent(id)}/${action}`,
  approvalRequests: (id: string) => `/v1/pay-runs/${encodeURIComponent(id)}/approval-requests`,
  approve: (id: string) => `/v1/pay-runs/${encodeURIComponent(id)}/approve`,
  releaseLine: (id: string) => `/v1/pay-runs/${encodeURIComponent(id)}/release-line`,
  sepa: (id: string) => `/v1/pay-runs/${encodeURIComponent(id)}/sepa`,
  payslip: (id: string, employeeId: string) =>
    `/v1/pay-runs/${encodeURIComponent(id)}/payslips/${encodeURIComponent(employeeId)}.pdf`,
  journal: (id: string) => `/v1/pay-runs/${encodeURIComponent(id)}/journal.csv`,
  payslipsZip: (id: string) => `/v1/pay-runs/${encodeURIComponent(id)}/payslips.zip`,
};

export type PayRunStatus = z.infer<typeof payRunStatusSchema>;
export type PayRun = z.infer<typeof payRunSchema>;
export type PayRunDetail = z.infer<typeof payRunDetailSchema>;
export type PayRunLine = z.infer<typeof payRunLineSchema>;
export type PayRunPayout = z.infer<typeof payRunPayoutSchema>;
export type PayRunBatch = z.infer<typeof payRunBatchSchema>;
export type ApprovalRequest = { batchIndex: number | null; digest: string; typedData: TypedData };

export const payRunSteps: { status: PayRunStatus; label: string }[] = [
  { status: 'draft', label: 'Draft' },
  { status: 'calculated', label: 'Calculated' },
  { status: 'screened', label: 'Screened' },
  { status: 'approved', label: 'Approved' },
  { status: 'executing', label: 'Executing' },
  { status: 'paid', label: 'Paid' },
];
