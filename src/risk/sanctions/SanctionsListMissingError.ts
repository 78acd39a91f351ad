import { NonRetryableError } from '../../errors/BaseError.js';

/** Screening was asked for before any sanctions list was loaded; screening fails closed rather than answer "clean". */
export class SanctionsListMissingError extends NonRetryableError {
  override name = 'SanctionsListMissingError';
  constructor() {
    super('No sanctions list is loaded, so no address can be screened.', {
      code: 'sanctions-list-missing',
      details: 'Load the OFAC SDN advanced XML first (sdn_advanced.xml or .xml.bz2).',
    });
  }
}
