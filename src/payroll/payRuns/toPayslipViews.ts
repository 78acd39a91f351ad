import { currencyMinorUnits } from '../../money/currencyMinorUnits.js';
import { iso3166Countries } from '../../money/iso3166Countries.js';
import type { Company } from '../Company.js';
import type { PayslipCryptoPayout, PayslipRate, PayslipView } from '../documents/PayslipView.js';
import type { TaxProfile } from '../tax/TaxProfile.js';
import type { PayoutQuote, PayRun, PayRunLine, PayRunPayout } from './PayRun.js';
import { periodEnd } from './payRunEntries.js';

/**
 * The payslip of every line whose pay was calculated, from the run as recorded: gross, income tax and each social
 * contribution (with the profile's rate), net, the split, the SEPA transfer, and each crypto payout with its tokens,
 * rate (source, round, time), value and transaction. Held and failed payouts say so. Deterministic: the same run
 * renders to the same bytes.
 */
export function toPayslipViews(parameters: {
  run: PayRun;
  company: Company;
  profile: TaxProfile | undefined;
  lines: readonly PayRunLine[];
  payouts: readonly PayRunPayout[];
  chainId: number;
}): PayslipView[] {
  const { run, company, profile, chainId } = parameters;
  const payoutsOf = new Map<string, PayRunPayout[]>();
  for (const payout of parameters.payouts) {
    const list = payoutsOf.get(payout.employeeId) ?? [];
    list.push(payout);
    payoutsOf.set(payout.employeeId, list);
  }
  const decimals = currencyMinorUnits(run.currency);
  const createdAt = run.finishedAt ?? run.executionStartedAt ?? run.calculatedAt ?? run.createdAt;
  const [year, month] = run.period.split('-').map(Number) as [number, number];
  const label = `${new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })} ${year}`;
  const ids = new Set<string>();
  return parameters.lines
    .filter((line) => line.net !== null)
    .map((line) => {
      const payouts = payoutsOf.get(line.employeeId) ?? [];
      let payslipId = `${run.period}-${line.employeeId.replace(/[^A-Za-z0-9._-]/g, '_')}`;
      if (ids.has(payslipId)) payslipId = `${payslipId}-${line.lineNo}`;
      ids.add(payslipId);
      const sepa = payouts.find((payout) => payout.channel === 'sepa');
      return {
        payslipId,
        payRunId: run.id,
        createdAt,
        company: {
          name: company.legalName,
          country: iso3166Countries[company.country] ?? company.country,
          ...(company.lei ? { lei: company.lei } : {}),
        },
        employee: { id: line.employeeId, name: line.fullName, email: line.email },
        period: { label, start: `${run.period}-01`, end: periodEnd(run.period), payDate: run.requestedExecutionDate },
        currency: run.currency,
        currencyDecimals: decimals,
        grossMinor: line.gross,
        deductions: [
          {
            kind: 'income-tax' as const,
            label: profile?.incomeTax.name ?? 'Income tax',
            rate: 'progressive',
            amountMinor: line.incomeTax ?? 0n,
          },
          ...line.socialContributions.map((contribution) => {
            const rate = profile?.employeeContributions.find((c) => c.name === contribution.name)?.rate;
            return {
              kind: 'social-contribution' as const,
              label: contribution.name,
              ...(rate ? { rate: percent(rate) } : {}),
              amountMinor: contribution.amount,
            };
          }),
        ],
        netMinor: line.net ?? 0n,
        split: line.split.map((share) => ({
          asset: share.asset,
          percent: Number(share.percent),
          fiatMinor: payouts.find((payout) => payout.asset === share.asset)?.fiatAmount ?? 0n,
        })),
        cryptoPayouts: payouts
          .filter((payout) => payout.channel === 'chain' && payout.token && payout.quote)
          .map(
            (payout): PayslipCryptoPayout => ({
              asset: payout.asset,
              tokenAmount: payout.token!.amount,
              tokenDecimals: payout.token!.decimals,
              fiatMinor: payout.fiatAmount,
              rate: payslipRate(payout.quote!, run),
              network: `chain ${chainId}`,
              recipient: payout.recipient,
              txHash: payout.txHash,
              status: payoutStatus(payout),
            }),
          ),
        ...(sepa
          ? { fiatPayout: { iban: sepa.recipient, amountMinor: sepa.fiatAmount, endToEndId: sepa.endToEndId ?? '' } }
          : {}),
      } satisfies PayslipView;
    });
}

/** Fiat per whole token, as payslips and statements print it, with the quote's source, round and time. */
export function payslipRate(quote: PayoutQuote, run: Pick<PayRun, 'pricedAt' | 'createdAt'>): PayslipRate {
  const details = (quote.details ?? {}) as {
    fiatPerToken?: string;
    fiatPerTokenDecimals?: number;
    description?: string;
  };
  return {
    answer: BigInt(details.fiatPerToken ?? '100000000'),
    decimals: details.fiatPerTokenDecimals ?? 8,
    source: details.description ?? quote.source,
    roundId: quote.roundId ?? '—',
    updatedAt: quote.updatedAt ?? run.pricedAt ?? run.createdAt,
  };
}

function payoutStatus(payout: PayRunPayout): string {
  switch (payout.status) {
    case 'paid':
      return 'paid';
    case 'held':
      return 'held for review';
    case 'failed':
      return 'failed';
    default:
      return 'not yet paid';
  }
}

/** '0.093' → '9.30 %'. */
function percent(rate: string): string {
  const [whole = '0', fraction = ''] = rate.split('.');
  const hundredths = BigInt(whole + fraction.padEnd(8, '0').slice(0, 8)) / 10_000n;
  const text = hundredths.toString().padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)} %`;
}
