import type { Generated } from 'kysely';

export type Role = 'admin' | 'approver' | 'viewer' | 'compliance';

export type ApiKeysTable = {
  id: string;
  name: string;
  role: Role;
  secret_hash: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

export type AccessTables = { api_keys: ApiKeysTable };
