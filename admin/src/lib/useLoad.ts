import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from "react";
import { errorMessage } from "../api/client";

export interface Loaded<T> {
  data: T;
  setData: Dispatch<SetStateAction<T>>;
  loading: boolean;
  loadError: string | null;
  /** Fetch again (also run on mount and whenever `fetch` changes). */
  load: () => Promise<void>;
}

/**
 * A page's data with its loading flag and load error: runs `fetch` on mount and again whenever
 * `fetch` changes (keep it stable: a module function or a `useCallback`).
 */
export function useLoad<T>(fetch: () => Promise<T>, initial: T): Loaded<T> {
  const [data, setData] = useState<T>(initial);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setLoadError(null);
    try {
      setData(await fetch());
    } catch (err) {
      setLoadError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [fetch]);

  useEffect(() => {
    void load();
  }, [load]);

  return { data, setData, loading, loadError, load };
}
