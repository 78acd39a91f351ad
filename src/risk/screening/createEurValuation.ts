/** EUR value of an amount of an asset: cents, or null when no rate is known. */
export type EurValuation = {
  eurCents(asset: string, amount: bigint, decimals: number): Promise<bigint | null>;
};

/** Prices in USD with 8 decimals (as Chainlink-style feeds answer), by symbol; `EUR` is required. */
export type UsdPrices = Record<string, bigint>;

export type CreateEurValuationParameters = {
  /** Reads current USD prices, e.g. from the chain's price feeds. */
  readUsdPrices: () => Promise<UsdPrices>;
  /** How long prices are reused before being read again (default 60 s). */
  maxAgeMs?: number | undefined;
};

/** Assets worth exactly one euro per unit, whatever the feeds say. */
const euroAssets = new Set(['EUR', 'EURC']);

/**
 * Values transfers in EUR from USD price feeds (asset/USD ÷ EUR/USD), rounding half up to the cent. Prices are cached
 * for `maxAgeMs`, and refreshed in the background once stale, so a screening never waits for the chain after the
 * first read.
 * @example const valuation = createEurValuation({ readUsdPrices }); await valuation.eurCents('USDC', 1_500_000_000n, 6)
 */
export function createEurValuation(parameters: CreateEurValuationParameters): EurValuation {
  const maxAgeMs = parameters.maxAgeMs ?? 60_000;
  let prices: { values: UsdPrices; at: number } | undefined;
  let reading: Promise<UsdPrices> | undefined;

  const read = () => {
    reading ??= parameters
      .readUsdPrices()
      .then((values) => {
        prices = { values, at: Date.now() };
        return values;
      })
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };

  async function current(): Promise<UsdPrices | undefined> {
    if (!prices) return read().catch(() => undefined);
    if (Date.now() - prices.at > maxAgeMs) read().catch(() => {});
    return prices.values;
  }

  return {
    async eurCents(asset, amount, decimals) {
      if (euroAssets.has(asset)) return scale(amount, decimals, 1n, 1n);
      const values = await current();
      const usd = values?.[asset];
      const eurUsd = values?.EUR;
      if (usd === undefined || eurUsd === undefined || eurUsd <= 0n || usd < 0n) return null;
      return scale(amount, decimals, usd, eurUsd);
    },
  };
}

/** amount / 10^decimals × numerator / denominator, in cents, rounded half up. */
function scale(amount: bigint, decimals: number, numerator: bigint, denominator: bigint): bigint {
  const top = amount * numerator * 100n;
  const bottom = 10n ** BigInt(decimals) * denominator;
  return (top * 2n + bottom) / (bottom * 2n);
}

/** A valuation with fixed USD prices (8 decimals), for tests and tools without a chain. */
export function fixedEurValuation(prices: UsdPrices): EurValuation {
  return createEurValuation({ readUsdPrices: async () => prices, maxAgeMs: Number.POSITIVE_INFINITY });
}
