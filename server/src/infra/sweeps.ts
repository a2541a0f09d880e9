/**
 * Periodic work the background worker runs (issue 9): reminders, deadlines that pass without anyone
 * acting, fan-outs of a decision to everyone who must hear of it. Each feature registers its sweep when
 * the app is built; the worker's repeatable job runs them all. A sweep must be safe to run twice at once
 * (in two workers): everything it writes is an insert under a key that says what it is for.
 */
export type Sweep = {
  name: string;
  /** Does what is due at `now`; answers how many things it did (for logs and metrics). */
  run: (now: Date) => Promise<number>;
};

const sweeps = new Map<string, Sweep>();

/** Registering a name again replaces it (each app built in a process registers the same sweeps). */
export function registerSweep(sweep: Sweep): void {
  sweeps.set(sweep.name, sweep);
}

export function registeredSweeps(): Sweep[] {
  return [...sweeps.values()];
}
