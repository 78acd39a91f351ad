import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../errors/BaseError.js';
import { canonicalJson } from './canonicalJson.js';

describe('canonicalJson', () => {
  it('writes sorted keys, no whitespace, shortest numbers, and leaves out undefined', () => {
    assert.equal(
      canonicalJson({ b: [1, 0.1, -0, 1e21], a: { y: 'x"', x: null, skip: undefined }, c: true }),
      '{"a":{"x":null,"y":"x\\""},"b":[1,0.1,0,1e+21],"c":true}',
    );
    assert.equal(canonicalJson({ b: 1, a: 2 }), canonicalJson({ a: 2, b: 1 }));
  });

  it('refuses values JSON cannot carry exactly, naming where', () => {
    assert.throws(
      () => canonicalJson({ metrics: { auc: Number.NaN } }),
      (error: unknown) => error instanceof ValidationError && error.field === '$.metrics.auc',
    );
    assert.throws(() => canonicalJson({ edges: new Float64Array(2) }), /only plain objects and arrays/);
    assert.throws(() => canonicalJson({ when: new Date(0) }), /only plain objects and arrays/);
  });
});
