import type { AccessTables } from '../api/auth/AccessTables.js';
import type { UserTables } from '../api/auth/UserTables.js';
import type { ChainTables } from '../chain/ChainTables.js';
import type { AuditTables } from '../compliance/AuditTables.js';
import type { NetworkTables } from '../deai/onchain/NetworkTables.js';
import type { LedgerTables } from '../ledger/LedgerTables.js';
import type { PayrollTables } from '../payroll/PayrollTables.js';
import type { PayRunTables } from '../payroll/payRuns/PayRunTables.js';
import type { RiskTables } from '../risk/RiskTables.js';
import type { SanctionsTables } from '../risk/sanctions/SanctionsTables.js';

/**
 * Every table Tandem keeps, as Kysely sees it. Each domain declares its own tables next to its code; this is the
 * one place they meet.
 */
export type Tables = LedgerTables &
  ChainTables &
  AccessTables &
  AuditTables &
  SanctionsTables &
  PayrollTables &
  PayRunTables &
  RiskTables &
  UserTables &
  NetworkTables;
