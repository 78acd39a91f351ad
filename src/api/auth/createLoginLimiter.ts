/** How many failed sign-ins are allowed per email and per client address in one window. */
export type LoginLimits = { perEmail: number; perClient: number; windowMs: number };

export const defaultLoginLimits: LoginLimits = { perEmail: 5, perClient: 20, windowMs: 15 * 60 * 1000 };

/**
 * Counts failed sign-ins per email and per client address, in memory (one process serves the API). Once a count
 * reaches its limit, further attempts are refused — even with the right password — until the window since the
 * first failure has passed, so guessing costs an attacker hours, not seconds. A success clears the email's count.
 */
export function createLoginLimiter(limits: LoginLimits = defaultLoginLimits, now: () => number = Date.now) {
  const failures = new Map<string, { count: number; since: number }>();
  const current = (key: string) => {
    const entry = failures.get(key);
    if (entry && now() - entry.since >= limits.windowMs) {
      failures.delete(key);
      return undefined;
    }
    return entry;
  };
  const keys = (email: string, client: string) =>
    [
      [`email:${email.trim().toLowerCase()}`, limits.perEmail],
      [`client:${client}`, limits.perClient],
    ] as const;

  return {
    /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
    retryAfter(email: string, client: string): number {
      let wait = 0;
      for (const [key, limit] of keys(email, client)) {
        const entry = current(key);
        if (entry && entry.count >= limit)
          wait = Math.max(wait, Math.ceil((entry.since + limits.windowMs - now()) / 1000));
      }
      return wait;
    },
    failed(email: string, client: string) {
      if (failures.size > 100_000) for (const key of failures.keys()) current(key);
      for (const [key] of keys(email, client)) {
        const entry = current(key);
        if (entry) entry.count++;
        else failures.set(key, { count: 1, since: now() });
      }
    },
    succeeded(email: string) {
      failures.delete(`email:${email.trim().toLowerCase()}`);
    },
  };
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
