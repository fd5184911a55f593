/**
 * Store adapter on the WeChat cloud database (wx-server-sdk; a MongoDB-compatible document store).
 *
 * Built from the object `cloud.database()` returns, so tests hand it a database whose requests are captured
 * or answered in-process. Every port operation is one SDK request (find adds at most one probe, see below):
 *
 *   get     doc(id).get()                      database.getDocument      (not found -> null)
 *   find    where().orderBy()...limit()        database.getDocument      (omit: .field({f: false}))
 *           .field().get()
 *   count   where().count()                    database.calculateDocument
 *   insert  add({data})  (_id in the data)     database.insertDocument   (duplicate key -> CONFLICT)
 *   update  where().update({data})             database.modifyDocument   (multi; returns stats.updated)
 *   remove  where().remove()                   database.removeDocument   (returns stats.removed)
 *
 * Filter translation (PG adapter semantics in brackets):
 *   eq v      {f: v}                [missing reads as null: {f: null} matches missing and null - MongoDB does too]
 *   ne v      {f: _.neq(v)}         [matches missing fields - MongoDB $ne does too]
 *   gt/...    {f: _.gt(v)}          [same JSON type only - MongoDB type bracketing does the same]
 *   in/nin    {f: _.in(list)}       [in [] matches nothing, nin [] everything; null in the list matches missing]
 *   exists b  {f: _.exists(b)}      [an explicit null counts as present on both]
 *   has v     {f: _.elemMatch(_.eq(v))}  [only arrays holding v match; a scalar equal to v does not]
 * A second condition on the same field goes into an `_.and([...])` of one-field objects (the SDK would merge
 * two conditions on one key of a single object).
 *
 * Known differences from the PostgreSQL adapter (the cloud database cannot do otherwise, or only at a cost
 * the hot paths should not pay):
 *   1. Scalar conditions (eq/ne/ranges/in/nin/exists) on a field holding an ARRAY follow MongoDB: they match
 *      when any element matches (`{tags: 'a'}` matches `['a','b']`, `ne('a')` excludes it), and dotted paths
 *      walk into arrays of objects. PG compares the whole value. Query array fields with `has` only.
 *   2. Sorting on a field holding values of different JSON types: MongoDB orders null < numbers < strings <
 *      objects < arrays < booleans; PG jsonb orders null < strings < numbers < booleans < arrays < objects.
 *      Within one type (plus missing/null, first in asc, last in desc) both agree; strings compare by code
 *      point on both (PGlite's database collation is C). Cursors are built from the cloud's own order, so
 *      pagination stays exact on each engine. Sort keys must be scalars (arrays sort by min/max element).
 *   3. `update` returns the number of documents MODIFIED (stats.updated is MongoDB's modified count; the
 *      simulator assumes so, confirm once against a real environment): a matched document whose update
 *      changes nothing (set to the value it already has) counts 0 in the cloud, 1 in PG. Guarded transitions
 *      (status 'a' -> 'b', stock >= n with inc(-n)) always change the document, so they read the same.
 *   4. inc on a non-number and push on a non-array fail in the cloud (the request errors and this adapter
 *      throws); PG replaces the value. set through a non-object parent ({a: 5} then set 'a.b') fails in the
 *      cloud too; PG replaces the parent with an object.
 *   5. A unique index treats a MISSING field as null in the cloud: two documents both lacking the indexed
 *      fields conflict. In PG missing fields are SQL NULL and never conflict. Create unique indexes as sparse
 *      (MgoIsSparse: true) so documents holding none of the fields are skipped; a document holding only
 *      some of them is still indexed with null for the rest (PG: never conflicts). Write the indexed fields.
 *   6. A multi-document update that hits a unique-index violation part way stops there in the cloud: earlier
 *      documents stay updated (PG rolls the statement back). This adapter returns 0 for it, like PG.
 *   7. Stored field names may not start with '$' or contain '.' (MongoDB reserves them, and '$'-names collide
 *      with the EJSON wire format). This adapter refuses them with StoreInputError; PG stores them.
 *   8. One update may not touch a path and its parent (set 'a' and inc 'a.b'): MongoDB rejects it, so this
 *      adapter refuses it with StoreInputError; PG applies the ops in order.
 *   9. Reads pass through the SDK's result formatting: a stored object shaped like GeoJSON ({type: 'Point',
 *      coordinates: [x, y]}, LineString, Polygon, ...) comes back as an SDK Geo object, not plain JSON.
 *  10. find with limit 1000 (the cloud's per-request maximum) needs a second request to learn whether a next
 *      page exists; smaller limits fetch limit+1 in one request.
 * Duplicate keys are recognised by the MongoDB error text (E11000 / "duplicate key") the cloud passes through
 * in errMsg; confirm once against a real environment.
 *
 * Transactions (`transaction`) run on `db.runTransaction(callback)`: database.startTransaction, then requests
 * carrying the transactionId, then database.commitTransaction (database.abortTransaction when the body throws).
 * The cloud takes single-document operations by id only, so a guarded `tx.updateOne` is `doc(id).get()` in the
 * transaction, the guard evaluated here in JS on that copy (`matchesTerms`: the filter semantics above,
 * MongoDB's array matching included), then `doc(id).update({data})` (query {_id} only) when it holds; the
 * document after is the read copy with the ops applied here. Every document the transaction read or wrote is
 * kept per attempt, so later reads see its own writes without another request. Errors come out as the body
 * threw them, after the rollback; a duplicate key (insert, or an update hitting a unique index) is
 * DuplicateKeyError and a failed write poisons the attempt (the body cannot swallow it and commit the rest).
 * Assumed, unconfirmed against a real environment (the simulator implements these assumptions):
 *   - the cloud isolates a transaction by snapshot and reports a write-write conflict at commit with error code
 *     DATABASE_TRANSACTION_CONFLICT; the SDK then re-runs the whole callback, 3 times more, before giving up
 *     (TxConflictError). A conflict reported by a request inside the body (MongoDB's WriteConflict) reaches us
 *     without its code (wx-server-sdk rewraps in-transaction errors), is recognised by its text, is not retried
 *     by the SDK, and comes out as TxConflictError at once;
 *   - a duplicate key inside a transaction fails that request with the same E11000 text and aborts the
 *     transaction server-side (this adapter aborts it either way);
 *   - a get of a missing document inside a transaction answers {data: null} (wx-server-sdk then throws
 *     "does not exist", read here as null), and a single-document update by id matches as outside.
 * Values are normalised through JSON (like the PG adapter's JSON.stringify): undefined members vanish,
 * NaN/Infinity become null, Dates become ISO strings.
 */
