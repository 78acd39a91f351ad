/**
 * Per-node queues of the coordinator's signed messages, read by long polling: a node asks for everything after the
 * last sequence number it handled, and the request waits until something arrives or `waitMs` passes. Messages a
 * node has acknowledged (by asking past them) are dropped.
 */
export function createInboxes(options: { maxQueued?: number } = {}) {
  // A node that vanished never polls again: its queue is capped so it cannot grow for the rest of the round.
  const maxQueued = options.maxQueued ?? 10_000;
  const boxes = new Map<
    string,
    {
      next: number;
      acknowledged: number;
      lastPollAt: number;
      messages: { seq: number; raw: string }[];
      waiters: Set<() => void>;
    }
  >();
  const box = (address: string) => {
    const key = address.toLowerCase();
    let found = boxes.get(key);
    if (!found) {
      found = { next: 1, acknowledged: 0, lastPollAt: 0, messages: [], waiters: new Set() };
      boxes.set(key, found);
    }
    return found;
  };
  return {
    push(to: string, raw: string): void {
      const target = box(to);
      target.messages.push({ seq: target.next++, raw });
      if (target.messages.length > maxQueued) {
        target.messages.shift();
        // A dropped message can never be delivered: nothing waits for it to be acknowledged.
        target.acknowledged = Math.max(target.acknowledged, target.messages[0]!.seq - 1);
      }
      for (const wake of target.waiters) wake();
    },
    async poll(
      address: string,
      after: number,
      waitMs: number,
    ): Promise<{ messages: { seq: number; raw: string }[]; next: number }> {
      const target = box(address);
      target.lastPollAt = Date.now();
      target.acknowledged = Math.max(target.acknowledged, after);
      target.messages = target.messages.filter((message) => message.seq > after);
      if (target.messages.length === 0 && waitMs > 0)
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            target.waiters.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, waitMs);
          target.waiters.add(wake);
        });
      const messages = target.messages.filter((message) => message.seq > after);
      const next = messages.at(-1)?.seq ?? after;
      target.lastPollAt = Date.now();
      return { messages, next };
    },
    /**
     * Messages queued for nodes still polling (one that polled within `liveMs`) that the node has not acknowledged by
     * asking past them. A message handed out is not yet received: the response can be cut when the coordinator
     * stops, so a coordinator waits for acknowledgements, not hand-outs, before it closes.
     */
    unacknowledged(liveMs: number): number {
      const now = Date.now();
      let count = 0;
      for (const target of boxes.values())
        if (target.waiters.size > 0 || now - target.lastPollAt <= liveMs)
          count += target.next - 1 - target.acknowledged;
      return count;
    },
  };
}

export type Inboxes = ReturnType<typeof createInboxes>;
