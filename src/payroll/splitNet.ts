import { percentToMillionths, type Split, splitWhole } from './Split.js';

export type SplitLine = { asset: string; percent: string; amount: bigint };

/**
 * Divides a net amount (minor units of the net's currency) between the assets of a split so that the parts add up to
 * exactly `net`: each share gets its amount rounded down, and the minor units left over go one each to the shares
 * with the largest remainders (largest-remainder method; ties go to the share written first, so the result is
 * deterministic). Shares of 0 % get no line.
 * @example splitNet(100n, [{ asset: 'EUR', percent: '33.3333' }, { asset: 'USDC', percent: '66.6667' }])
 * // [{ asset: 'EUR', percent: '33.3333', amount: 33n }, { asset: 'USDC', percent: '66.6667', amount: 67n }]
 */
export function splitNet(net: bigint, split: Split): SplitLine[] {
  if (net < 0n) throw new RangeError(`cannot split a negative net amount (${net})`);
  const shares = split
    .map((share, index) => ({ share, index, millionths: percentToMillionths(share.percent) }))
    .filter(({ millionths }) => millionths > 0n);
  const total = shares.reduce((sum, { millionths }) => sum + millionths, 0n);
  if (total !== splitWhole) throw new RangeError(`split percentages add up to ${total} millionths, not ${splitWhole}`);
  const lines = shares.map(({ share, index, millionths }) => ({
    index,
    line: { asset: share.asset, percent: share.percent, amount: (net * millionths) / splitWhole },
    remainder: (net * millionths) % splitWhole,
  }));
  let leftover = net - lines.reduce((sum, { line }) => sum + line.amount, 0n);
  const byRemainder = [...lines].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const entry of byRemainder) {
    if (leftover === 0n) break;
    entry.line.amount += 1n;
    leftover -= 1n;
  }
  return lines.map(({ line }) => line);
}
