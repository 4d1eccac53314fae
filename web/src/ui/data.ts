// Loading a resource for a page: the data, the failure (an ApiError), and a way to load it again;
// or a list a page at a time.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError, type Page } from "../api";

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  reload: () => void;
  // Takes `value` as the resource without asking the server again (the answer to a save): a form
  // keyed on the data remounts at once, not a round trip later over what was typed since.
  replace: (value: T) => void;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const replace = useCallback((value: T) => {
    setData(value);
    setError(undefined);
  }, []);
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
  return { data, error, reload, replace };
}

export interface Paged<T> {
  items: T[];
  loading: boolean;
  error?: ApiError;
  more?: () => void; // loads the next page; absent on the last one
}

// A list read a page at a time ("Load more"). `key` names the list (its path and filters): when it
// changes the list starts over without a cursor, since a cursor belongs to the list it came from.
export function usePaged<T>(load: (cursor: string) => Promise<Page<T>>, key: string): Paged<T> {
  const [state, setState] = useState<{ items: T[]; next: string | null; loading: boolean; error?: ApiError }>({
    items: [],
    next: null,
    loading: true,
  });
  const round = useRef(0);
  const fetchPage = (cursor: string, append: boolean) => {
    const mine = ++round.current;
    setState((old) => ({ ...old, items: append ? old.items : [], next: append ? old.next : null, loading: true, error: undefined }));
    load(cursor).then(
      (page) => {
        if (mine !== round.current) return;
        setState((old) => ({ items: append ? [...old.items, ...page.data] : page.data, next: page.next_cursor || null, loading: false }));
      },
      (failure) => {
        if (mine !== round.current) return;
        const error = failure instanceof ApiError ? failure : new ApiError({ title: String(failure), status: 0 });
        setState((old) => ({ ...old, loading: false, error }));
      },
    );
  };
  useEffect(() => {
    fetchPage("", false);
    return () => void round.current++; // a late answer for the old list is dropped
  }, [key]);
  const next = state.next;
  return {
    items: state.items,
    loading: state.loading,
    error: state.error,
    more: next && !state.loading ? () => fetchPage(next, true) : undefined,
  };
}
