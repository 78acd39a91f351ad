import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEvmAddress } from './parseEvmAddress.js';

// Test vectors from EIP-55.
const checksummed = [
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  '0x52908400098527886E0F7030069857D2E4169EE7',
  '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
  '0xde709f2102306220921060314715629080e2fb77',
  '0x27b1fdb04752bbc536007a920d24acb045561c26',
];

test('EIP-55 checksummed addresses pass and come back checksummed', () => {
  for (const address of checksummed.slice(0, 4)) assert.equal(parseEvmAddress(address), address);
});

test('all-lowercase and all-uppercase addresses carry no checksum and are accepted', () => {
  assert.equal(parseEvmAddress(checksummed[0]!.toLowerCase()), checksummed[0]);
  assert.equal(parseEvmAddress(`0x${checksummed[1]!.slice(2).toUpperCase()}`), checksummed[1]);
  // Vectors whose checksum happens to be all one case.
  for (const address of checksummed.slice(4))
    assert.equal(parseEvmAddress(address).toLowerCase(), address.toLowerCase());
});

test('a mixed-case address with a wrong checksum is refused', () => {
  const wrong = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'; // last d upper-cased
  assert.throws(() => parseEvmAddress(wrong), {
    name: 'ValidationError',
    shortMessage: 'EIP-55 checksum does not match',
    field: 'wallet',
  } as never);
  assert.throws(() => parseEvmAddress('0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed'), /checksum does not match/);
});

test('what is not an address at all is refused', () => {
  for (const bad of [
    '',
    '5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe',
    '0xZZAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    'alice.eth',
  ])
    assert.throws(() => parseEvmAddress(bad), /not an EVM address/);
});
