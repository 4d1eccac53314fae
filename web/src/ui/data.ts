// Loading a resource for a page: the data, the failure (an ApiError), and a way to load it again.
import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError } from "../api";

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  reload: () => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  useEffect(() => {
    let live = true;
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(undefined);
      },
      (failure) => {
        if (!live) return;
        setError(failure instanceof ApiError ? failure : new ApiError({ title: String(failure), status: 0 }));
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  return { data, error, reload };
}
