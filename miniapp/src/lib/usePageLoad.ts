import { useState } from "react";
import Taro, { useDidShow, usePullDownRefresh } from "@tarojs/taro";
import type { TMe } from "@xinyi/shared";
import { ApiError, errorMessage } from "../api/client";
import { getMe } from "../api/endpoints";
import { goLogin } from "./nav";
import { isSignedIn } from "./session";

export type LoadState = "loading" | "ready" | "unbound" | "error";

export interface PageLoadOptions {
  /**
   * When given, SUBJECT_NOT_BOUND puts the page in the "unbound" state (after calling this)
   * instead of showing the error.
   */
  onUnbound?: () => void;
}

/**
 * The signed-in page pattern: send anonymous visitors to login, otherwise run `fetch` on every
 * show and on pull-down refresh, tracking loading / ready / unbound / error.
 */
export function usePageLoad(fetch: () => Promise<void>, options: PageLoadOptions = {}) {
  const [state, setState] = useState<LoadState>("loading");
  const [error, setError] = useState<string>();

  async function load() {
    if (!isSignedIn()) {
      goLogin();
      return;
    }
    setState("loading");
    setError(undefined);
    try {
      await fetch();
      setState("ready");
    } catch (e) {
      if (options.onUnbound && e instanceof ApiError && e.code === "SUBJECT_NOT_BOUND") {
        options.onUnbound();
        setState("unbound");
        return;
      }
      setError(errorMessage(e));
      setState("error");
    }
  }

  useDidShow(() => {
    void load();
  });

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh());
  });

  return { state, error, load };
}

/** On every show: send anonymous visitors to login, otherwise fetch the profile (我的, 认证). */
export function useMeOnShow(onMe: (me: TMe) => void, onError: (message: string) => void) {
  useDidShow(() => {
    if (!isSignedIn()) {
      goLogin();
      return;
    }
    getMe().then(onMe, (e: unknown) => onError(errorMessage(e)));
  });
}
