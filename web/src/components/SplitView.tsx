const palette = ['#1f4fd1', '#1f9d55', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563'];

/** An employee's payout split: a bar and a legend ("EUR 60%, USDC 40%"); EUR is the bank account. */
export function SplitView({ split }: { split: readonly { asset: string; percent: string }[] }) {
  return (
    <div className="split" role="img" aria-label={split.map((share) => `${share.asset} ${share.percent}%`).join(', ')}>
      <div className="split-legend" aria-hidden="true">
        {split.map((share, index) => (
          <span key={share.asset} style={{ '--swatch': palette[index % palette.length] } as React.CSSProperties}>
            {share.asset} {share.percent}%
          </span>
        ))}
      </div>
      <div className="split-bar" aria-hidden="true">
        {split.map((share, index) => (
          <div
            key={share.asset}
            style={{ width: `${Number(share.percent)}%`, background: palette[index % palette.length] }}
          />
        ))}
      </div>
    </div>
  );
}
