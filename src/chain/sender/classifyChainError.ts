import {
  HttpRequestError,
  LimitExceededRpcError,
  NonceTooHighError,
  NonceTooLowError,
  ResourceUnavailableRpcError,
  SocketClosedError,
  TimeoutError,
  BaseError as ViemError,
  WebSocketRequestError,
} from 'viem';

export type ChainErrorKind = 'retryable' | 'nonce' | 'permanent';

/**
 * Sorts an error from the node into what the sender may do about it: try again later (the network, the node's
 * limits), re-check the nonce (the transaction may already be in), or give up (a revert, no funds, a bad request).
 */
export function classifyChainError(error: unknown): ChainErrorKind {
  if (!(error instanceof ViemError)) {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT') return 'retryable';
    // A node's own JSON-RPC error, e.g. one answer of a batch broadcast: only its message tells a nonce clash.
    return isNonceMessage(String((error as Error | undefined)?.message ?? '')) ? 'nonce' : 'permanent';
  }
  const walked = error.walk((e) =>
    [
      HttpRequestError,
      TimeoutError,
      SocketClosedError,
      WebSocketRequestError,
      LimitExceededRpcError,
      ResourceUnavailableRpcError,
      NonceTooLowError,
      NonceTooHighError,
    ].some((kind) => e instanceof kind),
  );
  if (walked instanceof NonceTooLowError || walked instanceof NonceTooHighError) return 'nonce';
  if (walked) return 'retryable';
  return isNonceMessage(error.message) ? 'nonce' : 'permanent';
}

function isNonceMessage(text: string): boolean {
  const message = text.toLowerCase();
  return (
    message.includes('already known') ||
    message.includes('nonce too low') ||
    message.includes('nonce too high') ||
    message.includes('known transaction') ||
    message.includes('replacement transaction underpriced')
  );
}
