import { ValidationError } from '../../errors/BaseError.js';
import type { ScreenedTransfer } from '../rules/RiskTransfer.js';
import { normalizeAddress } from '../sanctions/normalizeAddress.js';
import type { EurValuation } from './createEurValuation.js';
import type { ScreenTransferInput } from './ScreenTransferInput.js';

/**
 * Checks a transfer to screen and completes it: addresses in lookup form, its EUR value (from the caller or Tandem's
 * prices), direction and source defaults, the time. Bad input is refused naming the field.
 */
export async function toScreenedTransfer(
  input: ScreenTransferInput,
  valuation: EurValuation,
  now: () => Date,
): Promise<ScreenedTransfer> {
  if (!Number.isInteger(input.chainId) || input.chainId <= 0)
    throw new ValidationError('chainId must be a positive integer.', { field: 'chainId' });
  if (typeof input.asset !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(input.asset))
    throw new ValidationError('asset must be a token symbol such as USDC.', { field: 'asset' });
  if (typeof input.amount !== 'bigint' || input.amount < 0n)
    throw new ValidationError('amount must be a non-negative integer of minor units.', { field: 'amount' });
  if (!Number.isInteger(input.decimals) || input.decimals < 0 || input.decimals > 77)
    throw new ValidationError('decimals must be an integer from 0 to 77.', { field: 'decimals' });
  for (const field of ['from', 'to'] as const)
    if (typeof input[field] !== 'string' || input[field].trim() === '')
      throw new ValidationError(`${field} must be an address.`, { field });
  if (typeof input.counterparty?.hosted !== 'boolean')
    throw new ValidationError('Say whether the counterparty wallet is hosted (true) or self-hosted (false).', {
      field: 'counterparty.hosted',
    });
  const companyId = input.companyId || null;
  const fiatValueEurCents =
    input.fiatValueEurCents ?? (await valuation.eurCents(input.asset, input.amount, input.decimals));
  if (fiatValueEurCents !== null && fiatValueEurCents < 0n)
    throw new ValidationError('fiatValueEurCents must not be negative.', { field: 'fiatValueEurCents' });
  return {
    companyId,
    chainId: input.chainId,
    asset: input.asset,
    amount: input.amount,
    decimals: input.decimals,
    fiatValueEurCents,
    from: normalizeAddress(input.from),
    to: normalizeAddress(input.to),
    direction: input.direction ?? (companyId ? 'outgoing' : 'external'),
    source: input.source ?? 'submitted',
    counterparty: input.counterparty,
    reference: input.reference ?? undefined,
    at: input.at ?? now(),
  };
}
