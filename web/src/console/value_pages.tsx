// The pages of a valuation list after its first (advocates or accounts): the rows so far, and a
// "Next page" button that appends the next page, or says why it could not.
import { useEffect, useState } from "preact/hooks";
import { ApiError } from "../api";
import { Notice } from "../ui/layout";

interface PageLike<T> {
  data: T[];
  next_cursor: string | null;
}

export interface MorePages<T> {
  rows: T[];
  next: string | null;
  busy: boolean;
  error: string;
  loadMore: () => Promise<void>;
}

// The rows of `first` and the pages `more` reads after it; starts over when `first` changes.
export function useMorePages<T>(first: PageLike<T>, more: (cursor: string) => Promise<PageLike<T>>): MorePages<T> {
  const [rows, setRows] = useState<T[]>(first.data);
  const [next, setNext] = useState(first.next_cursor);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  useEffect(() => {
    setRows(first.data);
    setNext(first.next_cursor);
    setError("");
  }, [first]);
  const loadMore = async () => {
    if (!next) return;
    setBusy(true);
    setError("");
    try {
      const page = await more(next);
      setRows((old) => [...old, ...page.data]);
      setNext(page.next_cursor);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return { rows, next, busy, error, loadMore };
}

// The failure of the last page asked for, and the button for the next one while there is one.
export function NextPage<T>({ pages, of }: { pages: MorePages<T>; of: string }) {
  return (
    <>
      {pages.error ? <Notice kind="error">{pages.error}</Notice> : null}
      {pages.next ? (
        <p>
          <button type="button" disabled={pages.busy} onClick={() => void pages.loadMore()}>
            {pages.busy ? "Working…" : "Next page"} <span class="visually-hidden">of {of}</span>
          </button>
        </p>
      ) : null}
    </>
  );
}
