import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isEvmAddress, normalizeAddress } from './normalizeAddress.js';

test('EVM addresses are lowercased whatever their checksum case', () => {
  assert.equal(
    normalizeAddress('0x098B716B8Aaf21512996dC57EB0615e2383E2f96'),
    '0x098b716b8aaf21512996dc57eb0615e2383e2f96',
  );
  assert.equal(isEvmAddress('0x098B716B8Aaf21512996dC57EB0615e2383E2f96'), true);
});

test('other addresses stay verbatim, only trimmed', () => {
  assert.equal(
    normalizeAddress(' bc1qsxf77cvwcd6jv6j8d8j3uhh4g0xqw4meswmwuc\n'),
    'bc1qsxf77cvwcd6jv6j8d8j3uhh4g0xqw4meswmwuc',
  );
  assert.equal(normalizeAddress('TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz'), 'TA3941uFAvmVibSkQ6fMJXxmaSNovX86mz');
  // 0x and 39 hex digits is no EVM address, so its case is kept.
  assert.equal(isEvmAddress('0xABCDEF0123456789abcdef0123456789ABCDEF0'), false);
  assert.equal(
    normalizeAddress('0xABCDEF0123456789abcdef0123456789ABCDEF0'),
    '0xABCDEF0123456789abcdef0123456789ABCDEF0',
  );
});