import { COLLECTIONS, collectionSpec } from '../ports/schema';
import {
  Doc, DuplicateKeyError, Filter, FindOptions, FindResult, InsertResult, Json, Scalar, SortDir, Store, StoreInputError, Term, Tx,
  TxConflictError, UpdateOps, assertIdFilter, checkDoc, checkUpdateOps, decodeCursor, encodeCursor, getPath, isScalar, normaliseFilter,
  normaliseFindOptions,
} from '../ports/store';

/** An opaque value built by `db.command` (a query, logic or update command). */
export type CloudCommandValue = object;

/** The part of wx-server-sdk's `db.command` this adapter uses. */
export interface CloudCommand {
  eq(v: unknown): CloudCommandValue;
  neq(v: unknown): CloudCommandValue;
  gt(v: unknown): CloudCommandValue;
  gte(v: unknown): CloudCommandValue;
  lt(v: unknown): CloudCommandValue;
  lte(v: unknown): CloudCommandValue;
  in(list: unknown[]): CloudCommandValue;
  nin(list: unknown[]): CloudCommandValue;
  exists(v: boolean): CloudCommandValue;
  elemMatch(v: unknown): CloudCommandValue;
  and(list: unknown[]): CloudCommandValue;
  or(list: unknown[]): CloudCommandValue;
  set(v: unknown): CloudCommandValue;
  inc(v: number): CloudCommandValue;
  push(v: unknown): CloudCommandValue;
  remove(): CloudCommandValue;
}

