// The ISO 9362 shape the pain.001.001.03 schema accepts: bank (4 letters), country (2), location (2, the second
// not 'O', which marks test BICs), optional branch (3).
const bicShape = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;

/** Whether `bic` is an 8- or 11-character BIC as the pain.001 schema accepts it (upper case). */
export function isValidBic(bic: string): boolean {
  return bicShape.test(bic);
}
