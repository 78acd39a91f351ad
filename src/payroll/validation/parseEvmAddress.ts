import { type Address, getAddress } from 'viem';
import { ValidationError } from '../../errors/BaseError.js';

/**
 * Checks an EVM address and returns its EIP-55 checksummed form. All lower case or all upper case carries no
 * checksum and is accepted; mixed case is a checksum and must match, since a wrong one means a mistyped address.
 * @example parseEvmAddress('0x52908400098527886e0f7030069857d2e4169ee7') // '0x52908400098527886E0F7030069857D2E4169EE7'
 */
export function parseEvmAddress(text: string, field = 'wallet'): Address {
  const address = text.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(address))
    throw new ValidationError('is not an EVM address: 0x followed by 40 hexadecimal digits', { field });
  const hex = address.slice(2);
  const checksummed = getAddress(address);
  if (hex !== hex.toLowerCase() && hex !== hex.toUpperCase() && checksummed !== address)
    throw new ValidationError('EIP-55 checksum does not match', {
      field,
      details: 'The mixed upper and lower case letters are a checksum, and they do not fit: check the address.',
    });
  return checksummed;
}
