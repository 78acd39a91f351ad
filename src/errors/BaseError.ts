/**
 * The one error type of Tandem: a short message for people, optional details, and a cause chain.
 * Subclasses set a literal `name` and say whether retrying may help (`retryable`): the job runner and the
 * transaction sender retry only retryable errors.
 */
export type BaseErrorParameters = {
  details?: string | undefined;
  cause?: unknown;
  /** Stable machine-readable code, used as the problem+json `type` suffix by the HTTP API. */
  code?: string | undefined;
  /** Field, row or line the error concerns, when there is one. */
  field?: string | undefined;
};

export class BaseError extends Error {
  override name = 'BaseError';
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly code: string;
  readonly field: string | undefined;
  readonly retryable: boolean = false;

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const details = parameters.details ?? causeMessage(parameters.cause);
    super(details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage, { cause: parameters.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.code = parameters.code ?? 'internal';
    this.field = parameters.field;
  }

  /** Walks the cause chain and returns the first error `predicate` accepts. */
  walk(predicate: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    while (current) {
      if (predicate(current)) return current;
      current = current instanceof Error ? current.cause : undefined;
    }
    return undefined;
  }
}

function causeMessage(cause: unknown): string | undefined {
  if (!cause) return undefined;
  if (cause instanceof BaseError) return cause.shortMessage;
  if (cause instanceof Error) return cause.message;
  return String(cause);
}

/** May succeed if tried again: a lost connection, an RPC timeout, a nonce race. */
export class RetryableError extends BaseError {
  override name = 'RetryableError';
  override readonly retryable = true;
}

/** Will never succeed as asked: bad input, a refused state change, a rule of the domain. */
export class NonRetryableError extends BaseError {
  override name = 'NonRetryableError';
}

/** Input that breaks a rule; names the field, row or line. HTTP 400. */
export class ValidationError extends NonRetryableError {
  override name = 'ValidationError';
  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, { code: 'validation', ...parameters });
  }
}

/** The thing asked for does not exist. HTTP 404. */
export class NotFoundError extends NonRetryableError {
  override name = 'NotFoundError';
  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, { code: 'not-found', ...parameters });
  }
}

/** The request conflicts with the current state (wrong pay-run state, duplicate key). HTTP 409. */
export class ConflictError extends NonRetryableError {
  override name = 'ConflictError';
  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, { code: 'conflict', ...parameters });
  }
}

/** Missing or wrong credentials, or a role that may not do this. HTTP 401/403. */
export class AuthError extends NonRetryableError {
  override name = 'AuthError';
  readonly status: 401 | 403;
  constructor(shortMessage: string, status: 401 | 403, parameters: BaseErrorParameters = {}) {
    super(shortMessage, { code: status === 401 ? 'unauthenticated' : 'forbidden', ...parameters });
    this.status = status;
  }
}

/** Tandem cannot start or run as configured (bad config, port in use, corrupt data folder). */
export class ConfigError extends NonRetryableError {
  override name = 'ConfigError';
  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, { code: 'config', ...parameters });
  }
}
