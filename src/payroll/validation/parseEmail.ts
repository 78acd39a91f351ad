import { ValidationError } from '../../errors/BaseError.js';

// The WHATWG HTML "valid e-mail address" rule, plus a dot in the domain: what a person types into a form, without
// RFC 5322's quoted local parts and comments, which no payroll address needs.
const emailShape =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

/**
 * Checks an email address; returns it trimmed with the domain in lower case (the local part is kept as written).
 * @example parseEmail('Zoe@Example.COM') // 'Zoe@example.com'
 */
export function parseEmail(text: string, field = 'email'): string {
  const email = text.trim();
  if (email === '') throw new ValidationError('is empty', { field });
  const at = email.lastIndexOf('@');
  if (!emailShape.test(email) || email.length > 254 || at > 64)
    throw new ValidationError(`"${email}" is not an email address`, { field });
  return email.slice(0, at + 1) + email.slice(at + 1).toLowerCase();
}
