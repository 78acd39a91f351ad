import type { ReactNode } from 'react';

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {description ? <p className="page-description">{description}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  );
}

export function Card({
  title,
  actions,
  children,
  className,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <section className={`card${className ? ` ${className}` : ''}`}>
      {title || actions ? (
        <div className="card-header">
          {title ? <h2>{title}</h2> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

const tones: Record<string, string> = {
  allow: 'good',
  paid: 'good',
  matched: 'good',
  approved: 'good',
  confirmed: 'good',
  resolved: 'good',
  active: 'good',
  ok: 'good',
  review: 'warn',
  held: 'warn',
  open: 'warn',
  assigned: 'warn',
  executing: 'info',
  calculated: 'info',
  screened: 'info',
  pending: 'info',
  draft: 'muted',
  disabled: 'muted',
  block: 'bad',
  blocked: 'bad',
  failed: 'bad',
  mismatch: 'bad',
  rejected: 'bad',
  reject: 'bad',
  approve: 'good',
  partially_paid: 'warn',
  'partially paid': 'warn',
  flagged: 'bad',
  'no-value': 'muted',
  claimable: 'info',
  claimed: 'good',
  completed: 'good',
  running: 'info',
  unreadable: 'bad',
};

/** A small coloured label for a state (pay run, line, decision, case); the colour follows the word. */
export function StatusBadge({ status }: { status: string }) {
  // "held: block" takes the colour of its last word, "partially paid" of its whole.
  const words = status.toLowerCase().split(/:\s*/);
  const tone = tones[status.toLowerCase()] ?? tones[words.at(-1) ?? ''] ?? tones[words[0] ?? ''] ?? 'muted';
  return <span className={`badge badge-${tone}`}>{status.replaceAll('_', ' ')}</span>;
}
