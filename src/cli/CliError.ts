import type { Problem } from '../api/problem.js';
import { BaseError } from '../errors/BaseError.js';

/** An API problem as the CLI reports it: the problem's title, detail and field. */
export class CliError extends BaseError {
  override name = 'CliError';
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.title, { details: problem.detail, field: problem.field, code: problem.type.split('/').pop() });
    this.problem = problem;
  }
}
