import { centsFigure, formatEur } from './formatEur.js';
import type { RiskTransfer } from './RiskTransfer.js';
import { type RuleContext, type RuleResult, ruleResult, shortAddress, windowStart } from './RuleResult.js';
import { ruleSources } from './sources.js';

/**
 * Structuring: several transfers, each just below a threshold people try to stay under, in a short window.
 *
 * Source: FATF 2020 red flags, "transaction size and frequency": structuring virtual-asset transfers in small amounts
 * or in amounts under record-keeping or reporting thresholds, as cash is structured. The thresholds are the
 * EUR 1,000 of the Transfer of Funds Regulation (EU) 2023/1113 (art. 14(5), 16(2): checks on self-hosted wallets
 * above it) and EUR 10,000.
 *
 * The screened transfer must itself be "just below" a threshold (within `marginPercent` under it: with the defaults,
 * EUR 900.00 up to EUR 999.99, or EUR 9,000.00 up to EUR 9,999.99). Counted in the last `windowHours` (72), the
 * screened transfer included: those between the same two addresses, and those into the same beneficiary from anyone
 * (several senders feeding one account). Fires at `minTransfers` (3). The sender alone is not a group: a company's
 * vault paying many employees similar salaries is not structuring. Transfers of unknown EUR value never count.
 */
export function evaluateStructuring(context: RuleContext): RuleResult {
  const { transfer, history, thresholds } = context;
  const settings = thresholds.structuring;
  const base = { rule: 'structuring' as const, severity: settings.severity, source: ruleSources.fatf2020 };
  const band = bandOf(transfer.fiatValueEurCents, settings.thresholdsEurCents, settings.marginPercent);
  if (!band)
    return ruleResult(context, {
      ...base,
      fired: false,
      explanation:
        transfer.fiatValueEurCents === null
          ? 'The EUR value of this transfer is unknown, so it cannot be compared with the structuring thresholds.'
          : `${formatEur(transfer.fiatValueEurCents)} is not within ${settings.marginPercent}% below any threshold (${settings.thresholdsEurCents.map((t) => formatEur(BigInt(t))).join(', ')}).`,
      figures: { valueEurCents: centsFigure(transfer.fiatValueEurCents) },
    });

  const since = windowStart(transfer.at, settings.windowHours);
  const inBand = (t: RiskTransfer) =>
    t.fiatValueEurCents !== null && t.fiatValueEurCents >= band.lower && t.fiatValueEurCents < band.threshold;
  const intoBeneficiary = history.receivedBy(transfer.to, since, transfer.at).filter(inBand);
  const betweenPair = intoBeneficiary.filter((t) => t.from === transfer.from);
  // The beneficiary group does not apply when the beneficiary is the company itself (customers paying it in).
  const beneficiaryCount = transfer.direction === 'incoming' ? 0 : intoBeneficiary.length + 1;
  const pairCount = betweenPair.length + 1;
  const group = beneficiaryCount > pairCount ? 'beneficiary' : 'pair';
  const count = Math.max(pairCount, beneficiaryCount);
  const senders = new Set([...intoBeneficiary.map((t) => t.from), transfer.from]).size;
  const fired = count >= settings.minTransfers;
  const range = `${formatEur(band.lower)} to ${formatEur(band.threshold - 1n)}`;
  const who =
    group === 'pair'
      ? `from ${shortAddress(transfer.from)} to ${shortAddress(transfer.to)}`
      : `into ${shortAddress(transfer.to)} from ${senders} sender${senders === 1 ? '' : 's'}`;
  return ruleResult(context, {
    ...base,
    fired,
    explanation: `${count} transfer${count === 1 ? '' : 's'} ${who} in the last ${settings.windowHours} h were each just below ${formatEur(band.threshold)} (${range}), this one included; the rule fires at ${settings.minTransfers}.`,
    figures: {
      thresholdEurCents: Number(band.threshold),
      lowerEurCents: Number(band.lower),
      count,
      pairCount,
      beneficiaryCount,
      windowHours: settings.windowHours,
      minTransfers: settings.minTransfers,
    },
  });
}

/** The threshold `value` is just below, with the band's lower end, or null. */
function bandOf(
  value: bigint | null,
  thresholds: readonly number[],
  marginPercent: number,
): { threshold: bigint; lower: bigint } | null {
  if (value === null) return null;
  const keep = BigInt(Math.round((100 - marginPercent) * 100)); // in hundredths of a percent
  for (const raw of [...thresholds].sort((a, b) => a - b)) {
    const threshold = BigInt(raw);
    // Round the lower end up: a value must be at least (100 − margin)% of the threshold.
    const lower = (threshold * keep + 9_999n) / 10_000n;
    if (value >= lower && value < threshold) return { threshold, lower };
  }
  return null;
}
