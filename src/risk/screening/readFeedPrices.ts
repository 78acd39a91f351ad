import type { Address, PublicClient } from 'viem';
import { priceFeedAbi } from '../../chain/contracts/generated/PriceFeed.js';
import type { UsdPrices } from './createEurValuation.js';

/**
 * Reads USD prices from Chainlink-style feeds (`latestRoundData`), scaled to 8 decimals, by symbol.
 * @example await readFeedPrices(publicClient, { EUR: eurUsdFeed, USDC: usdcUsdFeed, ETH: ethUsdFeed })
 */
export async function readFeedPrices(publicClient: PublicClient, feeds: Record<string, Address>): Promise<UsdPrices> {
  const entries = await Promise.all(
    Object.entries(feeds).map(async ([symbol, address]) => {
      const [decimals, round] = await Promise.all([
        publicClient.readContract({ address, abi: priceFeedAbi, functionName: 'decimals' }),
        publicClient.readContract({ address, abi: priceFeedAbi, functionName: 'latestRoundData' }),
      ]);
      const answer = (round as readonly [bigint, bigint, bigint, bigint, bigint])[1];
      const scale = Number(decimals);
      const price = scale >= 8 ? answer / 10n ** BigInt(scale - 8) : answer * 10n ** BigInt(8 - scale);
      return [symbol, price] as const;
    }),
  );
  return Object.fromEntries(entries);
}
