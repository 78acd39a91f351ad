import { pbkdf2Sync } from 'node:crypto';
import type { Hex } from 'viem';
import { type HDAccount, HDKey, hdKeyToAccount } from 'viem/accounts';

/**
 * The development mnemonic of Hardhat and Anvil: its accounts (0xf39F…2266 first) are public and well known, so
 * wallets and tutorials recognise them, and nobody mistakes their ether for real money.
 */
export const devMnemonic = 'test test test test test test test test test test test junk';

/** Each dev account starts with 10,000 ether. */
export const devAccountBalance = 10_000n * 10n ** 18n;

export type DevAccount = HDAccount & { privateKey: Hex };

const cache = new Map<number, DevAccount[]>();

/**
 * The first `count` accounts of `devMnemonic` (BIP-44 path m/44'/60'/0'/0/i), as viem local accounts that also carry
 * their private key (the embedded chain needs it to sign `eth_sendTransaction`).
 * @example const [deployer, employee] = createDevAccounts(2)
 */
export function createDevAccounts(count: number): DevAccount[] {
  const cached = cache.get(count);
  if (cached) return cached;
  // BIP-39 seed with node's native PBKDF2: viem's mnemonicToAccount would re-derive it in JS for every account.
  const seed = pbkdf2Sync(devMnemonic.normalize('NFKD'), 'mnemonic', 2048, 64, 'sha512');
  const master = HDKey.fromMasterSeed(seed);
  const accounts = Array.from({ length: count }, (_, addressIndex) => {
    const account = hdKeyToAccount(master, { addressIndex });
    const privateKey = `0x${Buffer.from(account.getHdKey().privateKey!).toString('hex')}` as Hex;
    return Object.assign(account, { privateKey });
  });
  cache.set(count, accounts);
  return accounts;
}
