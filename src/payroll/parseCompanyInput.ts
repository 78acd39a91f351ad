import { randomBytes } from 'node:crypto';
import { ValidationError } from '../errors/BaseError.js';
import { type Approver, type Company, defaultCryptoAssets } from './Company.js';
import { getTaxProfile } from './tax/getTaxProfile.js';
import { taxProfiles } from './tax/taxProfiles.js';
import { parseBic } from './validation/parseBic.js';
import { parseCountryCode } from './validation/parseCountryCode.js';
import { parseCurrencyCode } from './validation/parseCurrencyCode.js';
import { parseEmail } from './validation/parseEmail.js';
import { parseEvmAddress } from './validation/parseEvmAddress.js';
import { parseIban } from './validation/parseIban.js';
import { parseLei } from './validation/parseLei.js';

/** What a company is created from; codes may be in any case, and are normalised. */
export type CompanyInput = {
  /** Lower-case slug (`acme`, `acme-gmbh`); generated when absent. */
  id?: string | undefined;
  legalName: string;
  country: string;
  lei?: string | null | undefined;
  iban: string;
  bic: string;
  /** Default EUR. Fixed once the company exists. */
  baseCurrency?: string | undefined;
  /** Default: the shipped example profile for the company's country, if there is one. */
  taxProfileId?: string | undefined;
  approvers?: Approver[] | undefined;
  /** Default 1. */
  approvalThreshold?: number | undefined;
  /** Default USDC, EURC, ETH. */
  cryptoAssets?: string[] | undefined;
  vault?: { chainId: number; address: string } | null | undefined;
};

/** What may change on an existing company: anything but its id and base currency. */
export type CompanyPatch = { [K in Exclude<keyof CompanyInput, 'id' | 'baseCurrency'>]?: CompanyInput[K] | undefined };

export type CompanyValues = Omit<Company, 'createdAt' | 'updatedAt'>;

/**
 * Checks a company's fields and returns them normalised: LEI and IBAN check digits, BIC shape, ISO codes, approvers'
 * emails and EIP-55 addresses (each address once), N of M, a tax profile in the company's currency, crypto symbols.
 * Throws one ValidationError naming the first bad field; its details list any others.
 */
export function parseCompanyInput(input: CompanyInput): CompanyValues {
  const issues: { field: string; reason: string }[] = [];
  const check = <T>(field: string, read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push({ field: error.field ?? field, reason: error.shortMessage });
      return undefined;
    }
  };
  const fail = (field: string, reason: string): never => {
    throw new ValidationError(reason, { field });
  };

  const id = check('id', () => {
    if (input.id === undefined) return `co_${randomBytes(5).toString('hex')}`;
    if (!/^[a-z0-9][a-z0-9_-]{1,62}$/.test(input.id))
      fail('id', 'must be 2 to 63 lower-case letters, digits, _ or - (starting with a letter or digit)');
    return input.id;
  });
  const legalName = check('legalName', () => {
    const name = input.legalName.trim();
    if (name === '') fail('legalName', 'is empty');
    if ([...name].length > 200) fail('legalName', 'is longer than 200 characters');
    if (/\p{Cc}/u.test(name)) fail('legalName', 'contains a line break or control character');
    return name;
  });
  const country = check('country', () => parseCountryCode(input.country));
  const lei = check('lei', () => (input.lei ? parseLei(input.lei) : null));
  const iban = check('iban', () => parseIban(input.iban));
  const bic = check('bic', () => parseBic(input.bic));
  const baseCurrency = check('baseCurrency', () => parseCurrencyCode(input.baseCurrency ?? 'EUR', 'baseCurrency'));
  const taxProfileId = check('taxProfileId', () => {
    const id = input.taxProfileId ?? defaultProfileFor(country);
    if (!id) return fail('taxProfileId', `is required: Tandem ships no example profile for ${country}`);
    const profile = getTaxProfile(id);
    if (baseCurrency && profile.currency !== baseCurrency)
      fail('taxProfileId', `${id} calculates pay in ${profile.currency}, the company pays in ${baseCurrency}`);
    return id;
  });
  const approvers = check('approvers', () => {
    const list = input.approvers ?? [];
    if (list.length > 50) fail('approvers', 'at most 50 approvers');
    const seen = new Set<string>();
    return list.map((approver, i) => {
      const field = `approvers.${i}`;
      const name = approver.name.trim();
      if (name === '' || [...name].length > 200) fail(`${field}.name`, 'must be 1 to 200 characters');
      const email = parseEmail(approver.email, `${field}.email`);
      const address = parseEvmAddress(approver.address, `${field}.address`);
      if (seen.has(address)) fail(`${field}.address`, `${address} is already an approver`);
      seen.add(address);
      return { name, email, address };
    });
  });
  const approvalThreshold = check('approvalThreshold', () => {
    const threshold = input.approvalThreshold ?? 1;
    const approverCount = approvers?.length ?? 0;
    if (!Number.isInteger(threshold) || threshold < 1)
      fail('approvalThreshold', 'must be a whole number of at least 1');
    if (approverCount > 0 && threshold > approverCount)
      fail('approvalThreshold', `is ${threshold} but there are only ${approverCount} approvers`);
    if (approverCount === 0 && threshold !== 1)
      fail('approvalThreshold', 'can only be 1 until the company has approvers');
    return threshold;
  });
  const cryptoAssets = check('cryptoAssets', () => {
    const assets = (input.cryptoAssets ?? [...defaultCryptoAssets]).map((asset) => asset.trim().toUpperCase());
    for (const asset of assets) {
      if (!/^[A-Z][A-Z0-9.]{0,19}$/.test(asset)) fail('cryptoAssets', `"${asset}" is not an asset symbol`);
      if (asset === baseCurrency) fail('cryptoAssets', `${asset} is the company's base currency, not a crypto asset`);
    }
    if (new Set(assets).size !== assets.length) fail('cryptoAssets', 'lists an asset twice');
    return assets;
  });
  const vault = check('vault', () => {
    if (!input.vault) return null;
    if (!Number.isSafeInteger(input.vault.chainId) || input.vault.chainId <= 0)
      fail('vault.chainId', 'must be a positive chain id');
    return { chainId: input.vault.chainId, address: parseEvmAddress(input.vault.address, 'vault.address') };
  });

  const first = issues[0];
  if (first)
    throw new ValidationError(`${first.field}: ${first.reason}`, {
      field: first.field,
      details: issues.length > 1 ? issues.map((issue) => `${issue.field}: ${issue.reason}`).join('; ') : undefined,
    });
  return {
    id: id!,
    legalName: legalName!,
    country: country!,
    lei: lei ?? null,
    iban: iban!,
    bic: bic!,
    baseCurrency: baseCurrency!,
    vault: vault ?? null,
    taxProfileId: taxProfileId!,
    approvers: approvers!,
    approvalThreshold: approvalThreshold!,
    cryptoAssets: cryptoAssets!,
  };
}

function defaultProfileFor(country: string | undefined): string | undefined {
  return [...taxProfiles.values()].find((profile) => profile.country === country)?.id;
}
