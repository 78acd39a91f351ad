import type { RiskThresholds } from '../rules/RiskThresholds.js';
import type { RiskTransfer } from '../rules/RiskTransfer.js';
import type { HistorySource } from './HistorySource.js';

/** The history one screened transfer needs. */
export type HistoryRequest = { from: string; to: string; at: Date; thresholds: RiskThresholds };

export type ScreeningHistory = {
  transfers: RiskTransfer[];
  /** Whether a graph walk's ring of addresses was cut at `maxAddressesPerHop`. */
  truncated: boolean;
};

/**
 * Reads the history a batch of screenings needs in as few reads of `source` as the walks allow, whatever the batch
 * size: one for every party's most recent transfers each way (and whether each pair ever met), then one per further
 * ring of the graph walks, each bounded by the thresholds' `history` limits, of the last ring only the transfers that
 * lead back into view or to a sanctioned address. The transfers touching sanctioned addresses, given, close the
 * exposure walks: sanctions exposure k hops needs k − 2 rings (none for the default 2), a round trip of n transfers
 * n − 3 (none for the default 3). Every screening gets the transfers of its own neighbourhood only, in its own
 * lookback window.
 * @example const [history] = await loadScreeningHistories(createSqlHistorySource(db), [{ from, to, at: new Date(), thresholds }])
 */
export async function loadScreeningHistories(
  source: HistorySource,
  requests: readonly HistoryRequest[],
  /** The transfers touching a sanctioned address (see createSanctionedEdges): they link each neighbourhood to them. */
  sanctionedEdges: readonly RiskTransfer[] = [],
): Promise<ScreeningHistory[]> {
  if (requests.length === 0) return [];
  const until = new Date(Math.max(...requests.map((r) => r.at.getTime())));
  const since = new Date(
    Math.min(...requests.map((r) => r.at.getTime() - r.thresholds.history.lookbackDays * 86_400_000)),
  );
  const perAddress = Math.max(...requests.map((r) => r.thresholds.history.maxTransfersPerAddress));

  const byId = new Map<bigint, RiskTransfer>();
  const touching = new Map<string, Set<bigint>>();
  const add = (transfers: readonly RiskTransfer[]) => {
    for (const transfer of transfers) {
      if (byId.has(transfer.id)) continue;
      byId.set(transfer.id, transfer);
      for (const address of [transfer.from, transfer.to]) {
        const ids = touching.get(address);
        if (ids) ids.add(transfer.id);
        else touching.set(address, new Set([transfer.id]));
      }
    }
  };
  add(
    await source.parties(
      { since, until, limit: perAddress },
      [...new Set(requests.flatMap((r) => [r.from, r.to]))],
      requests.flatMap((r) => [[r.from, r.to] as const, [r.to, r.from] as const]),
    ),
  );

  // Each screening's own view: its parties, then the rings it asked for.
  const views = requests.map((request) => ({
    request,
    addresses: new Set([request.from, request.to]),
    frontier: [request.from, request.to],
    // The sanctioned edges are the last hop of an exposure walk, so k hops need k − 2 rings.
    rings: Math.max(request.thresholds.sanctionsExposure.maxHops - 2, request.thresholds.roundTrip.maxHops - 3, 0),
    truncated: false,
  }));
  const maxRings = Math.max(...views.map((view) => view.rings));
  for (let ring = 0; ring < maxRings; ring++) {
    const wanted = new Set<string>();
    for (const view of views) {
      if (ring >= view.rings || view.frontier.length === 0) {
        view.frontier = [];
        continue;
      }
      const lastSeen = new Map<string, number>();
      for (const address of view.frontier)
        for (const id of touching.get(address) ?? []) {
          const transfer = byId.get(id)!;
          if (!inWindow(transfer, view.request)) continue;
          for (const next of [transfer.from, transfer.to])
            if (!view.addresses.has(next)) lastSeen.set(next, Math.max(lastSeen.get(next) ?? 0, transfer.at.getTime()));
        }
      const next = [...lastSeen].sort((a, b) => b[1] - a[1]).map(([address]) => address);
      const cap = view.request.thresholds.history.maxAddressesPerHop;
      if (next.length > cap) view.truncated = true;
      view.frontier = next.slice(0, cap);
      for (const address of view.frontier) {
        view.addresses.add(address);
        wanted.add(address);
      }
    }
    if (wanted.size === 0) break;
    // The last ring only needs the transfers that lead somewhere a walk can use (see HistorySource.ring).
    const keep =
      ring === maxRings - 1
        ? [
            ...new Set([
              ...views.flatMap((view) => [...view.addresses]),
              ...sanctionedEdges.flatMap((t) => [t.from, t.to]),
            ]),
          ]
        : null;
    add(await source.ring({ since, until, limit: Math.max(1, Math.ceil(perAddress / 4)) }, [...wanted], keep));
  }

  return views.map((view) => {
    const ids = new Set<bigint>();
    for (const address of view.addresses) for (const id of touching.get(address) ?? []) ids.add(id);
    const transfers: RiskTransfer[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      const transfer = byId.get(id)!;
      const isPair =
        (transfer.from === view.request.from && transfer.to === view.request.to) ||
        (transfer.from === view.request.to && transfer.to === view.request.from);
      if (!inWindow(transfer, view.request) && !(isPair && transfer.at <= view.request.at)) continue;
      transfers.push(transfer);
      seen.add(transfer.from);
      seen.add(transfer.to);
    }
    for (const edge of sanctionedEdges)
      if (!ids.has(edge.id) && (seen.has(edge.from) || seen.has(edge.to)) && inWindow(edge, view.request))
        transfers.push(edge);
    return { transfers, truncated: view.truncated };
  });
}

function inWindow(transfer: RiskTransfer, request: HistoryRequest): boolean {
  const at = transfer.at.getTime();
  return (
    at <= request.at.getTime() && at >= request.at.getTime() - request.thresholds.history.lookbackDays * 86_400_000
  );
}
