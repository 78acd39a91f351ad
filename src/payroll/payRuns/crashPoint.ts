/**
 * Fault injection for the crash tests: when TANDEM_PAYRUN_CRASH_AT names this point — `batch-signed:0`, or
 * `<payRunId>@batch-signed:0` for one run only — the process kills itself with SIGKILL right here: no cleanup, no
 * flushing, as a power cut would. Unset, it does nothing.
 * Points: `checked` (before the run is executing), `begun`, `funded:<asset>`, `batch-sending:<i>`, `batch-signed:<i>`, `batch-mined:<i>`, `batch-settled:<i>`,
 * `finishing`.
 */
export function crashPoint(name: string, payRunId: string): void {
  const wanted = process.env.TANDEM_PAYRUN_CRASH_AT;
  if (wanted && (wanted === name || wanted === `${payRunId}@${name}`)) process.kill(process.pid, 'SIGKILL');
}
