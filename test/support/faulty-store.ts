/**
 * A Store that fails the way production does: the Nth call throws, either before it reaches the database
 * ('before': nothing written) or after the database answered ('after': the write landed, the answer was lost -
 * a timeout, or an instance that died between two writes).
 *
 * Operations inside a transaction count as calls too (a throw there rolls the transaction back), and so does the
 * commit: 'before' the commit rolls everything back, 'after' the commit leaves it all written and throws.
 */
import type { Doc, Filter, FindOptions, FindResult, InsertResult, Store, Tx, UpdateOps } from '../../cloudfunctions/ports/store';

export class InjectedFault extends Error {
  constructor(readonly step: number, readonly mode: FaultMode, readonly op: string) {
    super(`injected fault at call ${step} (${mode} ${op})`);
    this.name = 'InjectedFault';
  }
}

export type FaultMode = 'before' | 'after';

export class FaultyStore implements Store {
  /** Calls so far (never reset: arm with `failAt(calls + n)`). */
  calls = 0;
  private target: number | null = null;
  private mode: FaultMode = 'before';
  /** The fault that fired since the last `arm`, if any. */
  fired: InjectedFault | null = null;
  /** Every call label since the last `arm` (what a fault at each step would interrupt). */
  trace: string[] = [];

  constructor(private readonly inner: Store) {}

  /** Fail the nth call from now (1 = the next one). */
  arm(n: number, mode: FaultMode): void {
    this.target = this.calls + n;
    this.mode = mode;
    this.fired = null;
    this.trace = [];
  }

  disarm(): void {
    this.target = null;
  }

  private async step<R>(op: string, run: () => Promise<R>): Promise<R> {
    const n = ++this.calls;
    this.trace.push(op);
    if (n === this.target && this.mode === 'before') throw (this.fired = new InjectedFault(n, 'before', op));
    const out = await run();
    if (n === this.target && this.mode === 'after') throw (this.fired = new InjectedFault(n, 'after', op));
    return out;
  }

  get<T extends Doc = Doc>(c: string, id: string): Promise<T | null> { return this.step(`get ${c}`, () => this.inner.get<T>(c, id)); }
  find<T extends Doc = Doc>(c: string, f: Filter, o?: FindOptions): Promise<FindResult<T>> { return this.step(`find ${c}`, () => this.inner.find<T>(c, f, o)); }
  count(c: string, f: Filter): Promise<number> { return this.step(`count ${c}`, () => this.inner.count(c, f)); }
  insert(c: string, d: Doc): Promise<InsertResult> { return this.step(`insert ${c}`, () => this.inner.insert(c, d)); }
  update(c: string, f: Filter, ops: UpdateOps): Promise<number> { return this.step(`update ${c}`, () => this.inner.update(c, f, ops)); }
  updateOne<T extends Doc = Doc>(c: string, f: Filter, ops: UpdateOps): Promise<T | null> { return this.step(`updateOne ${c}`, () => this.inner.updateOne<T>(c, f, ops)); }
  remove(c: string, f: Filter): Promise<number> { return this.step(`remove ${c}`, () => this.inner.remove(c, f)); }

  async transaction<R>(body: (tx: Tx) => Promise<R>): Promise<R> {
    let commit = 0;
    const out = await this.inner.transaction(async (tx) => {
      const wrapped: Tx = {
        get: (c, id) => this.step(`tx.get ${c}`, () => tx.get(c, id)),
        updateOne: (c, f, ops) => this.step(`tx.updateOne ${c}`, () => tx.updateOne(c, f, ops)),
        insert: (c, d) => this.step(`tx.insert ${c}`, () => tx.insert(c, d)),
      };
      const r = await body(wrapped);
      commit = ++this.calls;
      this.trace.push('commit');
      if (commit === this.target && this.mode === 'before') throw (this.fired = new InjectedFault(commit, 'before', 'commit'));
      return r;
    });
    if (commit === this.target && this.mode === 'after') throw (this.fired = new InjectedFault(commit, 'after', 'commit'));
    return out;
  }

  clearAll(): Promise<void> { return this.inner.clearAll!(); }
  close(): Promise<void> { return this.inner.close?.() ?? Promise.resolve(); }
}
