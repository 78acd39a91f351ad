import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { AuthError, NotFoundError, ValidationError } from '../../errors/BaseError.js';
import type { ApiKeysTable, Role } from './AccessTables.js';

export const roles: readonly Role[] = ['admin', 'approver', 'viewer', 'compliance'];

export type ApiKeyInfo = {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};
export type Principal = { keyId: string; name: string; role: Role };

/**
 * API keys with roles. The secret is shown once at creation; only its sha256 is kept.
 *
 * A key that authenticated is remembered for `cacheSeconds` (default 5), so a busy client costs no database read
 * per request (screening at thousands of requests per second would otherwise spend a fifth of its time here).
 * Revoking through this process takes effect at once; a revocation by another server on the same database within
 * `cacheSeconds`. Unknown secrets are never remembered, so guessing cannot fill memory.
 */
export function createApiKeys({ db, cacheSeconds = 5 }: { db: Kysely<Tables>; cacheSeconds?: number }) {
  const maxRemembered = 10_000;
  const remembered = new Map<string, { principal: Principal; until: number }>();
  return {
    /** @returns the key info and the secret (`tdm_<id>_<random>`), which is never retrievable again. */
    async create(input: { name: string; role: Role }): Promise<{ key: ApiKeyInfo; secret: string }> {
      if (!roles.includes(input.role))
        throw new ValidationError(`Unknown role "${input.role}"; use one of ${roles.join(', ')}.`, { field: 'role' });
      if (!input.name.trim()) throw new ValidationError('A key needs a name.', { field: 'name' });
      const id = randomBytes(4).toString('hex');
      const secret = `tdm_${id}_${randomBytes(24).toString('base64url')}`;
      const row = await db
        .insertInto('api_keys')
        .values({
          id,
          name: input.name.trim(),
          role: input.role,
          secret_hash: hashSecret(secret),
          last_used_at: null,
          revoked_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { key: toInfo(row), secret };
    },

    /** The principal a secret stands for; refuses unknown and revoked keys alike (no hint which). */
    async authenticate(secret: string): Promise<Principal> {
      const hash = hashSecret(secret);
      const known = remembered.get(hash);
      if (known && known.until > Date.now()) return known.principal;
      const row = await db.selectFrom('api_keys').selectAll().where('secret_hash', '=', hash).executeTakeFirst();
      if (!row || row.revoked_at) {
        remembered.delete(hash);
        throw new AuthError('The API key is not valid.', 401);
      }
      const principal: Principal = { keyId: row.id, name: row.name, role: row.role };
      if (cacheSeconds > 0) {
        if (remembered.size >= maxRemembered) remembered.clear();
        remembered.set(hash, { principal, until: Date.now() + cacheSeconds * 1000 });
      }
      return principal;
    },

    async list(): Promise<ApiKeyInfo[]> {
      return (await db.selectFrom('api_keys').selectAll().orderBy('created_at').execute()).map(toInfo);
    },

    async revoke(id: string): Promise<ApiKeyInfo> {
      const row = await db
        .updateTable('api_keys')
        .set({ revoked_at: new Date() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new NotFoundError(`No active API key with id ${id}.`, { field: 'id' });
      remembered.delete(row.secret_hash);
      return toInfo(row);
    },
  };
}

export type ApiKeys = ReturnType<typeof createApiKeys>;

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function toInfo(row: Selectable<ApiKeysTable>): ApiKeyInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
