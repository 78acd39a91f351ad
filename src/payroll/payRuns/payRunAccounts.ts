import type { Account } from '../../ledger/Account.js';
import type { Ledger } from '../../ledger/createLedger.js';
import { currencyMinorUnits } from '../../money/currencyMinorUnits.js';

/**
 * A company's payroll chart of accounts in the ledger (created on first use; codes are the company's):
 *
 * | code | account | type | currency |
 * |---|---|---|---|
 * | 1100 | Bank (the company's IBAN): pays the SEPA leg | asset | EUR |
 * | 1200:<asset>:<chainId>:<vault> | Crypto treasury: the vault's holding of a token, reconciled with the chain | asset | USDC, EURC |
 * | 1590:<currency> | FX clearing, one per currency: where a crypto payout turns from EUR owed into tokens paid | asset | EUR, USDC, EURC |
 * | 2710 | Income tax withheld, owed to the tax office | liability | EUR |
 * | 2720 | Social contributions payable (employee and employer shares) | liability | EUR |
 * | 2790 | Net pay payable to employees | liability | EUR |
 * | 3900:<asset> | Vault funding: tokens put into the vault (dev-chain mints, deposits seen on chain) | equity | USDC, EURC |
 * | 6000 | Salaries (gross) | expense | EUR |
 * | 6100 | Employer social contributions | expense | EUR |
 *
 * The two FX clearing accounts of a crypto payout hold the same value at the recorded rate (EUR credited, tokens
 * debited); each entry balances per currency as the ledger demands. Token amounts are the exact conversion rounded
 * once to the token's 6 decimals, less than a millionth of a token — below a cent — from the EUR amount, so a payout
 * leaves no FX difference to book; revaluing the clearing and treasury positions is period-end work, not the run's.
 */
export type PayRunAccounts = {
  bank: Account;
  incomeTax: Account;
  socialContributions: Account;
  netPay: Account;
  salaries: Account;
  employerContributions: Account;
  fxClearing(currency: string, decimals: number): Promise<Account>;
  vault(asset: string, decimals: number, chainId: number, address: string): Promise<Account>;
  vaultFunding(asset: string, decimals: number): Promise<Account>;
};

export async function payRunAccounts(
  ledger: Ledger,
  companyId: string,
  currency: string,
  iban: string,
): Promise<PayRunAccounts> {
  const decimals = currencyMinorUnits(currency);
  const account = async (
    code: string,
    name: string,
    type: Account['type'],
    extra: { currency?: string; decimals?: number; chainId?: number; address?: string } = {},
  ) =>
    (
      await ledger.findOrCreateAccount({
        companyId,
        code,
        name,
        type,
        currency: extra.currency ?? currency,
        decimals: extra.decimals ?? decimals,
        ...(extra.chainId !== undefined ? { chainId: extra.chainId, address: extra.address } : {}),
      })
    ).account;
  const [bank, incomeTax, socialContributions, netPay, salaries, employerContributions] = [
    await account('1100', `Bank ${iban}`, 'asset'),
    await account('2710', 'Income tax withheld', 'liability'),
    await account('2720', 'Social contributions payable', 'liability'),
    await account('2790', 'Net pay payable', 'liability'),
    await account('6000', 'Salaries (gross)', 'expense'),
    await account('6100', 'Employer social contributions', 'expense'),
  ];
  return {
    bank,
    incomeTax,
    socialContributions,
    netPay,
    salaries,
    employerContributions,
    fxClearing: (clearingCurrency, clearingDecimals) =>
      account(`1590:${clearingCurrency}`, `FX clearing ${clearingCurrency}`, 'asset', {
        currency: clearingCurrency,
        decimals: clearingDecimals,
      }),
    vault: (asset, assetDecimals, chainId, address) =>
      account(
        `1200:${asset}:${chainId}:${address.toLowerCase()}`,
        `Crypto treasury ${asset} (vault ${address} on chain ${chainId})`,
        'asset',
        {
          currency: asset,
          decimals: assetDecimals,
          chainId,
          address: address.toLowerCase(),
        },
      ),
    vaultFunding: (asset, assetDecimals) =>
      account(`3900:${asset}`, `Vault funding ${asset}`, 'equity', { currency: asset, decimals: assetDecimals }),
  };
}
