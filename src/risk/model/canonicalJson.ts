import { ValidationError } from '../../errors/BaseError.js';

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, numbers in JavaScript's shortest round-trip form,
 * undefined properties left out. Equal values give equal bytes, which makes a hash of them an identity.
 * Non-finite numbers, typed arrays and other non-JSON values are refused.
 * @example canonicalJson({ b: 1, a: [2, 'x'] }) // '{"a":[2,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, at: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new ValidationError(`cannot write ${value} as JSON at ${at}`, { field: at });
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item, i) => write(item, `${at}[${i}]`)).join(',')}]`;
      if (ArrayBuffer.isView(value) || Object.getPrototypeOf(value) !== Object.prototype)
        throw new ValidationError(`only plain objects and arrays can be written as canonical JSON (at ${at})`, {
          field: at,
        });
      const entries = Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${write(item, `${at}.${key}`)}`).join(',')}}`;
    }
    default:
      throw new ValidationError(`cannot write a ${typeof value} as JSON at ${at}`, { field: at });
  }
}
