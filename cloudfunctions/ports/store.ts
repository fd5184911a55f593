/**
 * The Store port: a small document store both the WeChat cloud database and PostgreSQL serve faithfully.
 *
 * - Collections of JSON documents with a string `_id`.
 * - Filters: equality on a field path, or a condition built with `cond.*` (gt/gte/lt/lte/ne/in/nin/exists).
 *   A plain object or array where a value belongs is refused (StoreInputError), so a client-sent
 *   `{"$ne": ""}` can never become an operator.
 * - Updates are guarded: `update(collection, filter, ops)` changes every document matching the filter
 *   and returns how many changed. `stock >= n` + `inc(-n)` is one atomic statement on both engines.
 */

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
export type Scalar = string | number | boolean | null;

export interface Doc {
  _id: string;
  [field: string]: unknown;
}

export type CondOp = 'gt' | 'gte' | 'lt' | 'lte' | 'ne' | 'in' | 'nin' | 'exists' | 'has';

/** A filter condition. Only instances of this class are operators; plain objects are values and refused. */
export class Cond {
  private constructor(
    readonly op: CondOp,
    readonly value: Scalar | Scalar[] | boolean,
  ) {}
  static gt(v: number | string): Cond { return new Cond('gt', v); }
  static gte(v: number | string): Cond { return new Cond('gte', v); }
  static lt(v: number | string): Cond { return new Cond('lt', v); }
  static lte(v: number | string): Cond { return new Cond('lte', v); }
  static ne(v: Scalar): Cond { return new Cond('ne', v); }
  static in(v: Scalar[]): Cond { return new Cond('in', [...v]); }
  static nin(v: Scalar[]): Cond { return new Cond('nin', [...v]); }
  static exists(v: boolean): Cond { return new Cond('exists', v); }
  /** The field is an array holding this scalar. */
  static has(v: Scalar): Cond { return new Cond('has', v); }
}
export const cond = {
  gt: Cond.gt, gte: Cond.gte, lt: Cond.lt, lte: Cond.lte, ne: Cond.ne, in: Cond.in, nin: Cond.nin, exists: Cond.exists, has: Cond.has,
};

/**
 * Field path -> value or condition(s). Several conditions on one field: pass an array of Cond
 * (e.g. `{price: [cond.gte(100), cond.lt(500)]}`). All entries are ANDed.
 */
export type Filter = Record<string, Scalar | Cond | Cond[]>;

export interface UpdateOps {
  set?: Record<string, Json>;
  inc?: Record<string, number>;
  push?: Record<string, Json>;
  unset?: string[];
}

export type SortDir = 'asc' | 'desc';

export interface FindOptions {
  /** Sort keys; `_id` ascending is always appended as the tiebreaker that makes cursors exact. */
  orderBy?: Array<[string, SortDir]>;
  /** 1..1000 (the cloud database's server-side maximum). Default 100. */
  limit?: number;
  /** Opaque cursor from a previous page's `nextCursor`. Must be used with the same filter and orderBy. */
  cursor?: string | null;
  /** Top-level fields to leave out of the returned documents (e.g. large search token arrays). */
  omit?: string[];
}

export interface FindResult<T> {
  items: T[];
  nextCursor: string | null;
}

export type InsertResult = { ok: true; id: string } | { ok: false; code: 'CONFLICT'; message: string };

/**
 * The operations a transaction may take: single-document operations by id, as the cloud database's
 * `runTransaction` allows (no `where`). Reads see the transaction's own writes.
 */
export interface Tx {
  /**
   * Reads one document as of the latest commit, and holds it: a concurrent transaction that writes it either waits
   * (PostgreSQL: SELECT ... FOR UPDATE) or makes one of the two rerun (the cloud's write-conflict detection). So a
   * decision taken on what was read is never taken on a stale copy.
   */
  get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null>;
  /**
   * Guarded update of one document by id (`filter` holds `_id` as a plain string plus guards); answers the document
   * after the update, or null when the document is missing or the guard does not hold (nothing written).
   */
  updateOne<T extends Doc = Doc>(collection: string, filter: Filter, ops: UpdateOps): Promise<T | null>;
  /** Inserts a new document. A duplicate `_id` or unique-index value aborts the whole transaction with DuplicateKeyError. */
  insert(collection: string, doc: Doc): Promise<void>;
}

