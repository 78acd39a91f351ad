/**
 * JSON-safe copy of a value: bigint amounts become decimal strings (money never passes through a float), and the
 * rest comes out as `JSON.parse(JSON.stringify(value))` would give it (dates as ISO strings, undefined members
 * left out, undefined array items and non-finite numbers as null) — built directly, since every API answer goes
 * through here and printing then parsing it again cost a few percent of a screening's time.
 */
export function toJson<T>(value: T): unknown {
  return plain(value);
}

function plain(value: unknown): unknown {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? value + 0 : null; // + 0: −0 prints as 0
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return undefined; // undefined, functions and symbols have no JSON
  }
  if (value === null) return null;
  const custom = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof custom === 'function') return plain(custom.call(value));
  if (Array.isArray(value)) return value.map((item) => plain(item) ?? null);
  const prototype = Object.getPrototypeOf(value);
  // Maps, typed arrays and the like: as JSON.stringify prints them (rare in an answer, so the slow way is fine).
  if (prototype !== Object.prototype && prototype !== null) return JSON.parse(JSON.stringify(value, bigintAsText));
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    const converted = plain(member);
    if (converted !== undefined) copy[key] = converted;
  }
  return copy;
}

function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
