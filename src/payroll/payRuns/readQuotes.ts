import { type Address, encodeFunctionData, erc20Abi } from 'viem';
import { priceFeedAbi } from '../../chain/contracts/generated/PriceFeed.js';
import { NonRetryableError, RetryableError } from '../../errors/BaseError.js';
import { divideRounded } from '../../money/divideRounded.js';
import type { PayoutAsset } from './PayoutAsset.js';
import type { PayRunChain } from './PayRunChain.js';
import { StaleQuoteError } from './StaleQuoteError.js';

/** One answer of a Chainlink-style feed, as read. */
export type FeedAnswer = {
  pair: string;
  address: Address;
  roundId: string;
  answer: bigint;
  decimals: number;
  updatedAt: Date;
};

/** The rate a crypto payout is converted at, and where it comes from. */
export type AssetQuote = {
  asset: string;
  token: Address;
  tokenDecimals: number;
  /** Whole tokens per whole unit of the fiat currency, exactly: numerator / denominator. */
  rate: { numerator: bigint; denominator: bigint };
  /** The rate with 8 decimals, rounded half-even, for people. */
  rateText: string;
  /** Fiat per whole token with 8 decimals (what a payslip prints: "0.86206897 EUR per USDC"). */
  fiatPerToken: bigint;
  feed: Address | null;
  roundId: string | null;
  /** The oldest `updatedAt` of the feeds used; null for a par rate. */
  updatedAt: Date | null;
  source: string;
  /** For payslips and statements: e.g. `EUR/USD 0x… round 3 ÷ USDC/USD 0x… round 1`. */
  description: string;
  feeds: FeedAnswer[];
};

export type ReadQuotesParameters = {
  chain: Pick<PayRunChain, 'publicClient' | 'contracts' | 'devChain' | 'sender'>;
  assets: readonly PayoutAsset[];
  /** ISO 4217 of the amounts converted; only EUR has a feed (EUR/USD). */
  currency: string;
  /** A feed answer older than this (seconds) stops the pricing. */
  maxAgeSeconds: number;
  /**
   * On the development chain only: push a stale dev feed's latest answer again (the operator is its oracle) instead
   * of stopping, since nobody updates those feeds after deployment. Sent with this idempotency key prefix.
   */
  refreshStaleDevFeeds?: { idempotencyKeyPrefix: string } | undefined;
  /** Unix seconds "now"; default: the later of the wall clock and the chain's latest block. */
  now?: number | undefined;
};

const rateDecimals = 8n;

/**
 * Reads the quote of each asset from the price feeds: USDC as EUR/USD ÷ USDC/USD (USDC per EUR, exact as a fraction of
 * the two integer answers), EURC at par. Every feed answer must be positive, complete (answeredInRound ≥ roundId) and
 * no older than `maxAgeSeconds`; otherwise StaleQuoteError names each feed and its age, and nothing is returned.
 * @example const quotes = await readQuotes({ chain, assets, currency: 'EUR', maxAgeSeconds: 3600 })
 */
export async function readQuotes(parameters: ReadQuotesParameters): Promise<Map<string, AssetQuote>> {
  const { chain, assets, currency } = parameters;
  const needsFeeds = assets.some((asset) => asset.pricing.kind === 'usd-feeds');
  if (needsFeeds && currency !== 'EUR')
    throw new NonRetryableError(`Crypto payouts are priced from EUR only; this company pays in ${currency}.`, {
      code: 'unsupported-currency',
      field: 'currency',
    });
  const fiatFeed = { pair: 'EUR/USD', address: chain.contracts.eurUsdPriceFeed.address };
  const wanted = needsFeeds
    ? [
        fiatFeed,
        ...assets.flatMap((asset) =>
          asset.pricing.kind === 'usd-feeds' ? [{ pair: asset.pricing.pair, address: asset.pricing.tokenUsdFeed }] : [],
        ),
      ]
    : [];

  let answers = await readFeeds(chain, wanted);
  let now = parameters.now ?? (await chainNow(chain));
  let stale = answers.filter(
    (answer) => now - Math.floor(answer.updatedAt.getTime() / 1000) > parameters.maxAgeSeconds,
  );
  if (stale.length > 0 && parameters.refreshStaleDevFeeds && chain.devChain) {
    for (const answer of stale)
      await pushAnswerAgain(
        chain,
        answer,
        `${parameters.refreshStaleDevFeeds.idempotencyKeyPrefix}:${answer.address}:${answer.roundId}`,
      );
    answers = await readFeeds(chain, wanted);
    now = parameters.now ?? (await chainNow(chain));
    stale = answers.filter((answer) => now - Math.floor(answer.updatedAt.getTime() / 1000) > parameters.maxAgeSeconds);
  }
  if (stale.length > 0)
    throw new StaleQuoteError(
      `The price feed${stale.length > 1 ? 's' : ''} ${stale.map((a) => a.pair).join(', ')} ${stale.length > 1 ? 'are' : 'is'} stale; the run is not priced.`,
      `${stale
        .map(
          (a) =>
            `${a.pair} (${a.address}) last answered in round ${a.roundId} at ${a.updatedAt.toISOString()}, ${formatAge(now - Math.floor(a.updatedAt.getTime() / 1000))} ago`,
        )
        .join('; ')}; the most a quote may be is ${formatAge(parameters.maxAgeSeconds)}. Nothing was priced or paid.`,
    );

  const byAddress = new Map(answers.map((answer) => [answer.address.toLowerCase(), answer]));
  const quotes = new Map<string, AssetQuote>();
  for (const asset of assets) {
    const tokenDecimals = await readTokenDecimals(chain, asset);
    if (asset.pricing.kind === 'par') {
      quotes.set(asset.symbol, {
        asset: asset.symbol,
        token: asset.token,
        tokenDecimals,
        rate: { numerator: 1n, denominator: 1n },
        rateText: '1.00000000',
        fiatPerToken: 10n ** rateDecimals,
        feed: null,
        roundId: null,
        updatedAt: null,
        source: `par:${asset.symbol}=${currency}`,
        description: `par: 1 ${asset.symbol} = 1 ${currency} (${asset.pricing.reason})`,
        feeds: [],
      });
      continue;
    }
    const fiat = byAddress.get(fiatFeed.address.toLowerCase())!;
    const token = byAddress.get(asset.pricing.tokenUsdFeed.toLowerCase())!;
    // Tokens per EUR = (EUR/USD) / (TOKEN/USD), each answer scaled by its own decimals.
    const numerator = fiat.answer * 10n ** BigInt(token.decimals);
    const denominator = token.answer * 10n ** BigInt(fiat.decimals);
    quotes.set(asset.symbol, {
      asset: asset.symbol,
      token: asset.token,
      tokenDecimals,
      rate: { numerator, denominator },
      rateText: fixed(divideRounded(numerator * 10n ** rateDecimals, denominator, 'half-even')),
      fiatPerToken: divideRounded(denominator * 10n ** rateDecimals, numerator, 'half-even'),
      feed: fiat.address,
      roundId: fiat.roundId,
      updatedAt: fiat.updatedAt < token.updatedAt ? fiat.updatedAt : token.updatedAt,
      source: `chainlink:${fiat.pair}÷${token.pair}`,
      description: `${fiat.pair} ${fiat.address} round ${fiat.roundId} ÷ ${token.pair} ${token.address} round ${token.roundId}`,
      feeds: [fiat, token],
    });
  }
  return quotes;
}

