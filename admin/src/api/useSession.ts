import { useSyncExternalStore } from "react";
import type { TMe, TSession } from "@xinyi/shared";
import { sessionStore } from "./session";

export function useSession(): TSession | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get, sessionStore.get);
}

export function useCurrentUser(): TMe | null {
  return useSession()?.user ?? null;
}
