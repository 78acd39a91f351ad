/** Whether web/dist holds a build at least as new as every source file. */
export function webBuildIsCurrent(): boolean;
/** Builds web/dist if it is missing or stale; returns what happened. Throws if a needed build fails. */
export function ensureWebBuilt(options?: { log?: (line: string) => void }): 'current' | 'built' | 'skipped';
