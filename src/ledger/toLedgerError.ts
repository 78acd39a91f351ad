import { BaseError, ConflictError, NonRetryableError, RetryableError, ValidationError } from '../errors/BaseError.js';

type DatabaseErrorFields = { code?: unknown; constraint?: unknown; message?: unknown };

const conflictConstraints: Record<string, { message: string; field?: string }> = {
  ledger_entries_reversed_once: { message: 'The entry has already been reversed.', field: 'entryId' },
  ledger_accounts_code_key: { message: 'The company already has an account with this code.', field: 'code' },
  ledger_accounts_on_chain_key: {
    message: 'The company already has an account mirroring this on-chain holding.',
    field: 'address',
  },
  ledger_entries_idempotency_key_key: {
    message: 'The idempotency key is already used by another entry.',
    field: 'idempotencyKey',
  },
};

// Class 08 (connection), serialization failures, deadlocks, server shutdown and overload may pass when retried.
const retryableStates = /^(08...|40001|40P01|57P0[123]|53300|53400)$/;
const retryableNodeCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

/** Turns an error thrown by the database driver into a Tandem error, naming the ledger rule that refused the write. */
export function toLedgerError(error: unknown): BaseError {
  if (error instanceof BaseError) return error;
  const { code, constraint, message } = (error ?? {}) as DatabaseErrorFields;
  const details = typeof message === 'string' ? message : undefined;
  if (typeof constraint === 'string') {
    const conflict = conflictConstraints[constraint];
    if (conflict) return new ConflictError(conflict.message, { cause: error, field: conflict.field, details });
    if (constraint === 'ledger_immutable' || constraint === 'ledger_account_immutable')
      return new NonRetryableError('The ledger is append-only; correct an entry by reversing it.', {
        cause: error,
        code: 'ledger-immutable',
        details,
      });
    if (constraint.startsWith('ledger_'))
      return new ValidationError(`The database refused the write: rule ${constraint}.`, { cause: error, details });
  }
  if (
    (typeof code === 'string' && (retryableStates.test(code) || retryableNodeCodes.has(code))) ||
    (typeof message === 'string' && /Connection terminated|connection timeout/i.test(message))
  )
    return new RetryableError('The ledger database could not be reached.', {
      cause: error,
      code: 'database-unavailable',
    });
  return new NonRetryableError('The ledger database refused the operation.', { cause: error, code: 'ledger-database' });
}
