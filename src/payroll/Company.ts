import type { Selectable } from 'kysely';
import type { CompaniesTable } from './PayrollTables.js';

/** Someone whose approval a pay run needs; `address` signs on chain (EIP-55 checksummed). */
export type Approver = { name: string; email: string; address: string };

/** A company that runs payroll on Tandem. */
export type Company = {
  id: string;
  legalName: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** ISO 17442. */
  lei: string | null;
  /** The bank account that pays the fiat leg. */
  iban: string;
  bic: string;
  /** ISO 4217: salaries and the bank leg are in this currency, and `split`s name it for the bank account. */
  baseCurrency: string;
  /** The company's vault contract; null until it is deployed. */
  vault: { chainId: number; address: string } | null;
  taxProfileId: string;
  approvers: Approver[];
  /** Approvals a pay run needs: N of the M approvers. */
  approvalThreshold: number;
  /** Crypto asset symbols the company pays in (`USDC`, `EURC`, `ETH`). */
  cryptoAssets: string[];
  createdAt: Date;
  updatedAt: Date;
};

/** The crypto assets a company pays in unless it says otherwise. */
export const defaultCryptoAssets: readonly string[] = ['USDC', 'EURC', 'ETH'];

export function toCompany(row: Selectable<CompaniesTable>): Company {
  return {
    id: row.id,
    legalName: row.legal_name,
    country: row.country,
    lei: row.lei,
    iban: row.iban,
    bic: row.bic,
    baseCurrency: row.base_currency,
    vault:
      row.vault_address && row.vault_chain_id !== null
        ? { chainId: Number(row.vault_chain_id), address: row.vault_address }
        : null,
    taxProfileId: row.tax_profile_id,
    approvers: row.approvers,
    approvalThreshold: row.approval_threshold,
    cryptoAssets: row.crypto_assets,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
