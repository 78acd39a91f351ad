import { createHash } from 'node:crypto';
import { ValidationError } from '../../errors/BaseError.js';
import type { Company } from '../Company.js';
import { createMessageId } from '../sepa/createMessageId.js';
import { validatePain001 } from '../sepa/validatePain001.js';
import { writePain001 } from '../sepa/writePain001.js';
import type { PayRun, PayRunLine, PayRunPayout } from './PayRun.js';

export type PayRunSepaFile = {
  messageId: string;
  xml: string;
  sha256: string;
  transactions: number;
  /** Minor units. */
  controlSum: bigint;
};

/**
 * The run's fiat leg as an ISO 20022 pain.001.001.03 file: one salary transfer per cleared line with a bank share, in
 * line order, with the run's EndToEndIds; validated against the XSD before anyone stores it. A file the schema
 * refuses is a ValidationError listing libxml2's reasons, and nothing is stored or paid.
 * @example const sepa = await buildPayRunSepa({ run, company, lines, payouts, createdAt: new Date() })
 */
export async function buildPayRunSepa(parameters: {
  run: Pick<PayRun, 'id' | 'period' | 'currency' | 'requestedExecutionDate'>;
  company: Pick<Company, 'legalName' | 'iban' | 'bic' | 'country'>;
  lines: readonly PayRunLine[];
  payouts: readonly PayRunPayout[];
  createdAt: Date;
  schemaFile?: string | undefined;
}): Promise<PayRunSepaFile | null> {
  const { run, company, createdAt } = parameters;
  const names = new Map(parameters.lines.map((line) => [line.employeeId, line]));
  const transfers = parameters.payouts.filter((payout) => payout.channel === 'sepa' && payout.status === 'cleared');
  if (transfers.length === 0) return null;
  if (run.currency !== 'EUR')
    throw new ValidationError(`SEPA credit transfers are in EUR; this run pays ${run.currency}.`, {
      field: 'currency',
    });
  const messageId = createMessageId(run.id);
  const xml = writePain001({
    messageId,
    createdAt,
    requestedExecutionDate: run.requestedExecutionDate,
    debtor: { name: company.legalName, iban: company.iban, bic: company.bic, country: company.country },
    lines: transfers.map((payout) => {
      const line = names.get(payout.employeeId)!;
      return {
        endToEndId: payout.endToEndId!,
        amountMinor: payout.fiatAmount,
        currency: 'EUR' as const,
        creditor: { name: line.fullName, iban: payout.recipient, bic: line.bic ?? undefined },
        remittance: `Salary ${run.period}`,
      };
    }),
  });
  const validation = await validatePain001(xml, { schemaFile: parameters.schemaFile });
  if (!validation.valid)
    throw new ValidationError('The SEPA file of the run is not valid against pain.001.001.03; nothing was paid.', {
      code: 'sepa-invalid',
      field: 'sepa',
      details: validation.errors.slice(0, 10).join('; '),
    });
  return {
    messageId,
    xml,
    sha256: createHash('sha256').update(xml).digest('hex'),
    transactions: transfers.length,
    controlSum: transfers.reduce((sum, payout) => sum + payout.fiatAmount, 0n),
  };
}