export interface CloudQuery {
  where(query: object): CloudQuery;
  orderBy(field: string, dir: SortDir): CloudQuery;
  limit(n: number): CloudQuery;
  field(projection: Record<string, boolean>): CloudQuery;
  get(): Promise<{ data: unknown[] }>;
  count(): Promise<{ total: number }>;
  update(options: { data: object }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}

export interface CloudCollection extends CloudQuery {
  doc(id: string): { get(): Promise<{ data: unknown }> };
  add(options: { data: object }): Promise<{ _id?: string }>;
}

/** A collection inside a transaction: single-document operations by id only (no where). */
export interface CloudTxCollection {
  doc(id: string): {
    /** {data: doc}; a missing document throws "... does not exist" (wx-server-sdk's throwOnNotFound). */
    get(): Promise<{ data: unknown }>;
    update(options: { data: object }): Promise<{ stats: { updated: number } }>;
  };
  add(options: { data: object }): Promise<{ _id?: string }>;
}

/** The transaction wx-server-sdk hands to the `runTransaction` callback. */
export interface CloudTransaction {
  collection(name: string): CloudTxCollection;
}

/** The part of `cloud.database()` this adapter uses. */
export interface CloudDb {
  command: CloudCommand;
  collection(name: string): CloudCollection;
  /**
   * startTransaction, callback, commitTransaction. Re-runs the callback on DATABASE_TRANSACTION_CONFLICT
   * (`retryTimes`, default 3); when the callback throws, aborts the transaction and rethrows the same error.
   */
  runTransaction<R>(callback: (tx: CloudTransaction) => Promise<R>, retryTimes?: number): Promise<R>;
}

/** Largest page the cloud database returns to a cloud function. */
const CLOUD_MAX_LIMIT = 1000;

type Query = Record<string, unknown> | CloudCommandValue;

/** Message text of an error thrown by wx-server-sdk (errMsg) or by lower layers (message). */
function errorText(err: unknown): string {
  if (typeof err === 'string') return err;
  const e = err as { errMsg?: unknown; message?: unknown } | null;
  return `${String(e?.errMsg ?? '')} ${String(e?.message ?? '')}`;
}

/** MongoDB reports a duplicate `_id` or unique-index violation as E11000 "duplicate key". */
export function isDuplicateKeyError(err: unknown): boolean {
  return /E11000|duplicate key/i.test(errorText(err));
}

function isNotFoundError(err: unknown): boolean {
  return /does not exist/i.test(errorText(err));
}

/** The code @cloudbase/database's runTransaction retries on (const/code.js). */
const TX_CONFLICT_CODE = 'DATABASE_TRANSACTION_CONFLICT';

/**
 * A write conflict: the commit's error keeps its code; an in-transaction request's error reaches us rewrapped by
 * wx-server-sdk (code dropped, text kept), so the code name and MongoDB's WriteConflict are matched in the text too.
 */
export function isTxConflictError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === TX_CONFLICT_CODE || /DATABASE_TRANSACTION_CONFLICT|WriteConflict/i.test(errorText(err));
}

/** JSON round trip, as the PG adapter stores values (JSON.stringify). */
function normaliseJson<T>(value: T): T {
  return value === undefined ? (null as T) : (JSON.parse(JSON.stringify(value)) as T);
}

/** Field names the cloud database reserves or would misread (EJSON `$`-wrappers, dotted paths). */
function assertStorableKeys(value: unknown, where: string): void {
  if (Array.isArray(value)) {
    for (const v of value) assertStorableKeys(v, where);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$') || k.includes('.') || k.includes('\0')) {
        throw new StoreInputError(`field name ${JSON.stringify(k)} in ${where} cannot be stored in the cloud database`);
      }
      assertStorableKeys(v, where);
    }
  }
}

// ---- guards and updates evaluated in JS (inside a transaction) -------------------------------------------
// The cloud's transactions take no `where`, so a guard is checked here on the document the transaction read,
// with the semantics the translated filters have in the cloud (MongoDB's, listed in the header).

