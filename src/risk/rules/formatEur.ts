/** EUR cents as people read them: 123456n → "EUR 1,234.56"; null → "an unknown EUR value". */
export function formatEur(cents: bigint | null): string {
  if (cents === null) return 'an unknown EUR value';
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}EUR ${whole}.${digits.slice(-2)}`;
}

/** EUR cents as a JSON number for a rule's figures (exact up to EUR 90 trillion). */
export function centsFigure(value: bigint | null): number | null {
  return value === null ? null : Number(value);
}
