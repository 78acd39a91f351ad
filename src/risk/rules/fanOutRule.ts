import { outsideParties } from './RiskTransfer.js';
import { type RuleContext, type RuleResult, ruleResult, shortAddress, windowStart } from './RuleResult.js';
import { ruleSources } from './sources.js';

/**
 * Fan-out: one account sending to many new recipients in a short window — funds being dispersed.
 *
 * Source: FATF 2020 red flags, "transaction patterns": funds received and transferred on at once to multiple
 * accounts or providers with no logical business explanation.
 *
 * Looks at each party of the transfer that is not the company (a vault paying its employees fans out by design).
 * A recipient is new when the account had not sent to it before the window, as far as the history shows. Counted in
 * the last `windowHours` (24), the screened transfer included; fires at `minNewRecipients` (10).
 */
export function evaluateFanOut(context: RuleContext): RuleResult {
  const { transfer, history, thresholds } = context;
  const settings = thresholds.fanOut;
  const since = windowStart(transfer.at, settings.windowHours);
  let worst: { address: string; count: number } | undefined;
  for (const address of outsideParties(transfer)) {
    const known = new Set<string>();
    const fresh = new Set<string>();
    for (const sent of history.sentBy(address, undefined, transfer.at)) {
      if (sent.at < since) known.add(sent.to);
      else if (!known.has(sent.to)) fresh.add(sent.to);
    }
    if (address === transfer.from && !known.has(transfer.to)) fresh.add(transfer.to);
    fresh.delete(address);
    if (!worst || fresh.size > worst.count) worst = { address, count: fresh.size };
  }
  const { address, count } = worst ?? { address: transfer.from, count: 0 };
  return ruleResult(context, {
    rule: 'fan-out',
    severity: settings.severity,
    source: ruleSources.fatf2020,
    fired: count >= settings.minNewRecipients,
    explanation: `${shortAddress(address)} sent to ${count} new recipient${count === 1 ? '' : 's'} in the last ${settings.windowHours} h, this transfer included; the rule fires at ${settings.minNewRecipients}.`,
    figures: {
      address,
      newRecipients: count,
      windowHours: settings.windowHours,
      minNewRecipients: settings.minNewRecipients,
    },
  });
}
