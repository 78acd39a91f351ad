import { createHash } from 'node:crypto';

/**
 * The MsgId of a pay run's SEPA file: `TANDEM-` and 28 hex digits of SHA-256 over the run id (35 characters,
 * within the schema's limit even for a UUID run id), the same every time the file is generated, so a bank that
 * checks MsgId uniqueness refuses an accidental second upload of the same run.
 * @example createMessageId('0b6f5a2e-…') // 'TANDEM-6c1f…'
 */
export function createMessageId(payRunId: string): string {
  return `TANDEM-${createHash('sha256').update(`pain.001\n${payRunId}`).digest('hex').slice(0, 28)}`;
}
