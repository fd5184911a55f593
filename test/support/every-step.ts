/**
 * Fault at every step: runs a use case with the Nth store call failing (before the write, then after it landed with
 * the answer lost), for N = 1, 2, ... until a run finishes without the fault firing - in both modes. Each run starts
 * from fresh state, then the caller's retry (and whatever sweeps it), then the check of what a user would notice.
 */
import { FaultMode, FaultyStore, InjectedFault } from './faulty-store';

export interface EveryStep<S> {
  /** Named in every failure message. */
  name: string;
  /** The store wrapper the functions run on. */
  faulty: FaultyStore;
  /** Fresh state for one run (nothing armed). */
  prepare: () => Promise<S>;
  /** The use case, with the fault armed. */
  attempt: (s: S) => Promise<unknown>;
  /** What the caller (or the next job run) does next. */
  retry: (s: S) => Promise<unknown>;
  /** The outcome, asserted after the retry. */
  check: (s: S) => Promise<void>;
  /** Right after the faulted attempt, before the retry (`when` describes the fault). */
  afterFault?: (when: string, s: S) => Promise<void>;
  /** After the retry, before the check (`when` describes the fault). */
  afterRetry?: (when: string, s: S) => Promise<void>;
  /** More store calls than this in one run is a runaway. */
  maxSteps?: number;
}

/** Where a run's fault was: `before call 3 (tx.insert coupons)`. */
export const describeFault = (mode: FaultMode, n: number, fired: InjectedFault | null): string =>
  `${mode} call ${n} (${fired?.op ?? 'none fired'})`;

/** Runs every step in both modes; answers how many runs it made. A failing check names the fault that run had. */
export async function everyStep<S>(o: EveryStep<S>): Promise<number> {
  const max = o.maxSteps ?? 60;
  let runs = 0;
  for (const mode of ['before', 'after'] as FaultMode[]) {
    for (let n = 1; ; n++) {
      const s = await o.prepare();
      o.faulty.arm(n, mode);
      try {
        await o.attempt(s);
      } finally {
        o.faulty.disarm();
      }
      const fired = o.faulty.fired;
      runs++;
      const where = describeFault(mode, n, fired);
      try {
        await o.afterFault?.(where, s);
        await o.retry(s);
        await o.afterRetry?.(where, s);
        await o.check(s);
      } catch (err) {
        if (err instanceof Error) err.message = `${o.name}, fault ${where}:\n${err.message}`;
        throw err;
      }
      if (!fired) break;
      if (n > max) throw new Error(`${o.name}: more than ${max} store calls`);
    }
  }
  return runs;
}
