import { iso4217Currencies } from '../../../src/money/iso4217Currencies.js';
import { formatMinorUnits } from '../../../src/payroll/documents/formatMinorUnits.js';

/** Decimals of an asset: an ISO 4217 currency's minor units, else the token's decimals as given (18 by default). */
export function assetDecimals(asset: string, tokenDecimals?: number): number {
  const currency = Object.hasOwn(iso4217Currencies, asset) ? iso4217Currencies[asset] : undefined;
  return tokenDecimals ?? currency?.minorUnits ?? 18;
}

/**
 * Integer minor units (a decimal string from the API) as an exact amount for people, never through a float:
 * "123456", "EUR" → "1,234.56 EUR"; token amounts drop trailing zeros beyond two decimals.
 * @example formatMoney('1500000', 'USDC', 6) // '1.50 USDC'
 */
export function formatMoney(
  minor: string | bigint | null | undefined,
  asset: string,
  decimals?: number,
  options: { code?: boolean } = {},
): string {
  if (minor === null || minor === undefined || minor === '') return '—';
  let value: bigint;
  try {
    value = typeof minor === 'bigint' ? minor : BigInt(minor);
  } catch {
    return String(minor);
  }
  const isCurrency = Object.hasOwn(iso4217Currencies, asset);
  const scale = assetDecimals(asset, decimals);
  const text = formatMinorUnits(value, scale, {
    groupThousands: true,
    ...(isCurrency ? {} : { minimumFractionDigits: Math.min(2, scale) }),
  });
  return options.code === false ? text : `${text} ${asset}`;
}
