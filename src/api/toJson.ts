/** JSON-safe copy of a value: bigint amounts become decimal strings (money never passes through a float). */
export function toJson<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
