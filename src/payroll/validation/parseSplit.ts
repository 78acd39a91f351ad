import { ValidationError } from '../../errors/BaseError.js';
import { percentToMillionths, type Split, splitWhole } from '../Split.js';

export type ParseSplitOptions = {
  /** The symbol that stands for the bank account, the company's base currency: `EUR`. */
  fiatAsset: string;
  /** Crypto assets the company pays in: `USDC`, `EURC`, `ETH` by default. */
  cryptoAssets: readonly string[];
  field?: string | undefined;
};

/**
 * Reads a payout split such as `EUR:60,USDC:40` or `EUR:100`: comma-separated `ASSET:PERCENT` pairs, percentages as
 * integers or decimals (at most 4 decimals) adding up to exactly 100, each asset once and known to the company.
 * Asset symbols are matched without regard to case and returned upper-case; a 0 % share is kept as written.
 * @example parseSplit('EUR:60, usdc:40', { fiatAsset: 'EUR', cryptoAssets: ['USDC'] })
 * // [{ asset: 'EUR', percent: '60' }, { asset: 'USDC', percent: '40' }]
 */
export function parseSplit(text: string, options: ParseSplitOptions): Split {
  const field = options.field ?? 'split';
  const fail = (reason: string, details?: string): never => {
    throw new ValidationError(reason, { field, details });
  };
  const known = [options.fiatAsset, ...options.cryptoAssets].map((asset) => asset.toUpperCase());
  if (text.trim() === '') fail('is empty', `Write assets and percentages, e.g. ${options.fiatAsset}:100.`);
  const split: Split = [];
  let total = 0n;
  for (const part of text.split(',')) {
    const match = /^\s*([A-Za-z][A-Za-z0-9.]{0,19})\s*:\s*(\d{1,3}(?:\.\d{1,4})?)\s*$/.exec(part);
    if (!match) {
      if (part.trim() === '') fail('has an empty entry (two commas in a row?)');
      if (/^\s*[^:]+:\s*\d+\.\d{5,}\s*$/.test(part)) fail(`"${part.trim()}": at most 4 decimals in a percentage`);
      if (/^\s*[^:]+:\s*-/.test(part)) fail(`"${part.trim()}": a percentage cannot be negative`);
      fail(`"${part.trim()}" is not ASSET:PERCENT`, `Write e.g. ${options.fiatAsset}:60,USDC:40.`);
    }
    const asset = (match?.[1] ?? '').toUpperCase();
    const percent = normalisePercent(match?.[2] ?? '');
    if (!known.includes(asset)) fail(`"${asset}" is not an asset of this company (${known.join(', ')})`);
    if (split.some((share) => share.asset === asset)) fail(`${asset} appears more than once`);
    const millionths = percentToMillionths(percent);
    if (millionths > splitWhole) fail(`${asset}:${percent} is more than 100 %`);
    total += millionths;
    split.push({ asset, percent });
  }
  if (total !== splitWhole) fail(`percentages add up to ${normalisePercent(formatMillionths(total))}, not 100`);
  return split;
}

function normalisePercent(percent: string): string {
  const [whole = '0', fraction = ''] = percent.split('.');
  const trimmedFraction = fraction.replace(/0+$/, '');
  const trimmedWhole = whole.replace(/^0+(?=\d)/, '');
  return trimmedFraction ? `${trimmedWhole}.${trimmedFraction}` : trimmedWhole;
}

function formatMillionths(value: bigint): string {
  return `${value / 10_000n}.${(value % 10_000n).toString().padStart(4, '0')}`;
}
