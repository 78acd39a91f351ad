import type { TransferHistory } from './createTransferHistory.js';
import { outsideParties, type ScreenedTransfer } from './RiskTransfer.js';
import { type RuleContext, type RuleResult, ruleResult, shortAddress } from './RuleResult.js';
import { ruleSources } from './sources.js';

/**
 * Exposure to sanctioned addresses: a sanctioned address within a few hops of the transfer graph.
 *
 * Source: FATF 2020 red flags, "sources of funds or wealth": funds deposited or withdrawn from an address with
 * direct and indirect exposure links to known suspicious sources; the sanctioned parties are those of the OFAC SDN
 * list in force.
 *
 * Walks the history breadth-first from each party of the transfer that is not the company, in both directions of
 * every transfer, up to `maxHops` (2) hops. The company's own addresses are never walked through: a vault paying
 * hundreds of employees would otherwise put each of them two hops from any one of them. A sanctioned direct
 * counterparty (1 hop) fires with `directSeverity` (high: block), a further one with `indirectSeverity` (medium:
 * review). The parties themselves are screened by the sanctions check, not by this rule.
 */
export function evaluateSanctionsExposure(context: RuleContext): RuleResult {
  const { transfer, history, thresholds, sanctioned } = context;
  const settings = thresholds.sanctionsExposure;
  const own = companyAddresses(transfer, history);
  let nearest: { party: string; path: string[] } | undefined;
  for (const party of outsideParties(transfer)) {
    const previous = new Map<string, string>([[party, '']]);
    let frontier = [party];
    for (let hop = 1; hop <= settings.maxHops && frontier.length > 0; hop++) {
      if (nearest && nearest.path.length - 1 <= hop) break;
      const next: string[] = [];
      for (const node of frontier)
        for (const neighbour of history.neighbours(node)) {
          if (previous.has(neighbour)) continue;
          previous.set(neighbour, node);
          if (sanctioned.has(neighbour)) {
            const path = [neighbour];
            for (let at = node; at !== ''; at = previous.get(at) ?? '') path.unshift(at);
            if (!nearest || path.length < nearest.path.length) nearest = { party, path };
          }
          if (!own.has(neighbour)) next.push(neighbour);
        }
      frontier = next;
    }
  }
  if (!nearest)
    return ruleResult(context, {
      rule: 'sanctions-exposure',
      severity: settings.indirectSeverity,
      source: ruleSources.fatf2020,
      fired: false,
      explanation: `No sanctioned address within ${settings.maxHops} hop${settings.maxHops === 1 ? '' : 's'} of ${outsideParties(transfer).map(shortAddress).join(' or ')} in the history.`,
      figures: { maxHops: settings.maxHops },
    });
  const hops = nearest.path.length - 1;
  const listed = nearest.path.at(-1)!;
  const party = sanctioned.get(listed)!;
  return ruleResult(context, {
    rule: 'sanctions-exposure',
    severity: hops === 1 ? settings.directSeverity : settings.indirectSeverity,
    source: ruleSources.fatf2020,
    fired: true,
    explanation: `${shortAddress(nearest.party)} is ${hops} hop${hops === 1 ? '' : 's'} from ${listed}, listed for ${party.entity} (${party.programs.join(', ') || 'no program'}): ${nearest.path.map(shortAddress).join(' ↔ ')}.`,
    figures: {
      hops,
      path: nearest.path,
      sanctionedAddress: listed,
      entity: party.entity,
      maxHops: settings.maxHops,
    },
  });
}

/** The company's own addresses as the history and the screened transfer show them. */
function companyAddresses(transfer: ScreenedTransfer, history: TransferHistory): Set<string> {
  const own = new Set<string>();
  if (transfer.direction === 'outgoing') own.add(transfer.from);
  if (transfer.direction === 'incoming') own.add(transfer.to);
  for (const t of history.all) {
    if (t.direction === 'outgoing') own.add(t.from);
    else if (t.direction === 'incoming') own.add(t.to);
  }
  return own;
}
