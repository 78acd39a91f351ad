/** Seen nonces per sender within the accepted clock window, so a replayed message is refused. */
export type NonceStore = {
  /** Records the nonce; false when this sender already used it. */
  remember(sender: string, nonce: string, timestamp: number): boolean;
};

/**
 * Nonces are kept for `windowMs` past their timestamp: an older message is refused as stale before the store is
 * asked, so forgetting it then cannot let a replay through.
 * @example const nonces = createNonceStore(5 * 60_000); nonces.remember(from, nonce, timestamp)
 */
export function createNonceStore(windowMs: number, now: () => number = Date.now): NonceStore {
  const seen = new Map<string, Map<string, number>>();
  let lastPrune = now();
  const prune = () => {
    const cutoff = now() - 2 * windowMs;
    for (const [sender, nonces] of seen) {
      for (const [nonce, timestamp] of nonces) if (timestamp < cutoff) nonces.delete(nonce);
      if (nonces.size === 0) seen.delete(sender);
    }
    lastPrune = now();
  };
  return {
    remember(sender, nonce, timestamp) {
      if (now() - lastPrune > windowMs) prune();
      const key = sender.toLowerCase();
      let nonces = seen.get(key);
      if (!nonces) {
        nonces = new Map();
        seen.set(key, nonces);
      }
      if (nonces.has(nonce)) return false;
      nonces.set(nonce, timestamp);
      return true;
    },
  };
}
