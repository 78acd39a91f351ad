import type { Generated } from 'kysely';
import type { Role } from './AccessTables.js';

export type UsersTable = {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** `scrypt$N$r$p$salt$hash` (base64url salt and hash), so the parameters can be raised later per user. */
  password_hash: string;
  created_at: Generated<Date>;
  disabled_at: Date | null;
};

export type SessionsTable = {
  id: string;
  /** sha256 of the cookie's token: a database dump does not hand out sessions. */
  token_hash: string;
  user_id: string | null;
  /** A session opened by signing in with an API key instead of a password. */
  api_key_id: string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
};

export type UserTables = { users: UsersTable; sessions: SessionsTable };
