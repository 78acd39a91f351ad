import { randomBytes, randomUUID, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../../db/Tables.js';
import { ConflictError, NotFoundError, ValidationError } from '../../errors/BaseError.js';
import { isUniqueViolation } from '../../payroll/isUniqueViolation.js';
import type { Role } from './AccessTables.js';
import { roles } from './createApiKeys.js';
import type { UsersTable } from './UserTables.js';

export type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  disabledAt: Date | null;
};

export type CreateUserInput = { email: string; name: string; role: Role; password: string };

/** Passwords shorter than this are refused: a web app that moves salaries deserves more than a PIN. */
export const minimumPasswordLength = 12;

/**
 * scrypt cost: N = 2^15, r = 8, p = 1 (OWASP's minimum recommendation for scrypt), 32 MiB and about 50 ms per
 * check on one core. Each hash stores its own parameters, so raising them later does not lock anyone out.
 */
const scryptCost = { N: 2 ** 15, r: 8, p: 1 } as const;
const keyLength = 32;

/** Local users who sign in to the web app with an email and a password, each with one role. */
export function createUsers({ db }: { db: Kysely<Tables> }) {
  // Checked against when the email is unknown, so a wrong email takes as long as a wrong password.
  const decoyHash = hashPassword(randomBytes(16).toString('hex'));

  return {
    /** @throws ValidationError naming the field; ConflictError when the email is taken. */
    async create(input: CreateUserInput): Promise<User> {
      const email = normalizeEmail(input.email);
      const name = input.name.trim();
      if (!name || name.length > 200)
        throw new ValidationError('A user needs a name (1 to 200 characters).', { field: 'name' });
      if (!roles.includes(input.role))
        throw new ValidationError(`Unknown role "${input.role}"; use one of ${roles.join(', ')}.`, { field: 'role' });
      checkPassword(input.password);
      try {
        const row = await db
          .insertInto('users')
          .values({
            id: `u_${randomUUID().replaceAll('-', '').slice(0, 12)}`,
            email,
            name,
            role: input.role,
            password_hash: await hashPassword(input.password),
            disabled_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toUser(row);
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError(`A user with the email ${email} exists already.`, { field: 'email', cause: error });
        throw error;
      }
    },

    /** The user whose email and password these are, or undefined (also for a disabled user: no hint which). */
    async verifyPassword(emailInput: string, password: string): Promise<User | undefined> {
      const email = emailInput.trim().toLowerCase();
      const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      const matches = await passwordMatches(password, row?.password_hash ?? (await decoyHash));
      if (!row || !matches || row.disabled_at) return undefined;
      return toUser(row);
    },

    async get(id: string): Promise<User> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new NotFoundError(`No user with id ${id}.`, { field: 'id' });
      return toUser(row);
    },

    async list(): Promise<User[]> {
      return (await db.selectFrom('users').selectAll().orderBy('created_at').orderBy('email').execute()).map(toUser);
    },

    async count(): Promise<number> {
      const { count } = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      return Number(count);
    },

    /** Disables a user and ends their sessions; they can no longer sign in. */
    async disable(id: string): Promise<User> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('users')
          .set({ disabled_at: new Date() })
          .where('id', '=', id)
          .where('disabled_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        if (!row) {
          const exists = await trx.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
          if (!exists) throw new NotFoundError(`No user with id ${id}.`, { field: 'id' });
          throw new ConflictError(`The user ${id} is disabled already.`, { field: 'id' });
        }
        await trx
          .updateTable('sessions')
          .set({ revoked_at: new Date() })
          .where('user_id', '=', id)
          .where('revoked_at', 'is', null)
          .execute();
        return toUser(row);
      });
    },

    /** Sets a new password (checked as at creation) and ends the user's other sessions. */
    async setPassword(id: string, password: string, keepSessionId?: string): Promise<void> {
      checkPassword(password, 'newPassword');
      const hash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('users')
          .set({ password_hash: hash })
          .where('id', '=', id)
          .returning('id')
          .executeTakeFirst();
        if (!row) throw new NotFoundError(`No user with id ${id}.`, { field: 'id' });
        let revoke = trx
          .updateTable('sessions')
          .set({ revoked_at: new Date() })
          .where('user_id', '=', id)
          .where('revoked_at', 'is', null);
        if (keepSessionId) revoke = revoke.where('id', '<>', keepSessionId);
        await revoke.execute();
      });
    },
  };
}

export type Users = ReturnType<typeof createUsers>;

function normalizeEmail(input: string): string {
  const email = input.trim().toLowerCase();
  if (email.length > 254 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw new ValidationError(`"${input}" is not an email address.`, { field: 'email' });
  return email;
}

function checkPassword(password: string, field = 'password') {
  if (password.length < minimumPasswordLength)
    throw new ValidationError(`A password needs at least ${minimumPasswordLength} characters.`, { field });
  if (password.length > 1024) throw new ValidationError('A password may have at most 1024 characters.', { field });
}

function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = scryptCost;
  const hash = await scryptAsync(password, salt, keyLength, { N, r, p, maxmem: 256 * N * r });
  return ['scrypt', N, r, p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Checks a password against a stored hash in constant time; a malformed hash never matches. */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (!Number.isSafeInteger(cost.N) || cost.N > 2 ** 20 || cost.r > 32 || cost.p > 16) return false;
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    ...cost,
    maxmem: 256 * cost.N * cost.r,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}
