import { NonRetryableError } from '../../errors/BaseError.js';

/** Why a network message was refused; each reason has its HTTP status in protocolErrorStatus. */
export type ProtocolErrorReason =
  | 'oversized'
  | 'malformed'
  | 'unsigned'
  | 'bad-signature'
  | 'stale'
  | 'replayed'
  | 'wrong-round'
  | 'unknown-node'
  | 'wrong-dimensions'
  | 'step-closed'
  | 'round-closed'
  | 'not-allowed';

export const protocolErrorStatus: Record<ProtocolErrorReason, 400 | 401 | 403 | 409 | 413> = {
  oversized: 413,
  malformed: 400,
  unsigned: 401,
  'bad-signature': 401,
  stale: 401,
  replayed: 409,
  'wrong-round': 409,
  'unknown-node': 403,
  'wrong-dimensions': 400,
  'step-closed': 409,
  'round-closed': 409,
  'not-allowed': 403,
};

/**
 * A message of the open AI network refused at the edge: it never changes the round's state. `reason` is stable
 * (the problem+json type is `deai-<reason>`); the message says which field or limit.
 */
export class ProtocolError extends NonRetryableError {
  override name = 'ProtocolError';
  readonly reason: ProtocolErrorReason;
  readonly status: 400 | 401 | 403 | 409 | 413;
  constructor(
    reason: ProtocolErrorReason,
    shortMessage: string,
    parameters: { details?: string | undefined; field?: string | undefined; cause?: unknown } = {},
  ) {
    super(shortMessage, { ...parameters, code: `deai-${reason}` });
    this.reason = reason;
    this.status = protocolErrorStatus[reason];
  }
}
