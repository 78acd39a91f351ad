import { centsFigure, formatEur } from './formatEur.js';
import { type RuleContext, type RuleResult, ruleResult, shortAddress } from './RuleResult.js';
import { ruleSources } from './sources.js';

/**
 * A new counterparty receiving a large amount: the first transfer ever between two addresses, and a large one.
 *
 * Source: FATF 2020 red flags, "transaction size and frequency" and "profile": a large initial transaction by a
 * new relationship, inconsistent with an expected profile.
 *
 * Fires when the history holds no transfer between the two addresses (either way) before this one and this one is
 * worth at least `minAmountEurCents` (EUR 10,000). A transfer of unknown EUR value does not fire it.
 */
export function evaluateNewCounterparty(context: RuleContext): RuleResult {
  const { transfer, history, thresholds } = context;
  const settings = thresholds.newCounterparty;
  const metBefore = history.metBefore(transfer.from, transfer.to, transfer.at);
  const value = transfer.fiatValueEurCents;
  const large = value !== null && value >= BigInt(settings.minAmountEurCents);
  const pair = `${shortAddress(transfer.from)} and ${shortAddress(transfer.to)}`;
  const explanation = metBefore
    ? `${pair} have transferred to each other before.`
    : value === null
      ? `First transfer between ${pair}, of an unknown EUR value.`
      : `First transfer between ${pair}, worth ${formatEur(value)}; the rule fires at ${formatEur(BigInt(settings.minAmountEurCents))} or more.`;
  return ruleResult(context, {
    rule: 'new-counterparty',
    severity: settings.severity,
    source: ruleSources.fatf2020,
    fired: !metBefore && large,
    explanation,
    figures: {
      firstTransfer: !metBefore,
      valueEurCents: centsFigure(value),
      minAmountEurCents: settings.minAmountEurCents,
    },
  });
}
