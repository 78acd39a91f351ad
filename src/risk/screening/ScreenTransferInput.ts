import type { RiskTransferDirection, RiskTransferSource } from '../RiskTables.js';
import type { Counterparty } from '../rules/RiskTransfer.js';

/** A transfer to screen; amounts in minor units of the asset. */
export type ScreenTransferInput = {
  companyId?: string | null | undefined;
  chainId: number;
  asset: string;
  amount: bigint;
  decimals: number;
  /** The EUR value at the time, in cents, when the caller knows it; otherwise Tandem values it from its prices. */
  fiatValueEurCents?: bigint | null | undefined;
  from: string;
  to: string;
  /** From the company's side: outgoing (default with a company), incoming, or external (default without one). */
  direction?: RiskTransferDirection | undefined;
  /** `payout` for Tandem's own payouts; `submitted` (default) for transfers a customer asks about. */
  source?: Exclude<RiskTransferSource, 'indexed'> | undefined;
  counterparty: Counterparty;
  reference?: string | null | undefined;
  /** When the transfer happens; default now. */
  at?: Date | undefined;
};
