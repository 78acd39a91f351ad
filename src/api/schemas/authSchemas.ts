import { z } from '@hono/zod-openapi';

/** The roles a user or an API key can have; kept here too so that the web app can import it without node:crypto. */
export const roleNames = ['admin', 'approver', 'viewer', 'compliance'] as const;
const role = z.enum(roleNames).openapi({ example: 'approver' });

/** At least 12 characters; the server repeats the check (createUsers) for callers that skip this schema. */
export const passwordSchema = z
  .string()
  .min(12, 'a password needs at least 12 characters')
  .max(1024, 'a password may have at most 1024 characters');

const email = z.string().trim().max(254).email('an email address such as ada@example.com');

export const loginRequestSchema = z
  .object({
    email: z.string().trim().max(254).optional().openapi({ example: 'ada@acme.example' }),
    password: z.string().max(1024).optional(),
    apiKey: z.string().trim().max(200).optional().openapi({ description: 'sign in with an API key instead' }),
  })
  .strict()
  .superRefine((value, context) => {
    if (value.apiKey) return;
    if (!value.email) context.addIssue({ code: 'custom', path: ['email'], message: 'enter your email address' });
    if (!value.password) context.addIssue({ code: 'custom', path: ['password'], message: 'enter your password' });
  })
  .openapi('LoginRequest');

export const meSchema = z
  .object({
    kind: z.enum(['user', 'api-key', 'local']),
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    role,
    sessionExpiresAt: z.string().nullable(),
  })
  .openapi('Me');

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, 'enter your current password').max(1024), newPassword: passwordSchema })
  .strict()
  .openapi('ChangePassword');

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role,
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
  })
  .openapi('User');

export const userCreateSchema = z
  .object({
    email,
    name: z.string().trim().min(1, 'enter a name').max(200),
    role,
    password: passwordSchema,
  })
  .strict()
  .openapi('UserCreate');
