import type { RiskTransfer } from './RiskTransfer.js';

/**
 * The part of the transfer history a screening loaded, indexed by sender and by recipient, each list oldest first.
 * Rules are pure functions over it, so a test builds one from a hand-written array.
 * @example const history = createTransferHistory([{ from: '0xa…', to: '0xb…', … }])
 */
export function createTransferHistory(transfers: readonly RiskTransfer[]) {
  const byId = new Map<bigint, RiskTransfer>();
  for (const transfer of transfers) byId.set(transfer.id, transfer);
  const all = [...byId.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  const sent = new Map<string, RiskTransfer[]>();
  const received = new Map<string, RiskTransfer[]>();
  for (const transfer of all) {
    push(sent, transfer.from, transfer);
    push(received, transfer.to, transfer);
  }
  const none: readonly RiskTransfer[] = [];
  const inWindow = (list: readonly RiskTransfer[], since: Date | undefined, until: Date | undefined) =>
    since === undefined && until === undefined
      ? list
      : list.filter(
          (t) =>
            (since === undefined || t.at.getTime() >= since.getTime()) &&
            (until === undefined || t.at.getTime() <= until.getTime()),
        );

  return {
    /** Every transfer, oldest first. */
    all: all as readonly RiskTransfer[],
    /** Transfers `address` sent, oldest first, optionally only those at or after `since` and at or before `until`. */
    sentBy(address: string, since?: Date, until?: Date): readonly RiskTransfer[] {
      return inWindow(sent.get(address) ?? none, since, until);
    },
    /** Transfers `address` received, oldest first. */
    receivedBy(address: string, since?: Date, until?: Date): readonly RiskTransfer[] {
      return inWindow(received.get(address) ?? none, since, until);
    },
    /** Whether `a` and `b` transferred to each other (either way) before `before`. */
    metBefore(a: string, b: string, before: Date): boolean {
      const cutoff = before.getTime();
      const met = (x: string, y: string) => (sent.get(x) ?? none).some((t) => t.to === y && t.at.getTime() < cutoff);
      return met(a, b) || met(b, a);
    },
    /** Addresses that transferred to or from `address`. */
    neighbours(address: string): Set<string> {
      const found = new Set<string>();
      for (const t of sent.get(address) ?? none) found.add(t.to);
      for (const t of received.get(address) ?? none) found.add(t.from);
      found.delete(address);
      return found;
    },
    /** Every address that appears. */
    addresses(): Set<string> {
      return new Set([...sent.keys(), ...received.keys()]);
    },
  };
}

export type TransferHistory = ReturnType<typeof createTransferHistory>;

function push(map: Map<string, RiskTransfer[]>, key: string, transfer: RiskTransfer) {
  const list = map.get(key);
  if (list) list.push(transfer);
  else map.set(key, [transfer]);
}
