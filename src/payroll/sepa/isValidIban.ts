const ibanShape = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/;

/** An IBAN in its electronic form: spaces removed, letters upper-cased. */
export function normalizeIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase();
}

/**
 * Whether `iban` (electronic form, see `normalizeIban`) has the ISO 13616 shape and its check digits are right
 * (mod 97 = 1), so a typo is caught here rather than by the bank days later.
 * @example isValidIban('DE89370400440532013000') // true
 */
export function isValidIban(iban: string): boolean {
  if (!ibanShape.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const c of rearranged) {
    // Letters count as two digits, A = 10 … Z = 35; folding digit by digit keeps the number small.
    const value = c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55;
    remainder = value < 10 ? (remainder * 10 + value) % 97 : (remainder * 100 + value) % 97;
  }
  return remainder === 1;
}
