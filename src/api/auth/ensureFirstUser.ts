import type { AuditLog } from '../../compliance/createAuditLog.js';
import { ConfigError } from '../../errors/BaseError.js';
import type { User, Users } from './createUsers.js';

export type FirstUserResult = {
  /** The admin created from TANDEM_ADMIN_EMAIL / TANDEM_ADMIN_PASSWORD on this start, if any. */
  created: User | undefined;
  /** False when nobody can sign in with a password yet: `tandem start` then says how to create the first user. */
  usersExist: boolean;
};

/**
 * The first admin for the web app. With TANDEM_ADMIN_EMAIL and TANDEM_ADMIN_PASSWORD set (containers, scripted
 * installs) that admin is created unless a user with the email exists; the password is never written anywhere but
 * its hash. Without them nothing is created: `tandem start` prints how to create one, and the admin API key it
 * prints can sign in to the web app meanwhile.
 */
export async function ensureFirstUser(
  { users, audit }: { users: Users; audit: AuditLog },
  environment: NodeJS.ProcessEnv = process.env,
): Promise<FirstUserResult> {
  const email = environment.TANDEM_ADMIN_EMAIL?.trim();
  const password = environment.TANDEM_ADMIN_PASSWORD;
  if (Boolean(email) !== Boolean(password))
    throw new ConfigError('TANDEM_ADMIN_EMAIL and TANDEM_ADMIN_PASSWORD go together.', {
      details: 'Set both to create the first admin user on start, or neither.',
      field: email ? 'TANDEM_ADMIN_PASSWORD' : 'TANDEM_ADMIN_EMAIL',
    });
  if (email && password && !(await users.list()).some((user) => user.email === email.toLowerCase())) {
    const created = await users
      .create({ email, name: environment.TANDEM_ADMIN_NAME?.trim() || 'Administrator', role: 'admin', password })
      .catch((cause: Error) => {
        throw new ConfigError('The first admin user from TANDEM_ADMIN_EMAIL cannot be created.', {
          cause,
          field: (cause as { field?: string }).field === 'password' ? 'TANDEM_ADMIN_PASSWORD' : 'TANDEM_ADMIN_EMAIL',
        });
      });
    await audit.append({
      actor: 'system',
      action: 'user.create',
      subject: `user:${created.id}`,
      data: { email: created.email, role: 'admin', reason: 'TANDEM_ADMIN_EMAIL on start' },
    });
    return { created, usersExist: true };
  }
  return { created: undefined, usersExist: (await users.count()) > 0 };
}
