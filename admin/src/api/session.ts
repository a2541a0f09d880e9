import { ZSession, type TSession } from "@xinyi/shared";

/**
 * The signed-in console session, persisted in localStorage so a reload keeps the
 * operator signed in. Components subscribe through `useSession` (useSyncExternalStore).
 */
const STORAGE_KEY = "xinyi.admin.session";

type Listener = () => void;
const listeners = new Set<Listener>();

function readStorage(): TSession | null {
  let raw: string | null;
  try {
    raw = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const parsed = ZSession.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    // A session whose refresh token has expired cannot be revived: drop it.
    if (Date.parse(parsed.data.refreshTokenExpiresAt) <= Date.now()) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

let current: TSession | null = readStorage();

function emit(): void {
  for (const listener of listeners) listener();
}

export const sessionStore = {
  get(): TSession | null {
    return current;
  },

  set(session: TSession): void {
    current = session;
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    } catch {
      // Storage may be unavailable (private mode, quota); the in-memory session still works.
    }
    emit();
  },

  clear(): void {
    if (current === null) return;
    current = null;
    try {
      window.localStorage.removeItem(STORAGE_KEY);
    } catch {
      // ignore
    }
    emit();
  },

  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};

// Keep tabs in step: signing out (or in) in one tab applies to the others.
window.addEventListener("storage", (event) => {
  if (event.key !== STORAGE_KEY && event.key !== null) return;
  current = readStorage();
  emit();
});