/**
 * Thrown out of `Store.transaction` when an insert hit a duplicate key: the transaction was rolled back.
 * (PostgreSQL aborts a transaction at a unique violation; so does the cloud database. Both read the same here.)
 */
export class DuplicateKeyError extends Error {
  constructor(readonly collection: string) {
    super(`duplicate key in ${collection}`);
    this.name = 'DuplicateKeyError';
  }
}

/**
 * Thrown out of `Store.transaction` when the engine gave up on a write conflict (the cloud database retries a
 * conflicting transaction 3 times; PostgreSQL reports a deadlock or serialization failure). Rolled back: retry.
 */
export class TxConflictError extends Error {
  constructor(message = 'transaction conflict') {
    super(message);
    this.name = 'TxConflictError';
  }
}

/**
 * Thrown by a transaction body to roll back and answer a value: `transaction` rejects with it and
 * `atomically` (app) turns it back into the value. Nothing the body wrote stays.
 */
export class TxAbort<V> extends Error {
  constructor(readonly value: V) {
    super('transaction aborted');
    this.name = 'TxAbort';
  }
}

export interface Store {
  /**
   * Runs `body` as one atomic unit: every write lands, or none does (PostgreSQL BEGIN/COMMIT; the cloud
   * database's runTransaction). The body may run more than once (the cloud retries conflicts), so it must not
   * have effects outside `tx`. Throws what the body throws (after rolling back), DuplicateKeyError, TxConflictError.
   */
  transaction<R>(body: (tx: Tx) => Promise<R>): Promise<R>;
  get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null>;
  find<T extends Doc = Doc>(collection: string, filter: Filter, options?: FindOptions): Promise<FindResult<T>>;
  count(collection: string, filter: Filter): Promise<number>;
  /** Inserts a new document. A duplicate `_id` or a unique-index violation returns CONFLICT and writes nothing. */
  insert(collection: string, doc: Doc): Promise<InsertResult>;
  /** Guarded update of every document matching `filter`; returns how many documents changed. */
  update(collection: string, filter: Filter, ops: UpdateOps): Promise<number>;
  /**
   * Guarded update of one document by id (`filter` must hold `_id` as a plain string) that answers the document as
   * it is after the update, or null when the guard failed. PostgreSQL: one statement (UPDATE ... RETURNING). Cloud
   * database: the guarded update, then a read of the document (fields other writers change may have moved on).
   */
  updateOne<T extends Doc = Doc>(collection: string, filter: Filter, ops: UpdateOps): Promise<T | null>;
  /** Removes every document matching `filter`; returns how many were removed. */
  remove(collection: string, filter: Filter): Promise<number>;
  /** Drops every document of every declared collection (the local cloud's seed and tests use it). */
  clearAll?(): Promise<void>;
  close?(): Promise<void>;
}

/** A filter or update the port refuses before it reaches a database (a bug or hostile input). */
export class StoreInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreInputError';
  }
}

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]{0,63}(\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,4}$/;

export function assertFieldPath(path: string): void {
  if (typeof path !== 'string' || !FIELD_PATH.test(path)) throw new StoreInputError(`bad field path: ${String(path)}`);
}

export function isScalar(v: unknown): v is Scalar {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** Normalised filter: a list of (path, op, value) terms. Throws StoreInputError on anything not allowed. */
export type Term = { path: string; op: 'eq' | CondOp; value: Scalar | Scalar[] | boolean };

export function normaliseFilter(filter: Filter): Term[] {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) throw new StoreInputError('filter must be an object');
  const terms: Term[] = [];
  for (const [path, raw] of Object.entries(filter)) {
    assertFieldPath(path);
    const list = Array.isArray(raw) ? raw : [raw];
    if (Array.isArray(raw) && raw.length === 0) throw new StoreInputError(`empty condition list on ${path}`);
    for (const v of list) {
      if (v instanceof Cond) {
        checkCond(path, v);
        terms.push({ path, op: v.op, value: v.value });
      } else if (Array.isArray(raw)) {
        throw new StoreInputError(`condition list on ${path} may only hold cond.* values`);
      } else if (isScalar(v)) {
        terms.push({ path, op: 'eq', value: v });
      } else {
        throw new StoreInputError(`filter value on ${path} must be a scalar or a cond.* condition`);
      }
    }
  }
  return terms;
}

