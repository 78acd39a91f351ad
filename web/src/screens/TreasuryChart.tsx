import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { currencyMinorUnits } from '../../../src/money/currencyMinorUnits.js';
import { formatMoney } from '../money/formatMoney.js';

type TreasuryRow = { account: { id: string; currency: string }; value: bigint | undefined };

/**
 * The treasury's value per asset in the company's currency, as bars. A bar's length is a float (a picture keeps no
 * exactness); its label and tooltip are the exact amounts.
 */
export function TreasuryChart({ rows, currency }: { rows: TreasuryRow[]; currency: string }) {
  const totals = new Map<string, bigint>();
  for (const row of rows)
    if (row.value !== undefined) totals.set(row.account.currency, (totals.get(row.account.currency) ?? 0n) + row.value);
  const decimals = currencyMinorUnits(currency);
  const data = [...totals.entries()]
    .filter(([, value]) => value !== 0n)
    .map(([asset, value]) => ({ asset, amount: Number(value) / 10 ** decimals, label: formatMoney(value, currency) }));
  if (data.length === 0) return null;
  return (
    <figure
      className="chart"
      style={{ height: 40 + 44 * data.length, margin: '0 0 0.75rem' }}
      aria-label={`Treasury value per asset in ${currency}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24, top: 4, bottom: 4 }}>
          <CartesianGrid horizontal={false} stroke="#e2e5ea" />
          <XAxis type="number" tick={{ fontSize: 12, fill: '#5b6472' }} />
          <YAxis type="category" dataKey="asset" width={56} tick={{ fontSize: 12, fill: '#171c26' }} />
          <Tooltip formatter={(_value, _name, item) => [item.payload.label, `Value (${currency})`]} />
          <Bar dataKey="amount" fill="#1f4fd1" radius={[0, 4, 4, 0]} barSize={22} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
