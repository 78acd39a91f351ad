import { type BaseErrorParameters, ValidationError } from '../../errors/BaseError.js';

/** Why a sanctions list file was refused; the list in force stays in force whichever it is. */
export type SanctionsListRefusal =
  /** The file cannot be opened or read. */
  | 'unreadable'
  /** Not OFAC's advanced XML: another format, another root element or namespace. */
  | 'foreign'
  /** The file ends before the document does (an interrupted download or copy). */
  | 'truncated'
  /** Broken bzip2 data or malformed XML inside the document, or a required part missing. */
  | 'corrupt'
  /** A well-formed OFAC list without a single digital-currency address: never a real SDN list. */
  | 'empty';

/** A sanctions list file that cannot be loaded, with the reason. HTTP 400. */
export class SanctionsListRefusedError extends ValidationError {
  override name = 'SanctionsListRefusedError';
  readonly reason: SanctionsListRefusal;

  constructor(reason: SanctionsListRefusal, shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, { code: `sanctions-list-${reason}`, field: 'file', ...parameters });
    this.reason = reason;
  }
}
