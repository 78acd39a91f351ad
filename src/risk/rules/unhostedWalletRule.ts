import { centsFigure, formatEur } from './formatEur.js';
import { counterpartyAddress } from './RiskTransfer.js';
import { type RuleContext, type RuleResult, ruleResult, shortAddress } from './RuleResult.js';
import { ruleSources } from './sources.js';

/**
 * A transfer above EUR 1,000 to or from a self-hosted wallet without proof that the wallet belongs to the
 * counterparty.
 *
 * Source: Regulation (EU) 2023/1113 (Transfer of Funds Regulation), art. 14(5): for a transfer of an amount exceeding
 * EUR 1,000 to a self-hosted address, the originator's provider takes adequate measures to assess whether the
 * address is owned or controlled by the originator; art. 16(2): the same for the beneficiary's provider receiving from
 * a self-hosted address. Also FATF 2020 red flags on transfers to and from unhosted wallets.
 *
 * Fires when the counterparty's wallet is self-hosted, the transfer's value exceeds `thresholdEurCents` (EUR 1,000;
 * exactly EUR 1,000.00 does not exceed it) — or its EUR value is unknown, since then it cannot be shown not to —
 * and no proof of ownership (a signed message, a small "satoshi test" transfer, an attestation) is on record for the
 * company and that address.
 */
export function evaluateUnhostedWallet(context: RuleContext): RuleResult {
  const { transfer, thresholds, ownershipProof } = context;
  const settings = thresholds.unhostedWallet;
  const address = counterpartyAddress(transfer);
  const article = transfer.direction === 'incoming' ? 'art. 16(2)' : 'art. 14(5)';
  const base = {
    rule: 'unhosted-wallet' as const,
    severity: settings.severity,
    source: `${ruleSources.tfr}, ${article}`,
  };
  const value = transfer.fiatValueEurCents;
  const figures = {
    address,
    hosted: transfer.counterparty.hosted,
    valueEurCents: centsFigure(value),
    thresholdEurCents: settings.thresholdEurCents,
    proof: ownershipProof?.method ?? null,
  };
  if (transfer.counterparty.hosted)
    return ruleResult(context, {
      ...base,
      fired: false,
      explanation: `${shortAddress(address)} is a hosted wallet${transfer.counterparty.vasp ? ` at ${transfer.counterparty.vasp}` : ''}; the travel-rule data goes to its provider instead.`,
      figures,
    });
  const threshold = BigInt(settings.thresholdEurCents);
  if (value !== null && value <= threshold)
    return ruleResult(context, {
      ...base,
      fired: false,
      explanation: `Self-hosted wallet ${shortAddress(address)}, but ${formatEur(value)} does not exceed ${formatEur(threshold)}.`,
      figures,
    });
  const worth = value === null ? 'of unknown EUR value' : `worth ${formatEur(value)}`;
  if (ownershipProof)
    return ruleResult(context, {
      ...base,
      fired: false,
      explanation: `Self-hosted wallet ${shortAddress(address)}, transfer ${worth}; ownership proven by ${ownershipProof.method} on ${ownershipProof.verifiedAt.toISOString().slice(0, 10)}.`,
      figures,
    });
  return ruleResult(context, {
    ...base,
    fired: true,
    explanation: `Self-hosted wallet ${shortAddress(address)}, transfer ${worth}, above ${formatEur(threshold)}, and no proof that the wallet belongs to the counterparty (${article}).`,
    figures,
  });
}
