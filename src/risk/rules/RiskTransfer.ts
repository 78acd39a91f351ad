import type { RiskTransferDirection, RiskTransferSource } from '../RiskTables.js';

/** One transfer of the history the rules read; addresses in lookup form (EVM lowercased). */
export type RiskTransfer = {
  id: bigint;
  companyId: string | null;
  chainId: number;
  asset: string;
  /** Token minor units. */
  amount: bigint;
  decimals: number;
  /** The EUR value at the time, in cents; null when no rate was known. */
  fiatValueEurCents: bigint | null;
  from: string;
  to: string;
  direction: RiskTransferDirection;
  source: RiskTransferSource;
  at: Date;
};

/** What the screened party is: a wallet at a regulated provider (hosted) or one its owner keeps (self-hosted). */
export type Counterparty = {
  name?: string | undefined;
  /** false: a self-hosted ("unhosted") wallet, which the Transfer of Funds Regulation treats apart. */
  hosted: boolean;
  /** The crypto-asset service provider holding a hosted wallet, when known. */
  vasp?: string | undefined;
};

/** The transfer being screened, not yet part of the history. */
export type ScreenedTransfer = Omit<RiskTransfer, 'id' | 'source'> & {
  source: RiskTransferSource;
  counterparty: Counterparty;
  reference?: string | undefined;
};

/**
 * The address on the other side from the company: the recipient of an outgoing (or external) transfer, the sender
 * of an incoming one.
 */
export function counterpartyAddress(transfer: Pick<ScreenedTransfer, 'direction' | 'from' | 'to'>): string {
  return transfer.direction === 'incoming' ? transfer.from : transfer.to;
}

/**
 * The addresses of the transfer that are not the company's own: the rules about an account's behaviour (velocity,
 * fan-out, fan-in) look at these only, since a company's vault paying its whole payroll is not a red flag.
 */
export function outsideParties(transfer: Pick<ScreenedTransfer, 'direction' | 'from' | 'to'>): string[] {
  if (transfer.direction === 'outgoing') return [transfer.to];
  if (transfer.direction === 'incoming') return [transfer.from];
  return transfer.from === transfer.to ? [transfer.from] : [transfer.from, transfer.to];
}
