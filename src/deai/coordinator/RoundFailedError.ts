import { NonRetryableError } from '../../errors/BaseError.js';

/** A round cannot go on: too few parties joined, or too few survived a step to unmask its sum. */
export class RoundFailedError extends NonRetryableError {
  override name = 'RoundFailedError';
  constructor(shortMessage: string, parameters: { details?: string | undefined; cause?: unknown } = {}) {
    super(shortMessage, { ...parameters, code: 'deai-round-failed' });
  }
}
