import { NonRetryableError } from '../../errors/BaseError.js';

/** A price feed's latest answer is older than the pay run accepts: nothing is priced, screened or paid with it. */
export class StaleQuoteError extends NonRetryableError {
  override name = 'StaleQuoteError';
  constructor(shortMessage: string, details: string) {
    super(shortMessage, { code: 'stale-quote', details, field: 'quote' });
  }
}