function checkCond(path: string, c: Cond): void {
  switch (c.op) {
    case 'gt': case 'gte': case 'lt': case 'lte':
      if (!(typeof c.value === 'string' || (typeof c.value === 'number' && Number.isFinite(c.value)))) {
        throw new StoreInputError(`range on ${path} needs a number or string`);
      }
      return;
    case 'ne': case 'has':
      if (!isScalar(c.value)) throw new StoreInputError(`${c.op} on ${path} needs a scalar`);
      return;
    case 'in': case 'nin':
      if (!Array.isArray(c.value) || c.value.length > 1000 || !c.value.every(isScalar)) {
        throw new StoreInputError(`${c.op} on ${path} needs at most 1000 scalars`);
      }
      return;
    case 'exists':
      if (typeof c.value !== 'boolean') throw new StoreInputError(`exists on ${path} needs a boolean`);
      return;
  }
}

export function checkUpdateOps(ops: UpdateOps): void {
  if (!ops || typeof ops !== 'object') throw new StoreInputError('update ops must be an object');
  const allowed = new Set(['set', 'inc', 'push', 'unset']);
  let n = 0;
  for (const k of Object.keys(ops)) if (!allowed.has(k)) throw new StoreInputError(`unknown update op ${k}`);
  for (const p of Object.keys(ops.set ?? {})) { assertFieldPath(p); if (p === '_id') throw new StoreInputError('_id is immutable'); n++; }
  for (const [p, v] of Object.entries(ops.inc ?? {})) {
    assertFieldPath(p);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new StoreInputError(`inc on ${p} needs a finite number`);
    n++;
  }
  for (const p of Object.keys(ops.push ?? {})) { assertFieldPath(p); n++; }
  for (const p of ops.unset ?? []) { assertFieldPath(p); if (p === '_id') throw new StoreInputError('_id is immutable'); n++; }
  if (n === 0) throw new StoreInputError('update needs at least one op');
  const seen = new Set<string>();
  for (const p of [...Object.keys(ops.set ?? {}), ...Object.keys(ops.inc ?? {}), ...Object.keys(ops.push ?? {}), ...(ops.unset ?? [])]) {
    if (seen.has(p)) throw new StoreInputError(`field ${p} appears in two update ops`);
    seen.add(p);
  }
}

/** updateOne's filter must name one document. */
export function assertIdFilter(filter: Filter): string {
  const id = filter && typeof filter === 'object' ? (filter as Record<string, unknown>)._id : undefined;
  if (typeof id !== 'string' || id.length === 0) throw new StoreInputError('updateOne needs a plain string _id in its filter');
  return id;
}

export function checkDoc(doc: Doc): void {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new StoreInputError('document must be an object');
  if (typeof doc._id !== 'string' || doc._id.length === 0 || doc._id.length > 128) throw new StoreInputError('document needs a string _id');
}

/** Cursor encoding shared by adapters: the last item's sort values and `_id`. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, expectedLength: number): Scalar[] {
  if (typeof cursor !== 'string' || cursor.length > 2048) throw new StoreInputError('bad cursor');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new StoreInputError('bad cursor');
  }
  if (!Array.isArray(parsed) || parsed.length !== expectedLength || !parsed.every(isScalar)) throw new StoreInputError('bad cursor');
  return parsed as Scalar[];
}

/** Reads a dotted path from a document (adapters and the in-memory reference use it). */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export function normaliseFindOptions(options: FindOptions | undefined): { orderBy: Array<[string, SortDir]>; limit: number; cursor: string | null; omit: string[] } {
  const orderBy = (options?.orderBy ?? []).filter(([f]) => f !== '_id');
  for (const [f, d] of orderBy) {
    assertFieldPath(f);
    if (d !== 'asc' && d !== 'desc') throw new StoreInputError(`bad sort direction ${String(d)}`);
  }
  const idDir = options?.orderBy?.find(([f]) => f === '_id')?.[1] ?? 'asc';
  const limit = options?.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new StoreInputError('limit must be 1..1000');
  const omit = options?.omit ?? [];
  for (const f of omit) {
    if (typeof f !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(f) || f === '_id') throw new StoreInputError(`cannot omit ${String(f)}`);
  }
  return { orderBy: [...orderBy, ['_id', idDir]], limit, cursor: options?.cursor ?? null, omit };
}