type JsonObject = { [k: string]: unknown };
const isObject = (v: unknown): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasOwn = (o: JsonObject, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Every value a dotted path reaches, walking into arrays of objects as MongoDB does; undefined where a branch is missing. */
function leavesAt(doc: unknown, path: string): unknown[] {
  const parts = path.split('.');
  const out: unknown[] = [];
  const walk = (cur: unknown, i: number): void => {
    if (i === parts.length) {
      out.push(cur);
      return;
    }
    if (Array.isArray(cur)) {
      if (cur.length === 0) out.push(undefined);
      for (const el of cur) {
        if (isObject(el)) walk(hasOwn(el, parts[i]) ? el[parts[i]] : undefined, i + 1);
        else out.push(undefined);
      }
      return;
    }
    if (isObject(cur)) walk(hasOwn(cur, parts[i]) ? cur[parts[i]] : undefined, i + 1);
    else out.push(undefined);
  };
  walk(doc, 0);
  return out;
}

/** A leaf and, when it is an array, its elements (MongoDB's implicit array matching). */
const expandLeaf = (leaf: unknown): unknown[] => (Array.isArray(leaf) ? [leaf, ...leaf] : [leaf]);

/** MongoDB compares strings by UTF-8 bytes (code point order), as PGlite's C collation does. */
function compareStrings(a: string, b: string): number {
  return Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

/** `{path: v}`: null matches null and missing; an array matches when it holds v. */
function eqHolds(leaves: unknown[], v: Scalar): boolean {
  if (v === null) return leaves.some((l) => l === undefined || expandLeaf(l).some((x) => x === null));
  return leaves.some((l) => expandLeaf(l).some((x) => x === v));
}

/** Ranges compare within one JSON type only (MongoDB type bracketing). */
function rangeHolds(leaves: unknown[], op: 'gt' | 'gte' | 'lt' | 'lte', v: number | string): boolean {
  return leaves.some((l) => expandLeaf(l).some((x) => {
    if (typeof x !== typeof v) return false;
    const c = typeof v === 'number' ? Math.sign((x as number) - v) : compareStrings(x as string, v);
    return op === 'gt' ? c > 0 : op === 'gte' ? c >= 0 : op === 'lt' ? c < 0 : c <= 0;
  }));
}

function termHolds(doc: Doc, t: Term): boolean {
  const leaves = leavesAt(doc, t.path);
  switch (t.op) {
    case 'eq': return eqHolds(leaves, t.value as Scalar);
    case 'ne': return !eqHolds(leaves, t.value as Scalar);
    case 'gt': case 'gte': case 'lt': case 'lte': return rangeHolds(leaves, t.op, t.value as number | string);
    case 'in': return (t.value as Scalar[]).some((v) => eqHolds(leaves, v));
    case 'nin': return !(t.value as Scalar[]).some((v) => eqHolds(leaves, v));
    case 'exists': return leaves.some((l) => l !== undefined) === t.value;
    case 'has': return leaves.some((l) => Array.isArray(l) && l.some((x) => x === t.value));
  }
}

/** Does the document satisfy every term (the filter as the cloud would evaluate it)? */
export function matchesTerms(doc: Doc, terms: Term[]): boolean {
  return terms.every((t) => termHolds(doc, t));
}

/** The value at a dotted path through own properties of objects only (field paths may be named `__proto__`). */
function ownAt(doc: JsonObject, path: string): unknown {
  let cur: unknown = doc;
  for (const key of path.split('.')) {
    if (!isObject(cur) || !hasOwn(cur, key)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** Defines an own property, so a field named `__proto__` is a field, never the prototype. */
function putOwn(obj: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Sets a dotted path, making missing parents (the cloud refused the update if a parent is not an object). */
function setAt(doc: JsonObject, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = doc;
  for (const key of parts.slice(0, -1)) {
    if (!hasOwn(cur, key) || !isObject(cur[key])) putOwn(cur, key, {});
    cur = cur[key] as JsonObject;
  }
  putOwn(cur, parts[parts.length - 1], value);
}

function unsetAt(doc: JsonObject, path: string): void {
  const parts = path.split('.');
  const parent = parts.length === 1 ? doc : ownAt(doc, parts.slice(0, -1).join('.'));
  if (isObject(parent) && hasOwn(parent, parts[parts.length - 1])) delete parent[parts[parts.length - 1]];
}

/** The document after `ops`, as the cloud applied them (it refused inc on a non-number and push on a non-array). */
function applyOps<T extends Doc>(before: T, ops: UpdateOps): T {
  const doc = normaliseJson(before) as T & JsonObject;
  for (const [path, value] of Object.entries(ops.set ?? {})) setAt(doc, path, normaliseJson<Json>(value));
  for (const [path, n] of Object.entries(ops.inc ?? {})) {
    const cur = ownAt(doc, path);
    setAt(doc, path, (typeof cur === 'number' ? cur : 0) + n);
  }
  for (const [path, value] of Object.entries(ops.push ?? {})) {
    const cur = ownAt(doc, path);
    setAt(doc, path, [...(Array.isArray(cur) ? cur : []), normaliseJson<Json>(value)]);
  }
  for (const path of ops.unset ?? []) unsetAt(doc, path);
  return doc;
}

/** Marks "the body threw nothing" apart from any value a body may throw. */
const NOTHING_THROWN: unique symbol = Symbol('nothing thrown');

export class CloudStore implements Store {
  private readonly _: CloudCommand;

  constructor(private readonly db: CloudDb) {
    this._ = db.command;
  }

  private coll(collection: string): CloudCollection {
    if (typeof collection !== 'string' || !collectionSpec(collection)) {
      throw new StoreInputError(`unknown collection ${String(collection)}`);
    }
    return this.db.collection(collection);
  }

  // ---- filters ------------------------------------------------------------------------------------------

  private termValue(term: Term): unknown {
    const _ = this._;
    switch (term.op) {
      case 'eq': return term.value;
      case 'ne': return _.neq(term.value);
      case 'gt': return _.gt(term.value);
      case 'gte': return _.gte(term.value);
      case 'lt': return _.lt(term.value);
      case 'lte': return _.lte(term.value);
      case 'in': return _.in([...(term.value as Scalar[])]);
      case 'nin': return _.nin([...(term.value as Scalar[])]);
      case 'exists': return _.exists(term.value as boolean);
      case 'has': return _.elemMatch(_.eq(term.value));
    }
  }

  /** One object of field conditions when every field has one condition, else `_.and` of one-field objects. */
  private filterParts(filter: Filter): Array<Record<string, unknown>> {
    const terms = normaliseFilter(filter);
    const first: Record<string, unknown> = {};
    const more: Array<Record<string, unknown>> = [];
    for (const t of terms) {
      const v = this.termValue(t);
      if (Object.prototype.hasOwnProperty.call(first, t.path)) more.push({ [t.path]: v });
      else first[t.path] = v;
    }
    return Object.keys(first).length === 0 ? more : [first, ...more];
  }

  private combine(parts: Query[]): Query {
    if (parts.length === 0) return {};
    if (parts.length === 1) return parts[0];
    return this._.and(parts);
  }

  private whereQuery(filter: Filter): Query {
    return this.combine(this.filterParts(filter));
  }

  /** Writes never go out with an empty query: "every document" is spelled `_id exists`. */
  private writeQuery(filter: Filter): Query {
    const parts = this.filterParts(filter);
    return parts.length === 0 ? { _id: this._.exists(true) } : this.combine(parts);
  }

  // ---- keyset cursors, in the cloud database's own sort order ------------------------------------------
  // MongoDB orders (for scalars) null/missing < numbers < strings < booleans. "After v" in a direction is
  // the values greater (asc) or smaller (desc) than v within its type plus every value of the types beyond.

  private anyString(): CloudCommandValue[] { return [this._.gte('')]; }
  private anyNumber(): CloudCommandValue[] { return [this._.lt(0), this._.gte(0)]; }
  private anyBoolean(): CloudCommandValue[] { return [this._.in([true, false])]; }
  private nullOrMissing(): CloudCommandValue[] { return [this._.eq(null)]; }

  /** The condition "sorts after v" for one key, or null when nothing can. */
  private after(v: Scalar, dir: SortDir): CloudCommandValue | null {
    const _ = this._;
    const any = (list: CloudCommandValue[]) => (list.length === 1 ? list[0] : _.or(list));
    if (!isScalar(v)) throw new StoreInputError('sort keys must hold scalars');
    if (dir === 'asc') {
      if (v === null) return _.neq(null);
      if (typeof v === 'number') return any([_.gt(v), ...this.anyString(), ...this.anyBoolean()]);
      if (typeof v === 'string') return any([_.gt(v), ...this.anyBoolean()]);
      return v === false ? _.eq(true) : null;
    }
    if (v === null) return null;
    if (typeof v === 'number') return any([_.lt(v), ...this.nullOrMissing()]);
    if (typeof v === 'string') return any([_.lt(v), ...this.anyNumber(), ...this.nullOrMissing()]);
    return any([...(v === true ? [_.eq(false)] : []), ...this.anyString(), ...this.anyNumber(), ...this.nullOrMissing()]);
  }

  /** `(k0 after v0) OR (k0 = v0 AND k1 after v1) OR ...`, the PG adapter's expansion in the cloud's order. */
  private afterCursor(orderBy: Array<[string, SortDir]>, values: Scalar[]): CloudCommandValue | null {
    const _ = this._;
    const branches: Array<Record<string, unknown>> = [];
    for (let i = 0; i < orderBy.length; i++) {
      const [field, dir] = orderBy[i];
      const isId = field === '_id';
      const cmp = isId ? (dir === 'asc' ? _.gt(String(values[i])) : _.lt(String(values[i]))) : this.after(values[i], dir);
      if (cmp === null) continue;
      const branch: Record<string, unknown> = {};
      for (let j = 0; j < i; j++) {
        branch[orderBy[j][0]] = orderBy[j][0] === '_id' ? String(values[j]) : _.eq(values[j]);
      }
      branch[field] = cmp;
      branches.push(branch);
    }
    if (branches.length === 0) return null;
    return branches.length === 1 ? branches[0] : _.or(branches);
  }

  // ---- Store ----------------------------------------------------------------------------------------------

  async get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null> {
    if (typeof id !== 'string') throw new StoreInputError('id must be a string');
    const coll = this.coll(collection);
    try {
      const res = await coll.doc(id).get();
      const data = Array.isArray(res.data) ? res.data[0] : res.data;
      return (data ?? null) as T | null;
    } catch (err) {
      if (isNotFoundError(err)) return null;
      throw err;
    }
  }

  async find<T extends Doc = Doc>(collection: string, filter: Filter, options?: FindOptions): Promise<FindResult<T>> {
    const coll = this.coll(collection);
    const norm = normaliseFindOptions(options);
    // A repeated sort key adds nothing (its first occurrence decides); the SDK keeps one direction per field.
    const orderBy = norm.orderBy.filter(([f], i) => norm.orderBy.findIndex(([g]) => g === f) === i);
    const { limit } = norm;
    // Omitted fields stay out of the response, except sort keys: the cursor needs them (removed below).
    const sortKeys = new Set(orderBy.map(([f]) => f.split('.')[0]));
    const projected = norm.omit.filter((f) => !sortKeys.has(f));
    const stripped = norm.omit.filter((f) => sortKeys.has(f));
    const parts: Query[] = this.filterParts(filter);
    if (norm.cursor) {
      const after = this.afterCursor(orderBy, decodeCursor(norm.cursor, orderBy.length));
      if (after === null) return { items: [], nextCursor: null };
      parts.push(after);
    }
    const run = async (extra: Query | null, n: number): Promise<T[]> => {
      let q: CloudQuery = coll.where(this.combine(extra ? [...parts, extra] : parts));
      for (const [f, d] of orderBy) q = q.orderBy(f, d);
      q = q.limit(n);
      if (projected.length) q = q.field(Object.fromEntries(projected.map((f) => [f, false])));
      const res = await q.get();
      return res.data as T[];
    };
    const cursorValues = (doc: T) => orderBy.map(([f]) => (f === '_id' ? doc._id : (getPath(doc, f) ?? null)));

    const rows = await run(null, Math.min(limit + 1, CLOUD_MAX_LIMIT));
    const items = rows.slice(0, limit);
    let more = rows.length > limit;
    if (!more && limit === CLOUD_MAX_LIMIT && rows.length === limit) {
      // The cloud returns at most 1000 per request: ask for one more document after the last one.
      const probe = this.afterCursor(orderBy, cursorValues(items[items.length - 1]) as Scalar[]);
      more = probe !== null && (await run(probe, 1)).length > 0;
    }
    const nextCursor = more ? encodeCursor(cursorValues(items[items.length - 1])) : null;
    if (stripped.length) {
      for (const item of items) for (const f of stripped) delete (item as Record<string, unknown>)[f];
    }
    return { items, nextCursor };
  }

  async count(collection: string, filter: Filter): Promise<number> {
    const coll = this.coll(collection);
    const res = await coll.where(this.whereQuery(filter)).count();
    return res.total;
  }

  async insert(collection: string, doc: Doc): Promise<InsertResult> {
    const coll = this.coll(collection);
    checkDoc(doc);
    const data = normaliseJson(doc);
    assertStorableKeys(data, 'the document');
    try {
      await coll.add({ data });
      return { ok: true, id: doc._id };
    } catch (err) {
      if (isDuplicateKeyError(err)) return { ok: false, code: 'CONFLICT', message: `duplicate key in ${collection}` };
      throw err;
    }
  }

  async update(collection: string, filter: Filter, ops: UpdateOps): Promise<number> {
    const coll = this.coll(collection);
    checkUpdateOps(ops);
    const query = this.writeQuery(filter);
    const data = this.updateData(ops);
    try {
      const res = await coll.where(query).update({ data });
      return res.stats.updated ?? 0;
    } catch (err) {
      if (isDuplicateKeyError(err)) return 0;
      throw err;
    }
  }

  async updateOne<T extends Doc = Doc>(collection: string, filter: Filter, ops: UpdateOps): Promise<T | null> {
    const id = assertIdFilter(filter);
    // The cloud database has no update-and-return: the guarded update decides, then the document is read.
    const n = await this.update(collection, filter, ops);
    return n === 1 ? this.get<T>(collection, id) : null;
  }

  // ---- transactions ---------------------------------------------------------------------------------------

  async transaction<R>(body: (tx: Tx) => Promise<R>): Promise<R> {
    if (typeof body !== 'function') throw new StoreInputError('transaction needs a function');
    // What the last attempt's callback threw: it comes out unchanged (the SDK rethrows it after the rollback).
    let thrown: unknown = NOTHING_THROWN;
    try {
      return await this.db.runTransaction(async (t) => {
        thrown = NOTHING_THROWN;
        const attempt = this.txAttempt(t);
        try {
          const out = await body(attempt.tx);
          attempt.assertIntact();
          return out;
        } catch (err) {
          thrown = err;
          throw err;
        }
      });
    } catch (err) {
      if (err === thrown) throw err;
      // The commit's conflict, after the SDK's retries.
      if (isTxConflictError(err)) throw new TxConflictError(errorText(err).trim() || undefined);
      throw err;
    }
  }

  /** One run of a transaction body: the Tx it sees, and the failure (if any) that must abort the attempt. */
  private txAttempt(t: CloudTransaction): { tx: Tx; assertIntact(): void } {
    // Each document this attempt read or wrote, as the transaction sees it now (null: absent).
    const seen = new Map<string, Doc | null>();
    let failure: { error: unknown } | null = null;
    const key = (collection: string, id: string) => `${collection}\u0000${id}`;
    const assertIntact = () => {
      if (failure) throw failure.error;
    };
    /** A failed request aborts the transaction: this and every later operation of the attempt throw `error`. */
    const fail = (error: unknown): never => {
      failure ??= { error };
      throw failure.error;
    };
    const translate = (err: unknown) => (isTxConflictError(err) ? new TxConflictError(errorText(err).trim() || undefined) : err);
    const txColl = (collection: string) => {
      this.coll(collection);
      return t.collection(collection);
    };

    const read = async (collection: string, id: string): Promise<Doc | null> => {
      const k = key(collection, id);
      if (seen.has(k)) return seen.get(k) ?? null;
      const ref = txColl(collection).doc(id);
      let doc: Doc | null = null;
      try {
        const res = await ref.get();
        const data = Array.isArray(res.data) ? res.data[0] : res.data;
        doc = (data ?? null) as Doc | null;
      } catch (err) {
        if (!isNotFoundError(err)) fail(translate(err));
      }
      seen.set(k, doc);
      return doc;
    };
    const copy = <T extends Doc>(doc: Doc | null): T | null => (doc === null ? null : normaliseJson(doc) as T);

    const tx: Tx = {
      get: async <T extends Doc = Doc>(collection: string, id: string): Promise<T | null> => {
        if (typeof id !== 'string') throw new StoreInputError('id must be a string');
        txColl(collection);
        assertIntact();
        return copy<T>(await read(collection, id));
      },

      updateOne: async <T extends Doc = Doc>(collection: string, filter: Filter, ops: UpdateOps): Promise<T | null> => {
        const id = assertIdFilter(filter);
        const terms = normaliseFilter(filter);
        checkUpdateOps(ops);
        const data = this.updateData(ops);
        const ref = txColl(collection).doc(id);
        assertIntact();
        const before = await read(collection, id);
        if (before === null || !matchesTerms(before, terms)) return null;
        try {
          await ref.update({ data });
        } catch (err) {
          fail(isDuplicateKeyError(err) ? new DuplicateKeyError(collection) : translate(err));
        }
        const after = applyOps(before, ops);
        seen.set(key(collection, id), after);
        return copy<T>(after);
      },

      insert: async (collection: string, doc: Doc): Promise<void> => {
        checkDoc(doc);
        const data = normaliseJson(doc);
        assertStorableKeys(data, 'the document');
        const coll = txColl(collection);
        assertIntact();
        try {
          await coll.add({ data });
        } catch (err) {
          fail(isDuplicateKeyError(err) ? new DuplicateKeyError(collection) : translate(err));
        }
        seen.set(key(collection, doc._id), data);
      },
    };
    return { tx, assertIntact };
  }

  private updateData(ops: UpdateOps): Record<string, unknown> {
    const _ = this._;
    const data: Record<string, unknown> = {};
    for (const [path, value] of Object.entries(ops.set ?? {})) {
      const v = normaliseJson<Json>(value);
      assertStorableKeys(v, `set ${path}`);
      // _.set keeps an object value whole; a plain object would be merged field by field.
      data[path] = _.set(v);
    }
    for (const [path, n] of Object.entries(ops.inc ?? {})) data[path] = _.inc(n);
    for (const [path, value] of Object.entries(ops.push ?? {})) {
      const v = normaliseJson<Json>(value);
      assertStorableKeys(v, `push ${path}`);
      // _.push([v]) appends v as ONE element even when v is itself an array ($each: [v]).
      data[path] = _.push([v]);
    }
    for (const path of ops.unset ?? []) data[path] = _.remove();
    const paths = Object.keys(data);
    for (const a of paths) {
      for (const b of paths) {
        if (a !== b && b.startsWith(`${a}.`)) throw new StoreInputError(`update touches both ${a} and ${b}`);
      }
    }
    return data;
  }

  async remove(collection: string, filter: Filter): Promise<number> {
    const coll = this.coll(collection);
    const res = await coll.where(this.writeQuery(filter)).remove();
    return res.stats.removed ?? 0;
  }

  async clearAll(): Promise<void> {
    for (const spec of COLLECTIONS) await this.remove(spec.name, {});
  }

  async close(): Promise<void> {
    // wx-server-sdk holds no connection to close.
  }
}
