import { formatMoney } from '../money/formatMoney.js';

/** An exact amount from integer minor units (API decimal strings), right-aligned in tables by `.num`. */
export function Money({
  minor,
  asset,
  decimals,
  code = true,
}: {
  minor: string | bigint | null | undefined;
  asset: string;
  decimals?: number | undefined;
  code?: boolean;
}) {
  return <span className="money">{formatMoney(minor, asset, decimals, { code })}</span>;
}
