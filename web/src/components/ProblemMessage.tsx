import type { ApiProblem } from '../api/client.js';

/** An API refusal or failure, said plainly; 403 names the role, 404 says the server lacks it. */
export function ProblemMessage({ problem, what }: { problem: ApiProblem | undefined; what?: string }) {
  if (!problem) return null;
  if (problem.status === 403)
    return (
      <div className="notice notice-muted" role="status">
        <strong>Not for your role.</strong> {problem.message}
      </div>
    );
  if (problem.status === 404 && problem.type.endsWith('/not-found') && problem.message.startsWith('No route'))
    return (
      <div className="notice notice-muted" role="status">
        <strong>Not available on this server.</strong> {what ?? 'This'}: not part of this Tandem server's API yet (
        {problem.message.replace(/^No route /, '')} answered 404).
      </div>
    );
  return (
    <div className="notice notice-error" role="alert">
      <strong>{problem.message}</strong>
      {problem.detail ? <span> {problem.detail}</span> : null}
    </div>
  );
}

/** True when the API has no such route at all (a part of Tandem this server does not run yet). */
export function isMissingRoute(problem: ApiProblem | undefined): boolean {
  return Boolean(problem && problem.status === 404 && problem.message.startsWith('No route'));
}
