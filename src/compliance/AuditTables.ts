import type { ColumnType } from 'kysely';

export type AuditEventsTable = {
  seq: ColumnType<bigint, bigint, never>;
  at: Date;
  actor: string;
  action: string;
  subject: string;
  data: unknown;
  prev_hash: string;
  hash: string;
};

export type AuditTables = { audit_events: AuditEventsTable };
