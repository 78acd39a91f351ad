import type { TransferHistory } from '../rules/createTransferHistory.js';
import type { RiskTransfer } from '../rules/RiskTransfer.js';

/** One row of the fraud model's input: Kaggle column name → value; null is a missing value. */
export type AccountFeatureRow = Record<string, number | string | null>;

export type AccountFeatures = {
  row: AccountFeatureRow;
  /** Transfers of the account the row was computed from. */
  transfers: number;
};

/** Token names as the eth-fraud data writes them in its "most sent/received token type" columns. */
const tokenNames: Record<string, string> = { USDC: 'USD Coin', USDT: 'Tether USD', DAI: 'Dai Stablecoin' };

/**
 * The account features of the eth-fraud data ("Ethereum Fraud Detection Dataset", Kaggle) computed from the
 * transfers Tandem holds for `address`. Native-coin transfers feed the normal-transaction columns, token transfers the
 * ERC20 columns, with values in whole coins or tokens (amount ÷ 10^decimals), times in minutes, as the dataset
 * defines them. A family of columns is missing (null) when the history has none of its transfers — Tandem sees only
 * part of an account's life, and "none seen" is not "none" — and so are the columns Tandem cannot know (contracts
 * created, transfers to contracts). The data's ERC20 "avg time between" columns are 0 in every published row, so
 * they are 0 here too when the account has token transfers.
 * @example computeAccountFeatures('0xab…', history).row['Sent tnx'] // 3
 */
export function computeAccountFeatures(
  address: string,
  history: TransferHistory,
  options: { nativeAsset?: string; until?: Date } = {},
): AccountFeatures {
  const nativeAsset = options.nativeAsset ?? 'ETH';
  const sent = history.sentBy(address, undefined, options.until).filter((t) => t.to !== address);
  const received = history.receivedBy(address, undefined, options.until).filter((t) => t.from !== address);
  const isNative = (t: RiskTransfer) => t.asset === nativeAsset;
  const nativeSent = sent.filter(isNative);
  const nativeReceived = received.filter(isNative);
  const tokenSent = sent.filter((t) => !isNative(t));
  const tokenReceived = received.filter((t) => !isNative(t));
  const row: AccountFeatureRow = {};

  if (nativeSent.length + nativeReceived.length > 0) {
    const sentValues = nativeSent.map(units);
    const receivedValues = nativeReceived.map(units);
    const all = [...nativeSent, ...nativeReceived];
    const totalSent = sum(sentValues);
    const totalReceived = sum(receivedValues);
    Object.assign(row, {
      'Avg min between sent tnx': averageGapMinutes(nativeSent),
      'Avg min between received tnx': averageGapMinutes(nativeReceived),
      'Time Diff between first and last (Mins)': spanMinutes(all),
      'Sent tnx': nativeSent.length,
      'Received Tnx': nativeReceived.length,
      'Unique Received From Addresses': new Set(nativeReceived.map((t) => t.from)).size,
      'Unique Sent To Addresses': new Set(nativeSent.map((t) => t.to)).size,
      'min value received': min(receivedValues),
      'max value received': max(receivedValues),
      'avg val received': average(receivedValues),
      'min val sent': min(sentValues),
      'max val sent': max(sentValues),
      'avg val sent': average(sentValues),
      'total transactions (including tnx to create contract': all.length,
      'total Ether sent': totalSent,
      'total ether received': totalReceived,
      'total ether balance': totalReceived - totalSent,
    });
  }

  if (tokenSent.length + tokenReceived.length > 0) {
    const sentValues = tokenSent.map(units);
    const receivedValues = tokenReceived.map(units);
    Object.assign(row, {
      'Total ERC20 tnxs': tokenSent.length + tokenReceived.length,
      'ERC20 total Ether received': sum(receivedValues),
      'ERC20 total ether sent': sum(sentValues),
      'ERC20 uniq sent addr': new Set(tokenSent.map((t) => t.to)).size,
      'ERC20 uniq rec addr': new Set(tokenReceived.map((t) => t.from)).size,
      'ERC20 avg time between sent tnx': 0,
      'ERC20 avg time between rec tnx': 0,
      'ERC20 avg time between rec 2 tnx': 0,
      'ERC20 avg time between contract tnx': 0,
      'ERC20 min val rec': min(receivedValues),
      'ERC20 max val rec': max(receivedValues),
      'ERC20 avg val rec': average(receivedValues),
      'ERC20 min val sent': min(sentValues),
      'ERC20 max val sent': max(sentValues),
      'ERC20 avg val sent': average(sentValues),
      'ERC20 uniq sent token name': new Set(tokenSent.map((t) => t.asset)).size,
      'ERC20 uniq rec token name': new Set(tokenReceived.map((t) => t.asset)).size,
      'ERC20 most sent token type': mostFrequentToken(tokenSent),
      ERC20_most_rec_token_type: mostFrequentToken(tokenReceived),
    });
  }
  return { row, transfers: sent.length + received.length };
}

function units(transfer: RiskTransfer): number {
  return Number(transfer.amount) / 10 ** transfer.decimals;
}

function sum(values: number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

// The dataset writes 0 for the statistics of an empty set (an account that never sent has "min val sent" 0).
function min(values: number[]): number {
  return values.length ? Math.min(...values) : 0;
}

function max(values: number[]): number {
  return values.length ? Math.max(...values) : 0;
}

function average(values: number[]): number {
  return values.length ? sum(values) / values.length : 0;
}

function averageGapMinutes(transfers: readonly RiskTransfer[]): number {
  if (transfers.length < 2) return 0;
  return spanMinutes(transfers) / (transfers.length - 1);
}

function spanMinutes(transfers: readonly RiskTransfer[]): number {
  if (transfers.length < 2) return 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const t of transfers) {
    first = Math.min(first, t.at.getTime());
    last = Math.max(last, t.at.getTime());
  }
  return (last - first) / 60_000;
}

function mostFrequentToken(transfers: readonly RiskTransfer[]): string | null {
  if (transfers.length === 0) return '0';
  const counts = new Map<string, number>();
  for (const t of transfers) counts.set(t.asset, (counts.get(t.asset) ?? 0) + 1);
  const [asset] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]!;
  return tokenNames[asset] ?? asset;
}
