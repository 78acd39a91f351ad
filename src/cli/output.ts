/** Prints machine output: JSON on one document, bigint as strings. */
export function printJson(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
}

/** Prints rows as an aligned table for people; numbers right-aligned. */
export function printTable(rows: Record<string, unknown>[], columns?: string[]) {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const keys = columns ?? Object.keys(rows[0]!);
  const cells = rows.map((row) => keys.map((key) => formatCell(row[key])));
  const widths = keys.map((key, i) => Math.max(key.length, ...cells.map((line) => line[i]!.length)));
  const numeric = keys.map((_, i) => cells.every((line) => /^-?[\d,.]*$/.test(line[i]!)));
  const render = (line: string[]) =>
    line
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${render(keys)}\n${render(widths.map((w) => '─'.repeat(w)))}\n`);
  for (const line of cells) process.stdout.write(`${render(line)}\n`);
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Formats integer minor units as a decimal amount: 123456n with 2 decimals → "1,234.56". */
export function formatMinor(amount: bigint | string, decimals: number): string {
  const value = BigInt(amount);
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** A one-line progress indicator on stderr for long jobs (silent when stderr is not a terminal). */
export function createProgress(label: string) {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update(done: number, total?: number) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && done !== total) return;
      last = now;
      const percent = total ? ` ${((100 * done) / total).toFixed(0)}%` : '';
      process.stderr.write(
        `\r${label}: ${done.toLocaleString('en-US')}${total ? `/${total.toLocaleString('en-US')}` : ''}${percent}   `,
      );
    },
    done(message?: string) {
      if (tty) process.stderr.write(`\r${label}: ${message ?? 'done'}${' '.repeat(20)}\n`);
    },
  };
}
