import type { Address } from 'viem';
import type { PayRunChain } from './PayRunChain.js';

/** A crypto asset a company vault can pay: an ERC-20 token on Tandem's chain. */
export type PayoutAsset = {
  symbol: string;
  token: Address;
  /** Minor-unit exponent of the token (6 for USDC and EURC). */
  decimals: number;
  /**
   * How a fiat amount becomes tokens: `usd-feeds` divides the EUR/USD answer by the token's USD feed (both
   * Chainlink-style); `par` is 1:1 with the euro, for a euro stablecoin without a feed of its own.
   */
  pricing: { kind: 'usd-feeds'; tokenUsdFeed: Address; pair: string } | { kind: 'par'; reason: string };
};

/**
 * The assets pay runs can pay on this chain. The vault pays ERC-20 tokens only, so ETH is not among them: a split
 * with an ETH share is refused at calculation (see calculatePayRun) rather than paid some other way.
 *
 * EURC is priced at par with the euro: it is an e-money token its issuer redeems 1:1 for euros (MiCA), and Tandem's
 * chain has no EURC/EUR feed; a depeg is therefore not priced in. USDC goes through the EUR/USD and USDC/USD feeds.
 */
export function payoutAssetsOf(chain: Pick<PayRunChain, 'contracts'>): Map<string, PayoutAsset> {
  const { contracts } = chain;
  return new Map<string, PayoutAsset>([
    [
      'USDC',
      {
        symbol: 'USDC',
        token: contracts.usdc.address,
        decimals: 6,
        pricing: { kind: 'usd-feeds', tokenUsdFeed: contracts.usdcUsdPriceFeed.address, pair: 'USDC/USD' },
      },
    ],
    [
      'EURC',
      {
        symbol: 'EURC',
        token: contracts.eurc.address,
        decimals: 6,
        pricing: {
          kind: 'par',
          reason: 'EURC is redeemable 1:1 for EUR by its issuer; no EURC/EUR feed on this chain',
        },
      },
    ],
  ]);
}
