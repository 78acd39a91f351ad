import { type Address, getAddress, isAddress } from 'viem';
import { ValidationError } from '../../errors/BaseError.js';
import type { Company } from '../Company.js';

/** The company's approver with this address (any letter case), EIP-55; a ValidationError names the field otherwise. */
export function companyApprover(company: Company, address: string): Address {
  if (!isAddress(address, { strict: false }))
    throw new ValidationError(`"${address}" is not an address.`, { field: 'approver' });
  const match = company.approvers.find((a) => a.address.toLowerCase() === address.toLowerCase());
  if (!match)
    throw new ValidationError(`${address} is not an approver of company ${company.id}.`, {
      field: 'approver',
      details: `Its approvers: ${company.approvers.map((a) => `${a.name} ${a.address}`).join(', ') || 'none'}.`,
    });
  return getAddress(match.address);
}
