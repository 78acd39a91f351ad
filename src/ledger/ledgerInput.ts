import { ValidationError } from '../errors/BaseError.js';

// The checks of values every ledger call takes; each throws a ValidationError naming the field.

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function assertText(
  value: unknown,
  field: string,
  maxLength: number,
  { allowEmpty = false } = {},
): asserts value is string {
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string.`, { field });
  if (!allowEmpty && value.trim() === '') throw new ValidationError(`${field} must not be empty.`, { field });
  if (value.length > maxLength)
    throw new ValidationError(`${field} must be at most ${maxLength} characters long.`, { field });
}

export function assertUuid(value: unknown, field: string): asserts value is string {
  if (typeof value !== 'string' || !uuidPattern.test(value))
    throw new ValidationError(`${field} must be a UUID.`, { field, details: `Got ${JSON.stringify(value)}.` });
}

/** A calendar day written `YYYY-MM-DD`. */
export function assertIsoDate(value: unknown, field: string): asserts value is string {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  if (!match || year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    throw new ValidationError(`${field} must be a calendar date written YYYY-MM-DD.`, {
      field,
      details: `Got ${JSON.stringify(value)}.`,
    });
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Today's date in UTC, `YYYY-MM-DD`. */
export function todayIsoDate(): string {
  return new Date().toISOString().slice(0, 10);
}
