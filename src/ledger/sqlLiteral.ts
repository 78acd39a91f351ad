import { ValidationError } from '../errors/BaseError.js';

/**
 * A string as a Postgres literal, for the one hot statement that is sent without parameters (the simple-query
 * protocol is one exchange with PGlite instead of six). The E'' form with backslashes and quotes doubled reads the
 * same whatever `standard_conforming_strings` is, so the value can never end the literal.
 */
export function sqlLiteral(value: string, field: string): string {
  if (value.includes('\0')) throw new ValidationError(`${field} must not contain a NUL character.`, { field });
  return `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}
