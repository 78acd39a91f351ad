import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { AuthError } from '../../errors/BaseError.js';
import type { Principal } from './createApiKeys.js';

/** How long a browser session lasts from sign-in; after that the user signs in again. */
export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

/** A signed-in caller as the API sees it: an API key's principal, plus who signed in when it is a session. */
export type SessionPrincipal = Principal & {
  sessionId: string;
  sessionExpiresAt: Date;
  /** Set for a local user; absent for a session opened with an API key. */
  userId?: string;
  email?: string;
};

export type OpenedSession = { id: string; token: string; expiresAt: Date };

/**
 * Browser sessions behind an HttpOnly cookie. The token is 32 random bytes; only its sha256 is stored, so a
 * database dump does not hand out sessions. A session belongs to a user or to an API key (signing in with a key).
 */
export function createSessions({ db, now = () => new Date() }: { db: Kysely<Tables>; now?: () => Date }) {
  return {
    async open(owner: { userId: string } | { apiKeyId: string }): Promise<OpenedSession> {
      const token = randomBytes(32).toString('base64url');
      const id = `s_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      const expiresAt = new Date(now().getTime() + sessionLifetimeMs);
      await db
        .insertInto('sessions')
        .values({
          id,
          token_hash: hashToken(token),
          user_id: 'userId' in owner ? owner.userId : null,
          api_key_id: 'apiKeyId' in owner ? owner.apiKeyId : null,
          expires_at: expiresAt,
          revoked_at: null,
        })
        .execute();
      return { id, token, expiresAt };
    },

    /**
     * The principal a session token stands for. Refuses unknown, expired and ended sessions, sessions of disabled
     * users and of revoked keys alike, with no hint which.
     */
    async authenticate(token: string): Promise<SessionPrincipal> {
      const row = await db
        .selectFrom('sessions')
        .leftJoin('users', 'users.id', 'sessions.user_id')
        .leftJoin('api_keys', 'api_keys.id', 'sessions.api_key_id')
        .select([
          'sessions.id as sessionId',
          'sessions.expires_at as expiresAt',
          'sessions.revoked_at as revokedAt',
          'users.id as userId',
          'users.email as email',
          'users.name as userName',
          'users.role as userRole',
          'users.disabled_at as disabledAt',
          'api_keys.id as keyId',
          'api_keys.name as keyName',
          'api_keys.role as keyRole',
          'api_keys.revoked_at as keyRevokedAt',
        ])
        .where('sessions.token_hash', '=', hashToken(token))
        .executeTakeFirst();
      const invalid = () => new AuthError('Your session has ended; sign in again.', 401);
      if (!row || row.revokedAt || row.expiresAt.getTime() <= now().getTime()) throw invalid();
      if (row.userId && row.userRole && row.email && row.userName && !row.disabledAt)
        return {
          keyId: `user:${row.email}`,
          name: row.userName,
          role: row.userRole,
          sessionId: row.sessionId,
          sessionExpiresAt: row.expiresAt,
          userId: row.userId,
          email: row.email,
        };
      if (row.keyId && row.keyRole && row.keyName && !row.keyRevokedAt)
        return {
          keyId: row.keyId,
          name: row.keyName,
          role: row.keyRole,
          sessionId: row.sessionId,
          sessionExpiresAt: row.expiresAt,
        };
      throw invalid();
    },

    /** Ends a session (sign out); ending an unknown or ended one is not an error. */
    async end(token: string): Promise<void> {
      await db
        .updateTable('sessions')
        .set({ revoked_at: now() })
        .where('token_hash', '=', hashToken(token))
        .where('revoked_at', 'is', null)
        .execute();
    },

    /** Forgets sessions that ended more than a day ago. */
    async prune(): Promise<number> {
      const before = new Date(now().getTime() - 24 * 60 * 60 * 1000);
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
