/**
 * The ISO 7064 MOD 97-10 remainder of an alphanumeric string, letters counting as two digits (A = 10 … Z = 35), as
 * IBAN (ISO 13616) and LEI (ISO 17442) check digits use it. Folding digit by digit keeps the number small.
 * @example mod97('3704004405320130001314' + '00') // the remainder for DE check digits
 */
export function mod97(text: string): number {
  let remainder = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) remainder = (remainder * 10 + (code - 48)) % 97;
    else if (code >= 65 && code <= 90) remainder = (remainder * 100 + (code - 55)) % 97;
    else throw new RangeError(`mod97 takes digits and upper-case letters only, not "${text[i]}"`);
  }
  return remainder;
}
