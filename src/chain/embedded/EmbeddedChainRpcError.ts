/**
 * A JSON-RPC error answered by the embedded chain, shaped as EIP-1193 asks (numeric `code`, optional `data`) so that
 * viem classifies it and decodes revert data from it. It is not a BaseError on purpose: BaseError's `code` is a string.
 */
export class EmbeddedChainRpcError extends Error {
  override name = 'EmbeddedChainRpcError';
  readonly code: number;
  readonly data: unknown;

  constructor(error: { code: number; message: string; data?: unknown }) {
    super(error.message);
    this.code = error.code;
    this.data = error.data;
  }
}
