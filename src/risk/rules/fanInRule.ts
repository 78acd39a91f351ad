import { outsideParties } from './RiskTransfer.js';
import { type RuleContext, type RuleResult, ruleResult, shortAddress, windowStart } from './RuleResult.js';
import { ruleSources } from './sources.js';

/**
 * Fan-in: one account receiving from many new senders in a short window — funds being collected.
 *
 * Source: FATF 2020 red flags, "transaction patterns": incoming transactions from many unrelated wallets in
 * relatively small amounts (accumulation of funds), and frequent transfers to the same account by more than one
 * person within a period.
 *
 * Looks at each party of the transfer that is not the company (a company collecting from its customers is expected
 * to fan in). A sender is new when it had not sent to the account before the window, as far as the history shows.
 * Counted in the last `windowHours` (24), the screened transfer included; fires at `minNewSenders` (10).
 */
export function evaluateFanIn(context: RuleContext): RuleResult {
  const { transfer, history, thresholds } = context;
  const settings = thresholds.fanIn;
  const since = windowStart(transfer.at, settings.windowHours);
  let worst: { address: string; count: number } | undefined;
  for (const address of outsideParties(transfer)) {
    const known = new Set<string>();
    const fresh = new Set<string>();
    for (const received of history.receivedBy(address, undefined, transfer.at)) {
      if (received.at < since) known.add(received.from);
      else if (!known.has(received.from)) fresh.add(received.from);
    }
    if (address === transfer.to && !known.has(transfer.from)) fresh.add(transfer.from);
    fresh.delete(address);
    if (!worst || fresh.size > worst.count) worst = { address, count: fresh.size };
  }
  const { address, count } = worst ?? { address: transfer.to, count: 0 };
  return ruleResult(context, {
    rule: 'fan-in',
    severity: settings.severity,
    source: ruleSources.fatf2020,
    fired: count >= settings.minNewSenders,
    explanation: `${shortAddress(address)} received from ${count} new sender${count === 1 ? '' : 's'} in the last ${settings.windowHours} h, this transfer included; the rule fires at ${settings.minNewSenders}.`,
    figures: { address, newSenders: count, windowHours: settings.windowHours, minNewSenders: settings.minNewSenders },
  });
}
