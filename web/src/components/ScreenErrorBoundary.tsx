import { Component, type ReactNode } from 'react';

type State = { error: Error | undefined };

/**
 * Keeps one screen's failure to that screen: the navigation stays, the error is said, and moving to another page
 * (a new `resetKey`) tries again.
 */
export class ScreenErrorBoundary extends Component<{ resetKey: string; children: ReactNode }, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey: string }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: undefined });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="notice notice-error" role="alert">
        <strong>This screen failed to show.</strong> {this.state.error.message} — reload the page, or tell whoever runs
        this Tandem server (the browser console has the details).
      </div>
    );
  }
}
