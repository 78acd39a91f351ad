import { centsFigure, formatEur } from './formatEur.js';
import type { RiskTransfer } from './RiskTransfer.js';
import { type RuleContext, type RuleResult, ruleResult, shortAddress, windowStart } from './RuleResult.js';
import { ruleSources } from './sources.js';

// Paths tried per screening at most: a dense neighbourhood must not make one screening slow.
const searchBudget = 20_000;

/**
 * Round-tripping: funds that left an address come back to it through one or more others.
 *
 * Source: FATF 2020 red flags, "transaction patterns": funds moved through a series of accounts or wallets with no
 * apparent purpose (layering), including back to where they came from.
 *
 * The screened transfer C → A closes a round trip when the history holds a chain A → X → … → C, each transfer at or
 * after the one before, all in the last `windowHours` (168 = 7 days), with at most `maxHops` (3: one address in
 * between; 4 and more cost the screening one more query per hop) transfers in the whole cycle, the screened one
 * included, and at least one address in between (a direct A → C → A is a refund, not a round trip). When both EUR values are known, what returns must be at least `minReturnShare` (50%) of what
 * left A.
 */
export function evaluateRoundTrip(context: RuleContext): RuleResult {
  const { transfer, history, thresholds } = context;
  const settings = thresholds.roundTrip;
  const since = windowStart(transfer.at, settings.windowHours);
  const origin = transfer.to;
  const closer = transfer.from;
  const base = { rule: 'round-trip' as const, severity: settings.severity, source: ruleSources.fatf2020 };
  let budget = searchBudget;
  let found: RiskTransfer[] | undefined;

  const returnsEnough = (first: RiskTransfer) =>
    first.fiatValueEurCents === null ||
    transfer.fiatValueEurCents === null ||
    Number(transfer.fiatValueEurCents) >= settings.minReturnShare * Number(first.fiatValueEurCents);

  // Depth-first with a growing depth limit, so the shortest cycle is the one reported.
  const walk = (node: string, path: RiskTransfer[], onPath: Set<string>, maxEdges: number): boolean => {
    const after = path.at(-1)?.at ?? since;
    for (const next of history.sentBy(node, after, transfer.at)) {
      if (--budget < 0) return false;
      if (next.to === closer) {
        if (path.length + 1 >= 2 && returnsEnough(path[0] ?? next)) {
          found = [...path, next];
          return true;
        }
        continue;
      }
      if (path.length + 1 >= maxEdges || onPath.has(next.to) || next.to === origin) continue;
      onPath.add(next.to);
      path.push(next);
      if (walk(next.to, path, onPath, maxEdges)) return true;
      path.pop();
      onPath.delete(next.to);
    }
    return false;
  };
  if (origin !== closer)
    for (let maxEdges = 2; maxEdges <= settings.maxHops - 1 && !found && budget > 0; maxEdges++)
      walk(origin, [], new Set([origin]), maxEdges);

  if (!found)
    return ruleResult(context, {
      ...base,
      fired: false,
      explanation: `No chain from ${shortAddress(origin)} back to ${shortAddress(closer)} within ${settings.maxHops} transfers in the last ${settings.windowHours} h${budget <= 0 ? ' (search stopped at its budget)' : ''}.`,
      figures: { maxHops: settings.maxHops, windowHours: settings.windowHours },
    });
  const hops = [origin, ...found.map((t) => t.to), origin];
  const first = found[0]!;
  return ruleResult(context, {
    ...base,
    fired: true,
    explanation: `Funds return to ${shortAddress(origin)}: ${hops.map(shortAddress).join(' → ')} (${found.length + 1} transfers, the first on ${first.at.toISOString()} worth ${formatEur(first.fiatValueEurCents)}, this one worth ${formatEur(transfer.fiatValueEurCents)}).`,
    figures: {
      path: hops,
      transfers: found.length + 1,
      firstValueEurCents: centsFigure(first.fiatValueEurCents),
      returnValueEurCents: centsFigure(transfer.fiatValueEurCents),
      maxHops: settings.maxHops,
      windowHours: settings.windowHours,
    },
  });
}
