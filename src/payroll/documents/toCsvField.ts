/**
 * One CSV field per RFC 4180 (quoted when it holds a comma, quote or line break; quotes doubled), with text a
 * spreadsheet would run as a formula (starting with = + - @, a tab or CR) prefixed by an apostrophe, as OWASP
 * advises for CSV exports. Pass amounts as they are: they are written by this code and never start so.
 * @example toCsvField('Zoë "Zo", Dubois') // '"Zoë ""Zo"", Dubois"'
 */
export function toCsvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
