import { formatEur } from './formatEur.js';
import { outsideParties, type RiskTransfer } from './RiskTransfer.js';
import { type RuleContext, type RuleResult, ruleResult, shortAddress, windowStart } from './RuleResult.js';
import { ruleSources } from './sources.js';

/**
 * Velocity: an account moving many transfers, or much value, in a short window.
 *
 * Source: FATF 2020 red flags, "transaction size and frequency": multiple high-value transactions in short
 * succession, such as within 24 hours, and frequent transfers within a period.
 *
 * Looks at each party of the transfer that is not the company (its vault paying a payroll is expected to be busy):
 * every transfer it sent or received in the last `windowHours` (24), the screened one included. Fires above
 * `maxCount` (20) transfers or above `maxSumEurCents` (EUR 25,000) in total; transfers of unknown EUR value count
 * for the number but not for the sum.
 */
export function evaluateVelocity(context: RuleContext): RuleResult {
  const { transfer, history, thresholds } = context;
  const settings = thresholds.velocity;
  const since = windowStart(transfer.at, settings.windowHours);
  let worst: { address: string; count: number; sum: bigint; unknown: number; over: number } | undefined;
  for (const address of outsideParties(transfer)) {
    const seen = new Set<bigint>();
    const window: RiskTransfer[] = [];
    for (const t of [
      ...history.sentBy(address, since, transfer.at),
      ...history.receivedBy(address, since, transfer.at),
    ])
      if (!seen.has(t.id)) {
        seen.add(t.id);
        window.push(t);
      }
    let sum = transfer.fiatValueEurCents ?? 0n;
    let unknown = transfer.fiatValueEurCents === null ? 1 : 0;
    for (const t of window) {
      if (t.fiatValueEurCents === null) unknown++;
      else sum += t.fiatValueEurCents;
    }
    const count = window.length + 1;
    // How far over its limit the account is, the larger of the two ratios: the worst account is reported.
    const over = Math.max(count / settings.maxCount, Number(sum) / Math.max(settings.maxSumEurCents, 1));
    if (!worst || over > worst.over) worst = { address, count, sum, unknown, over };
  }
  const { address, count, sum, unknown } = worst ?? { address: transfer.to, count: 1, sum: 0n, unknown: 0 };
  const countOver = count > settings.maxCount;
  const sumOver = sum > BigInt(settings.maxSumEurCents);
  const fired = countOver || sumOver;
  return ruleResult(context, {
    rule: 'velocity',
    severity: settings.severity,
    source: ruleSources.fatf2020,
    fired,
    explanation: `${shortAddress(address)} made ${count} transfer${count === 1 ? '' : 's'} worth ${formatEur(sum)}${unknown ? ` (${unknown} of unknown value)` : ''} in the last ${settings.windowHours} h, this one included; the rule fires above ${settings.maxCount} transfers or ${formatEur(BigInt(settings.maxSumEurCents))}.`,
    figures: {
      address,
      count,
      sumEurCents: Number(sum),
      unknownValueCount: unknown,
      windowHours: settings.windowHours,
      maxCount: settings.maxCount,
      maxSumEurCents: settings.maxSumEurCents,
    },
  });
}
