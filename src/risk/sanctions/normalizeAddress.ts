const evmAddressPattern = /^0x[0-9a-f]{40}$/i;

/** Whether `address` is an EVM account address (`0x` and 40 hex digits, any case). */
export function isEvmAddress(address: string): boolean {
  return evmAddressPattern.test(address);
}

/**
 * The form an address is stored and looked up in: EVM addresses lowercased (their letter case is only an EIP-55
 * checksum, so `0xAbC…` and `0xabc…` are one account), every other chain's address verbatim (base58 and bech32
 * addresses are case-sensitive: a case-changed Bitcoin address is another address or none).
 * @example normalizeAddress(' 0x098B716B8Aaf21512996dC57EB0615e2383E2f96 ') // '0x098b716b8aaf21512996dc57eb0615e2383e2f96'
 */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  return isEvmAddress(trimmed) ? trimmed.toLowerCase() : trimmed;
}
