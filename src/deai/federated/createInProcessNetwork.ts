import type { Coordinator } from '../coordinator/createCoordinator.js';
import type { NetworkNode } from '../node/createNetworkNode.js';

export type NetworkMessage = { direction: 'to-coordinator' | 'to-node'; address: string; raw: string };

/**
 * The coordinator and nodes in one process, talking through the same signed JSON messages as over HTTP: every
 * message is serialised, delivered asynchronously, parsed and checked by the receiver. Tests watch the traffic
 * (what the coordinator receives), cut a node off, or tamper with a message on its way.
 * @example const network = createInProcessNetwork(); const coordinator = createCoordinator({ signer, deliver: network.deliver, announce: network.announce }); network.attachCoordinator(coordinator)
 */
export function createInProcessNetwork() {
  let coordinator: Coordinator | undefined;
  const nodes = new Map<string, NetworkNode>();
  const cut = new Set<string>();
  const watchers = new Set<(message: NetworkMessage) => void>();
  const interceptors = new Set<(message: NetworkMessage) => string | undefined>();

  const pass = (message: NetworkMessage): string | undefined => {
    let raw: string | undefined = message.raw;
    for (const intercept of interceptors) {
      raw = intercept({ ...message, raw });
      if (raw === undefined) return undefined;
    }
    for (const watch of watchers) watch({ ...message, raw });
    return raw;
  };

  return {
    /** The coordinator's transport: queue a message for one node. */
    deliver(to: string, raw: string): void {
      const address = to.toLowerCase();
      if (cut.has(address)) return;
      const passed = pass({ direction: 'to-node', address, raw });
      if (passed === undefined) return;
      setImmediate(() => nodes.get(address)?.deliver(passed));
    },
    /** The coordinator's announcement goes to every node connected now. */
    announce(raw: string): void {
      for (const address of nodes.keys()) {
        if (cut.has(address)) continue;
        const passed = pass({ direction: 'to-node', address, raw });
        if (passed !== undefined) setImmediate(() => nodes.get(address)?.deliver(passed));
      }
    },
    /** Hands a message to a node directly (a held-back announcement, a replay). */
    deliverNow(to: string, raw: string): void {
      nodes.get(to.toLowerCase())?.deliver(raw);
    },
    /** A node's transport: send one message to the coordinator; rejects with its refusal. */
    sendFrom(address: string): (raw: string) => Promise<void> {
      const from = address.toLowerCase();
      return async (raw) => {
        if (cut.has(from)) throw new Error(`${from} is disconnected`);
        const passed = pass({ direction: 'to-coordinator', address: from, raw });
        if (passed === undefined) return;
        if (!coordinator) throw new Error('no coordinator attached');
        await coordinator.receive(passed);
      };
    },
    attachCoordinator(attached: Coordinator): void {
      coordinator = attached;
    },
    attachNode(node: NetworkNode): void {
      nodes.set(node.address.toLowerCase(), node);
    },
    /** Cuts a node off: nothing reaches it and nothing it sends arrives (a node that vanished). */
    disconnect(address: string): void {
      cut.add(address.toLowerCase());
    },
    /** Sees every message after interception. */
    watch(watcher: (message: NetworkMessage) => void): () => void {
      watchers.add(watcher);
      return () => watchers.delete(watcher);
    },
    /** Rewrites (return new text) or drops (return undefined) messages in flight. */
    intercept(interceptor: (message: NetworkMessage) => string | undefined): () => void {
      interceptors.add(interceptor);
      return () => interceptors.delete(interceptor);
    },
  };
}

export type InProcessNetwork = ReturnType<typeof createInProcessNetwork>;