async function readFeeds(
  chain: Pick<PayRunChain, 'publicClient'>,
  feeds: { pair: string; address: Address }[],
): Promise<FeedAnswer[]> {
  try {
    return await Promise.all(
      feeds.map(async ({ pair, address }) => {
        const [[roundId, answer, , updatedAt, answeredInRound], decimals] = await Promise.all([
          chain.publicClient.readContract({ address, abi: priceFeedAbi, functionName: 'latestRoundData' }),
          chain.publicClient.readContract({ address, abi: priceFeedAbi, functionName: 'decimals' }),
        ]);
        if (answer <= 0n || updatedAt === 0n || answeredInRound < roundId)
          throw new NonRetryableError(`The ${pair} feed at ${address} has no valid answer.`, {
            code: 'bad-quote',
            details: `Round ${roundId}: answer ${answer}, updated ${updatedAt}, answered in round ${answeredInRound}.`,
          });
        return {
          pair,
          address,
          roundId: roundId.toString(),
          answer,
          decimals: Number(decimals),
          updatedAt: new Date(Number(updatedAt) * 1000),
        };
      }),
    );
  } catch (cause) {
    if (cause instanceof NonRetryableError) throw cause;
    throw new RetryableError('The price feeds could not be read.', { cause, code: 'chain-unreachable' });
  }
}

const decimalsCache = new Map<string, number>();

async function readTokenDecimals(chain: Pick<PayRunChain, 'publicClient'>, asset: PayoutAsset): Promise<number> {
  const key = asset.token.toLowerCase();
  const cached = decimalsCache.get(key);
  if (cached !== undefined) return cached;
  const decimals = await chain.publicClient
    .readContract({ address: asset.token, abi: erc20Abi, functionName: 'decimals' })
    .catch(() => asset.decimals);
  decimalsCache.set(key, Number(decimals));
  return Number(decimals);
}

/** The later of the wall clock and the chain's clock (a dev chain's time can run ahead of the wall clock). */
export async function chainNow(chain: Pick<PayRunChain, 'publicClient'>): Promise<number> {
  const block = await chain.publicClient.getBlock({ blockTag: 'latest' });
  return Math.max(Math.floor(Date.now() / 1000), Number(block.timestamp));
}

async function pushAnswerAgain(chain: Pick<PayRunChain, 'sender'>, answer: FeedAnswer, idempotencyKey: string) {
  const record = await chain.sender.send({
    idempotencyKey,
    to: answer.address,
    data: encodeFunctionData({ abi: priceFeedAbi, functionName: 'updateAnswer', args: [answer.answer] }),
    purpose: 'payroll.dev-feed-refresh',
    metadata: { pair: answer.pair, roundId: answer.roundId },
  });
  if (record.status !== 'confirmed')
    throw new NonRetryableError(`Refreshing the dev ${answer.pair} feed failed.`, {
      code: 'feed-refresh-failed',
      details: record.error ?? record.status,
    });
}

function fixed(scaled: bigint): string {
  const digits = scaled.toString().padStart(Number(rateDecimals) + 1, '0');
  return `${digits.slice(0, -Number(rateDecimals))}.${digits.slice(-Number(rateDecimals))}`;
}

function formatAge(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
