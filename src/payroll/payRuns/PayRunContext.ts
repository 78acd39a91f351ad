import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AuditLog } from '../../compliance/createAuditLog.js';
import type { Tables } from '../../db/Tables.js';
import type { Companies } from '../createCompanies.js';
import type { BatchGasOptions } from './buildRunBatches.js';
import type { PayoutAsset } from './PayoutAsset.js';
import type { PayRunChain } from './PayRunChain.js';
import type { ScreenPayout } from './ScreenPayout.js';

/** Everything the steps of a pay run work with, wired once by createPayRuns. */
export type PayRunContext = {
  db: Kysely<Tables>;
  audit: AuditLog;
  chain: PayRunChain;
  companies: Pick<Companies, 'get' | 'update'>;
  screen: ScreenPayout;
  payableAssets: ReadonlyMap<string, PayoutAsset>;
  /** Where SEPA files, payslips and statements are written: `<documentsDir>/<payRunId>/…`. */
  documentsDir: string;
  /** The pain.001.001.03 XSD (validatePain001's default when absent). */
  sepaSchemaFile?: string | undefined;
  maxQuoteAgeSeconds: number;
  batchValiditySeconds: number;
  gas?: BatchGasOptions | undefined;
  screeningConcurrency?: number | undefined;
  logger?: Logger | undefined;
};
