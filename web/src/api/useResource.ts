import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiProblem, api } from './client.js';

export type Resource<T> = {
  data: T | undefined;
  error: ApiProblem | undefined;
  loading: boolean;
  reload: () => Promise<void>;
};

/**
 * GETs a path and keeps the answer; `path` undefined waits. `pollMs` refreshes it while the component is shown
 * (live progress of a pay run). A failed refresh keeps the last answer and reports the error.
 */
export function useResource<T>(path: string | undefined, options: { pollMs?: number | undefined } = {}): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiProblem>();
  const [loading, setLoading] = useState(Boolean(path));
  const current = useRef(path);
  current.current = path;

  const load = useCallback(async () => {
    if (!path) return;
    try {
      const answer = await api<T>('GET', path);
      if (current.current !== path) return;
      setData(answer);
      setError(undefined);
    } catch (caught) {
      if (current.current !== path) return;
      setError(caught instanceof ApiProblem ? caught : new ApiProblem({ status: 0, title: String(caught) }));
    } finally {
      if (current.current === path) setLoading(false);
    }
  }, [path]);

  useEffect(() => {
    setData(undefined);
    setError(undefined);
    setLoading(Boolean(path));
    void load();
  }, [load, path]);

  useEffect(() => {
    if (!options.pollMs || !path) return;
    const timer = setInterval(() => void load(), options.pollMs);
    return () => clearInterval(timer);
  }, [load, options.pollMs, path]);

  return { data, error, loading, reload: load };
}
