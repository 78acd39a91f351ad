import { createHash } from 'node:crypto';

export type CreateEndToEndIdParameters = { payRunId: string; employeeId: string };

/**
 * The EndToEndId of an employee's salary transfer in a pay run: the same for the same run and employee, so a
 * re-generated SEPA file is identical and the bank's statement line leads back to the payslip. At most 35
 * characters, letters, digits and '-': the employee id's first 12 safe characters (readable on a bank statement)
 * and 20 hex digits of SHA-256 over run and employee (unique however long or alike the ids are).
 * @example createEndToEndId({ payRunId: '0b6f…', employeeId: 'E-0042' }) // 'E-0042-3f1c9a0b7d2e4c6f8a1b'
 */
export function createEndToEndId({ payRunId, employeeId }: CreateEndToEndIdParameters): string {
  const digest = createHash('sha256').update(`${payRunId}\n${employeeId}`).digest('hex').slice(0, 20);
  const readable = employeeId
    .replace(/[^A-Za-z0-9-]/g, '')
    .replace(/^-+/, '')
    .slice(0, 12);
  return readable ? `${readable}-${digest}` : digest;
}
