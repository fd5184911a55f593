/**
 * An in-memory document engine that answers wx-server-sdk's database requests with MongoDB semantics
 * (the cloud database is MongoDB underneath). It interprets the captured requests themselves - the action
 * name and the canonical-EJSON query, order and update strings - so a Store adapter is exercised end to end
 * through the real SDK without a network.
 *
 * Faithful where the Store port reaches: equality (arrays match by element, null matches missing), type
 * bracketing for ranges, $in/$nin/$exists/$elemMatch/$all/$size/$not/$and/$or/$nor, BSON sort order
 * (null < numbers < strings < objects < arrays < booleans; arrays sort by their min/max element), update
 * operators $set/$unset/$inc/$mul/$min/$max/$push($each/$position/$slice)/$addToSet/$pop/$pull with
 * MongoDB's errors (non-numeric $inc, $push to a non-array, creating a field inside a scalar, conflicting
 * paths, changing _id), unique indexes (missing fields index as null, arrays index per element; a sparse
 * index skips documents holding none of its fields), ordered multi-document writes (a failure leaves the
 * documents before it written), and modifiedCount-style `updated` (a no-op update is not counted) unless
 * `updatedCounts: 'matched'`.
 * Each request is applied synchronously, so every request is atomic, as a single-document write is in the
 * cloud. Unsupported operators or EJSON types fail loudly rather than guess.
 *
 * Transactions (database.startTransaction / commitTransaction / abortTransaction, and requests carrying the
 * transactionId) follow MongoDB's snapshot isolation as the cloud is assumed to: a transaction takes
 * single-document requests by `_id` only (get, modify, remove; insert), keeps what it read or wrote in its own
 * overlay (it sees its own writes, nobody else does until the commit), and reads each document as it was
 * committed when the transaction first touched it (repeatable afterwards; a per-document snapshot, not one for
 * the whole database). Every committed write bumps the document's version; the commit applies the overlay at
 * once, or fails with DATABASE_TRANSACTION_CONFLICT when a document the transaction wrote changed since its first
 * touch, or a write committed meanwhile now clashes on a unique index (first committer wins, write skew allowed).
 * A failed write inside a transaction fails that request as outside (E11000 for a duplicate key) and aborts the
 * transaction, as MongoDB does: later requests and the commit find it gone. Writes outside a transaction never
 * wait for one.
 */
import { Obj, Value, decodeEjson, encodeEjson } from './ejson';

export interface SimIndex {
  name: string;
  fields: Array<[string, 'asc' | 'desc']>;
  unique?: boolean;
  /** A sparse index skips documents holding none of its fields (the cloud's MgoIsSparse). */
  sparse?: boolean;
}

export interface SimCollection {
  name: string;
  indexes: SimIndex[];
}

export interface EngineOptions {
  collections: SimCollection[];
  /** 'modified' (MongoDB nModified, default) or 'matched' for `stats.updated`. */
  updatedCounts?: 'modified' | 'matched';
  /** Environment name used in error messages. */
  env?: string;
}

/** The error the SDK's transport throws for a failed request (code + message), as @cloudbase/node-sdk does. */
export class CloudSimError extends Error {
  readonly requestId: string;
  constructor(readonly code: string, message: string, requestId = '') {
    super(message);
    this.name = 'CloudSimError';
    this.requestId = requestId;
  }
}

type Leaf = Value | undefined;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

// ---- BSON ordering ----------------------------------------------------------------------------------------

function typeRank(v: Leaf): number {
  if (v === undefined || v === null) return 2;
  switch (typeof v) {
    case 'number': return 3;
    case 'string': return 4;
    case 'boolean': return 9;
    default: return Array.isArray(v) ? 6 : 5;
  }
}

function compareStrings(a: string, b: string): number {
  // MongoDB compares strings as UTF-8 bytes (code point order), not UTF-16 units.
  return Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

export function compareValues(a: Leaf, b: Leaf): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (a === undefined || a === null || b === undefined || b === null) return 0;
  if (typeof a === 'number') {
    const x = a;
    const y = b as number;
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
    return x === y ? 0 : x < y ? -1 : 1;
  }
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (Array.isArray(a)) {
    const bb = b as Value[];
    for (let i = 0; i < Math.min(a.length, bb.length); i++) {
      const c = compareValues(a[i], bb[i]);
      if (c !== 0) return c;
    }
    return Math.sign(a.length - bb.length);
  }
  const ea = Object.entries(a as Obj);
  const eb = Object.entries(b as Obj);
  for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
    const tr = typeRank(ea[i][1]) - typeRank(eb[i][1]);
    if (tr !== 0) return Math.sign(tr);
    const kc = compareStrings(ea[i][0], eb[i][0]);
    if (kc !== 0) return kc;
    const vc = compareValues(ea[i][1], eb[i][1]);
    if (vc !== 0) return vc;
  }
  return Math.sign(ea.length - eb.length);
}

const sameValue = (a: Leaf, b: Leaf) => a !== undefined && typeRank(a) === typeRank(b) && compareValues(a, b) === 0;

// ---- paths ----------------------------------------------------------------------------------------------

/** Every value a dotted path reaches, walking into arrays of objects; `undefined` where a branch is missing. */
function resolve(doc: Value, path: string): Leaf[] {
  const parts = path.split('.');
  const out: Leaf[] = [];
  const walk = (cur: Leaf, i: number): void => {
    if (i === parts.length) {
      out.push(cur);
      return;
    }
    if (Array.isArray(cur)) {
      if (/^\d+$/.test(parts[i])) {
        walk(cur[Number(parts[i])], i + 1);
        return;
      }
      if (cur.length === 0) out.push(undefined);
      for (const el of cur) {
        if (isObj(el)) walk(Object.prototype.hasOwnProperty.call(el, parts[i]) ? el[parts[i]] : undefined, i + 1);
        else out.push(undefined);
      }
      return;
    }
    if (isObj(cur)) walk(Object.prototype.hasOwnProperty.call(cur, parts[i]) ? cur[parts[i]] : undefined, i + 1);
    else out.push(undefined);
  };
  walk(doc, 0);
  return out;
}

/** A leaf and, when it is an array, its elements (MongoDB's implicit array matching). */
const expandLeaf = (leaf: Leaf): Leaf[] => (Array.isArray(leaf) ? [leaf, ...leaf] : [leaf]);
/** Inside $elemMatch each element is compared as it is, without a further look into nested arrays. */
const asIs = (leaf: Leaf): Leaf[] => [leaf];
type Expand = (leaf: Leaf) => Leaf[];

// ---- query matching ---------------------------------------------------------------------------------------

const badQuery = (msg: string) => new CloudSimError('DATABASE_INVALID_OPERRATOR', msg);

function isOperatorObject(v: Value): v is Obj {
  if (!isObj(v)) return false;
  const keys = Object.keys(v);
  if (keys.length === 0) return false;
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length === 0) return false;
  if (ops.length !== keys.length) throw badQuery(`unknown operator mix in ${JSON.stringify(v)}`);
  return true;
}

function eqMatch(leaves: Leaf[], lit: Value, expand: Expand = expandLeaf): boolean {
  if (lit === null) return leaves.some((l) => l === undefined || expand(l).some((x) => x === null));
  return leaves.some((l) => expand(l).some((x) => sameValue(x, lit)));
}

function rangeMatch(leaves: Leaf[], op: string, lit: Value, expand: Expand): boolean {
  if (lit === null) {
    // Only $gte/$lte null match (null and missing); $gt/$lt null match nothing.
    return (op === '$gte' || op === '$lte') && eqMatch(leaves, null, expand);
  }
  return leaves.some((l) => expand(l).some((x) => {
    if (x === undefined || typeRank(x) !== typeRank(lit)) return false;
    const c = compareValues(x, lit);
    return op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0;
  }));
}

function listOperand(op: string, v: Value): Value[] {
  if (!Array.isArray(v)) throw badQuery(`${op} needs an array`);
  return v;
}

function opsMatch(leaves: Leaf[], ops: Obj, expand: Expand = expandLeaf): boolean {
  for (const [op, arg] of Object.entries(ops)) {
    let ok: boolean;
    switch (op) {
      case '$eq': ok = eqMatch(leaves, arg, expand); break;
      case '$ne': ok = !eqMatch(leaves, arg, expand); break;
      case '$gt': case '$gte': case '$lt': case '$lte': ok = rangeMatch(leaves, op, arg, expand); break;
      case '$in': ok = listOperand(op, arg).some((x) => eqMatch(leaves, x, expand)); break;
      case '$nin': ok = !listOperand(op, arg).some((x) => eqMatch(leaves, x, expand)); break;
      case '$all': {
        const list = listOperand(op, arg);
        ok = list.length > 0 && list.every((x) => eqMatch(leaves, x, expand));
        break;
      }
      case '$exists': ok = leaves.some((l) => l !== undefined) === Boolean(arg); break;
      case '$size': ok = leaves.some((l) => Array.isArray(l) && l.length === arg); break;
      case '$elemMatch': {
        if (!isObj(arg)) throw badQuery('$elemMatch needs an object');
        const asOps = isOperatorObject(arg);
        ok = leaves.some((l) => Array.isArray(l) && l.some((el) => (asOps ? opsMatch([el], arg, asIs) : isObj(el) && matches(el, arg))));
        break;
      }
      case '$not': {
        if (!isOperatorObject(arg)) throw badQuery('$not needs an operator object');
        ok = !opsMatch(leaves, arg, expand);
        break;
      }
      default:
        throw badQuery(`operator ${op} is not supported by the cloud simulator`);
    }
    if (!ok) return false;
  }
  return true;
}

/** Does `doc` match the MongoDB query `query`? */
export function matches(doc: Value, query: Value): boolean {
  if (!isObj(query)) throw badQuery('query must be an object');
  for (const [key, cond] of Object.entries(query)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(cond) || cond.length === 0) throw badQuery(`${key} needs a non-empty array`);
      const hits = cond.map((q) => matches(doc, q));
      const ok = key === '$and' ? hits.every(Boolean) : key === '$or' ? hits.some(Boolean) : !hits.some(Boolean);
      if (!ok) return false;
      continue;
    }
    if (key.startsWith('$')) throw badQuery(`top-level operator ${key} is not supported by the cloud simulator`);
    const leaves = resolve(doc, key);
    if (!(isOperatorObject(cond) ? opsMatch(leaves, cond) : eqMatch(leaves, cond))) return false;
  }
  return true;
}

// ---- sorting ----------------------------------------------------------------------------------------------

function sortKey(doc: Value, field: string, dir: 1 | -1): Leaf {
  const values = resolve(doc, field).flatMap((l) => (Array.isArray(l) ? (l.length ? l : [undefined]) : [l]));
  let best: Leaf = values[0];
  for (const v of values.slice(1)) {
    const c = compareValues(v, best);
    if ((dir === 1 && c < 0) || (dir === -1 && c > 0)) best = v;
  }
  return best === undefined ? null : best;
}

// ---- updates ----------------------------------------------------------------------------------------------

const writeError = (msg: string) => new CloudSimError('DATABASE_REQUEST_FAILED', msg);
const clone = <T extends Value>(v: T): T => structuredClone(v);
const show = (v: Leaf) => (v === undefined ? 'missing' : JSON.stringify(v));

/** MongoDB before 5.0 refuses `$`-prefixed and dotted field names in stored documents; the simulator always does. */
function assertStorable(v: Value, where: string): void {
  if (Array.isArray(v)) v.forEach((x) => assertStorable(x, where));
  else if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (k.startsWith('$')) throw writeError(`The dollar ($) prefixed field '${k}' in '${where}' is not valid for storage.`);
      if (k.includes('.')) throw writeError(`The dotted field '${k}' in '${where}' is not valid for storage.`);
      assertStorable(x, where);
    }
  }
}

interface Slot { parent: Obj; key: string; value: Leaf }

/** Stores an own field: a field named `__proto__` is a field (as in MongoDB), never the object's prototype. */
function put(obj: Obj, key: string, value: Value): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Finds the slot a path names; `create` makes missing parents. Throws where MongoDB would. */
function slot(doc: Obj, path: string, create: boolean): Slot | null {
  const parts = path.split('.');
  let cur: Obj = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next: Leaf = Object.prototype.hasOwnProperty.call(cur, parts[i]) ? cur[parts[i]] : undefined;
    if (next === undefined) {
      if (!create) return null;
      const made: Obj = {};
      put(cur, parts[i], made);
      cur = made;
    } else if (isObj(next)) {
      cur = next;
    } else if (!create) {
      return null;
    } else {
      throw writeError(`Cannot create field '${parts[i + 1]}' in element {${parts[i]}: ${show(next)}}`);
    }
  }
  const key = parts[parts.length - 1];
  return { parent: cur, key, value: Object.prototype.hasOwnProperty.call(cur, key) ? cur[key] : undefined };
}

function pushSpec(arg: Value): { each: Value[]; position?: number; slice?: number } {
  if (isObj(arg) && Object.keys(arg).some((k) => k.startsWith('$'))) {
    for (const k of Object.keys(arg)) if (!['$each', '$position', '$slice'].includes(k)) throw badQuery(`push modifier ${k} is not supported by the cloud simulator`);
    if (!Array.isArray(arg.$each)) throw writeError('$each needs an array');
    return { each: arg.$each, position: arg.$position as number | undefined, slice: arg.$slice as number | undefined };
  }
  return { each: [arg] };
}

function applyUpdate(original: Obj, update: Obj): Obj {
  const doc = clone(original);
  const targets: Array<[string, string, Value]> = [];
  for (const [op, fields] of Object.entries(update)) {
    if (!op.startsWith('$')) throw writeError(`update field ${op} without an operator`);
    if (!isObj(fields)) throw writeError(`${op} needs an object`);
    for (const [path, arg] of Object.entries(fields)) targets.push([op, path, arg]);
  }
  const paths = targets.map(([, p]) => p);
  for (const a of paths) {
    if (a === '_id' || a.startsWith('_id.')) throw writeError("Performing an update on the path '_id' would modify the immutable field '_id'");
    for (const b of paths) {
      if (a !== b && b.startsWith(`${a}.`)) throw writeError(`Updating the path '${b}' would create a conflict at '${a}'`);
    }
    if (paths.indexOf(a) !== paths.lastIndexOf(a)) throw writeError(`Updating the path '${a}' would create a conflict at '${a}'`);
  }
  // MongoDB applies the fields in lexicographic order; the order only shows in where new fields land.
  targets.sort((x, y) => compareStrings(x[1], y[1]));
  for (const [op, path, arg] of targets) {
    switch (op) {
      case '$set': {
        assertStorable(arg, path);
        const s = slot(doc, path, true)!;
        put(s.parent, s.key, clone(arg));
        break;
      }
      case '$unset': {
        const s = slot(doc, path, false);
        if (s) delete s.parent[s.key];
        break;
      }
      case '$inc': case '$mul': {
        if (typeof arg !== 'number') throw writeError(`Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${show(arg)}}`);
        const s = slot(doc, path, true)!;
        if (s.value === undefined) put(s.parent, s.key, op === '$inc' ? arg : 0);
        else if (typeof s.value !== 'number') {
          throw writeError(`Cannot apply ${op} to a value of non-numeric type. {_id: ${show(doc._id)}} has the field '${s.key}' of non-numeric type ${Array.isArray(s.value) ? 'array' : s.value === null ? 'null' : typeof s.value}`);
        } else put(s.parent, s.key, op === '$inc' ? s.value + arg : s.value * arg);
        break;
      }
      case '$min': case '$max': {
        const s = slot(doc, path, true)!;
        const c = s.value === undefined ? 0 : compareValues(arg, s.value);
        if (s.value === undefined || (op === '$min' ? c < 0 : c > 0)) put(s.parent, s.key, clone(arg));
        break;
      }
      case '$push': case '$addToSet': {
        const spec = pushSpec(arg);
        spec.each.forEach((x) => assertStorable(x, path));
        const s = slot(doc, path, true)!;
        if (s.value !== undefined && !Array.isArray(s.value)) {
          throw writeError(`The field '${path}' must be an array but is of type ${s.value === null ? 'null' : typeof s.value} in document {_id: ${show(doc._id)}}`);
        }
        const arr: Value[] = s.value === undefined ? [] : [...s.value];
        if (op === '$addToSet') {
          for (const x of spec.each) if (!arr.some((y) => sameValue(y, x))) arr.push(clone(x));
        } else {
          const at = spec.position === undefined ? arr.length : spec.position < 0 ? Math.max(0, arr.length + spec.position) : Math.min(spec.position, arr.length);
          arr.splice(at, 0, ...spec.each.map(clone));
          if (spec.slice !== undefined) {
            const kept = spec.slice >= 0 ? arr.slice(0, spec.slice) : arr.slice(spec.slice);
            arr.length = 0;
            arr.push(...kept);
          }
        }
        put(s.parent, s.key, arr);
        break;
      }
      case '$pop': {
        const s = slot(doc, path, false);
        if (!s || s.value === undefined) break;
        if (!Array.isArray(s.value)) throw writeError(`Path '${path}' contains an element of non-array type`);
        put(s.parent, s.key, arg === -1 ? s.value.slice(1) : s.value.slice(0, -1));
        break;
      }
      case '$pull': {
        const s = slot(doc, path, false);
        if (!s || s.value === undefined) break;
        if (!Array.isArray(s.value)) throw writeError('Cannot apply $pull to a non-array value');
        put(s.parent, s.key, s.value.filter((x) => !(isOperatorObject(arg) ? opsMatch([x], arg, asIs) : sameValue(x, arg))));
        break;
      }
      default:
        throw badQuery(`update operator ${op} is not supported by the cloud simulator`);
    }
  }
  return doc;
}

// ---- the engine -------------------------------------------------------------------------------------------

export interface SimResponse {
  requestId: string;
  data?: Record<string, unknown>;
  /** database.startTransaction answers the new transaction's id at the top level (the SDK reads res.transactionId). */
  transactionId?: string;
}

/** An open transaction. Keys are `collection\0id`. */
interface SimTx {
  id: string;
  /** The committed version of each document at the transaction's first touch (0: never written). */
  base: Map<string, number>;
  /** The transaction's view of each document it touched: its snapshot, then its own writes (null: absent). */
  view: Map<string, Obj | null>;
  /** The documents it wrote, to apply at the commit. */
  written: Set<string>;
}

const docKey = (collection: string, id: string) => `${collection}\u0000${id}`;
const splitKey = (key: string): [string, string] => {
  const at = key.indexOf('\u0000');
  return [key.slice(0, at), key.slice(at + 1)];
};
const conflictError = (msg: string) => new CloudSimError('DATABASE_TRANSACTION_CONFLICT', `database transaction conflict: ${msg}`);

export class CloudSimEngine {
  private readonly store = new Map<string, Map<string, Obj>>();
  private readonly specs = new Map<string, SimCollection>();
  private seq = 0;
  private autoId = 0;
  /** Committed version of each document (`collection\0id`), bumped by every committed write. */
  private readonly versions = new Map<string, number>();
  private clock = 0;
  private readonly txs = new Map<string, SimTx>();
  private txSeq = 0;

  constructor(private readonly opts: EngineOptions) {
    for (const c of opts.collections) {
      this.specs.set(c.name, c);
      this.store.set(c.name, new Map());
    }
  }

  /** Every document of a collection, in natural (insertion) order; copies. */
  dump(collection: string): Obj[] {
    return [...this.docs(collection).values()].map((d) => clone(d));
  }

  /** Puts documents straight into a collection (no request, no index checks): test set-up only. */
  seed(collection: string, docs: Obj[]): void {
    const m = this.docs(collection);
    for (const d of docs) {
      m.set(String(d._id), clone(d));
      this.bump(collection, String(d._id));
    }
  }

  reset(): void {
    for (const m of this.store.values()) m.clear();
    this.versions.clear();
    this.txs.clear();
  }

  /** Transactions started and neither committed nor aborted (a failed write or a conflict ends one too). */
  openTransactions(): number {
    return this.txs.size;
  }

  private bump(collection: string, id: string): void {
    this.versions.set(docKey(collection, id), ++this.clock);
  }

  private version(key: string): number {
    return this.versions.get(key) ?? 0;
  }

  private docs(collection: string): Map<string, Obj> {
    const m = this.store.get(collection);
    if (!m) throw new CloudSimError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${collection}`);
    return m;
  }

  /** Answers one `TcbDBApiHttpRequester.send(action, params)`; throws CloudSimError like a failed request. */
  handle(action: string, params: Record<string, unknown> = {}): SimResponse {
    const requestId = `sim-${++this.seq}`;
    try {
      if (action === 'database.startTransaction') return { requestId, transactionId: this.startTransaction() };
      return { requestId, data: this.dispatch(action, params) };
    } catch (err) {
      if (err instanceof CloudSimError) throw new CloudSimError(err.code, err.message, requestId);
      throw new CloudSimError('DATABASE_REQUEST_FAILED', (err as Error).message, requestId);
    }
  }

  private dispatch(action: string, p: Record<string, unknown>): Record<string, unknown> {
    if (p.transactionId || action === 'database.commitTransaction' || action === 'database.abortTransaction') return this.dispatchTx(action, p);
    const name = String(p.collectionName);
    const docs = this.docs(name);
    const query = p.query === undefined ? {} : decodeEjson(String(p.query));
    switch (action) {
      case 'database.getDocument': {
        let list = this.select(docs, query);
        if (p.order !== undefined) list = this.sort(list, decodeEjson(String(p.order)));
        const offset = Number(p.offset ?? 0);
        const limit = Math.min(Number(p.limit ?? 100), 1000);
        list = list.slice(offset, offset + limit);
        if (p.projection !== undefined) list = list.map((d) => project(d, decodeEjson(String(p.projection))));
        return { list: list.map((d) => encodeEjson(d)), offset, limit };
      }
      case 'database.calculateDocument':
        return { total: this.select(docs, query).length };
      case 'database.insertDocument': {
        if (!Array.isArray(p.data)) throw writeError('insert data must be an array');
        const ids: string[] = [];
        for (const text of p.data) {
          const doc = decodeEjson(String(text));
          if (!isObj(doc)) throw writeError('a document must be an object');
          if (doc._id === undefined) doc._id = `sim${String(++this.autoId).padStart(21, '0')}`;
          if (typeof doc._id !== 'string') throw writeError('the simulator stores string _id values only');
          assertStorable(doc, 'document');
          this.assertUnique(name, docs, doc, null);
          docs.set(doc._id, doc);
          this.bump(name, doc._id);
          ids.push(doc._id);
        }
        return { insertedIds: ids };
      }
      case 'database.modifyDocument': {
        const targets = this.select(docs, query);
        const chosen = p.multi === false ? targets.slice(0, 1) : targets;
        const update = decodeEjson(String(p.data));
        if (!isObj(update)) throw writeError('update data must be an object');
        const merge = p.merge !== false;
        let updated = 0;
        for (const before of chosen) {
          const after = merge ? applyUpdate(before, update) : replacement(before, update);
          this.assertUnique(name, docs, after, String(before._id));
          if (encodeEjson(after) !== encodeEjson(before) || this.opts.updatedCounts === 'matched') updated++;
          docs.set(String(before._id), after);
          this.bump(name, String(before._id));
        }
        let upsertId: string | undefined;
        if (chosen.length === 0 && p.upsert === true) {
          const id = isObj(query) && typeof query._id === 'string' ? query._id : `sim${String(++this.autoId).padStart(21, '0')}`;
          const seed: Obj = { _id: id };
          const doc = merge ? applyUpdate(seed, update) : replacement(seed, update);
          assertStorable(doc, 'document');
          this.assertUnique(name, docs, doc, null);
          docs.set(id, doc);
          this.bump(name, id);
          upsertId = id;
        }
        return { updated, matched: chosen.length, upsert_id: upsertId };
      }
      case 'database.removeDocument': {
        const targets = this.select(docs, query);
        const chosen = p.multi === false ? targets.slice(0, 1) : targets;
        for (const d of chosen) {
          docs.delete(String(d._id));
          this.bump(name, String(d._id));
        }
        return { deleted: chosen.length };
      }
      default:
        throw badQuery(`action ${action} is not supported by the cloud simulator`);
    }
  }

  // ---- transactions -------------------------------------------------------------------------------------

  private startTransaction(): string {
    const id = `simtx-${++this.txSeq}`;
    this.txs.set(id, { id, base: new Map(), view: new Map(), written: new Set() });
    return id;
  }

  private dispatchTx(action: string, p: Record<string, unknown>): Record<string, unknown> {
    const tx = this.txs.get(String(p.transactionId));
    // Not "does not exist": the adapter reads that text as a missing document.
    if (!tx) throw new CloudSimError('DATABASE_REQUEST_FAILED', `NoSuchTransaction: transaction ${String(p.transactionId)} is not open (committed, aborted or failed)`);
    if (action === 'database.commitTransaction') {
      this.txs.delete(tx.id);
      this.commit(tx);
      return {};
    }
    if (action === 'database.abortTransaction') {
      this.txs.delete(tx.id);
      return {};
    }
    try {
      return this.txRequest(tx, action, p);
    } catch (err) {
      // MongoDB aborts a transaction at a failed write.
      if (action !== 'database.getDocument') this.txs.delete(tx.id);
      throw err;
    }
  }

  /** A transaction takes single-document requests by id: the query must be exactly `{_id: string}`. */
  private txDocId(p: Record<string, unknown>): string {
    const query = p.query === undefined ? undefined : decodeEjson(String(p.query));
    if (!isObj(query) || Object.keys(query).length !== 1 || typeof query._id !== 'string') {
      throw badQuery(`a transaction takes single-document operations by _id only, not ${JSON.stringify(query)}`);
    }
    if (p.multi === true) throw badQuery('a transaction takes single-document operations only (multi: true)');
    return query._id;
  }

  /** The transaction's copy of a document: the committed one at its first touch, then its own writes. */
  private txRead(tx: SimTx, collection: string, id: string): Obj | null {
    const key = docKey(collection, id);
    if (!tx.view.has(key)) {
      const committed = this.docs(collection).get(id);
      tx.base.set(key, this.version(key));
      tx.view.set(key, committed === undefined ? null : clone(committed));
    }
    return tx.view.get(key) ?? null;
  }

  private txWrite(tx: SimTx, collection: string, id: string, doc: Obj | null): void {
    this.txRead(tx, collection, id);
    const key = docKey(collection, id);
    tx.view.set(key, doc);
    tx.written.add(key);
  }

  /** A collection as the transaction sees it: the committed documents with its own writes laid over them. */
  private txDocs(tx: SimTx, collection: string): Map<string, Obj> {
    const out = new Map(this.docs(collection));
    for (const [key, doc] of tx.view) {
      const [c, id] = splitKey(key);
      if (c !== collection || !tx.written.has(key)) continue;
      if (doc === null) out.delete(id);
      else out.set(id, doc);
    }
    return out;
  }

  private txRequest(tx: SimTx, action: string, p: Record<string, unknown>): Record<string, unknown> {
    const name = String(p.collectionName);
    this.docs(name);
    switch (action) {
      case 'database.getDocument': {
        const doc = this.txRead(tx, name, this.txDocId(p));
        let list = doc ? [doc] : [];
        if (p.projection !== undefined) list = list.map((d) => project(d, decodeEjson(String(p.projection))));
        return { list: list.map((d) => encodeEjson(d)), offset: 0, limit: 1 };
      }
      case 'database.insertDocument': {
        if (!Array.isArray(p.data)) throw writeError('insert data must be an array');
        const ids: string[] = [];
        for (const text of p.data) {
          const doc = decodeEjson(String(text));
          if (!isObj(doc)) throw writeError('a document must be an object');
          if (doc._id === undefined) doc._id = `sim${String(++this.autoId).padStart(21, '0')}`;
          if (typeof doc._id !== 'string') throw writeError('the simulator stores string _id values only');
          assertStorable(doc, 'document');
          this.txRead(tx, name, doc._id);
          this.assertUnique(name, this.txDocs(tx, name), doc, null);
          this.txWrite(tx, name, doc._id, doc);
          ids.push(doc._id);
        }
        return { insertedIds: ids };
      }
      case 'database.modifyDocument': {
        const id = this.txDocId(p);
        const before = this.txRead(tx, name, id);
        const update = decodeEjson(String(p.data));
        if (!isObj(update)) throw writeError('update data must be an object');
        const merge = p.merge !== false;
        if (before) {
          const after = merge ? applyUpdate(before, update) : replacement(before, update);
          this.assertUnique(name, this.txDocs(tx, name), after, id);
          const changed = encodeEjson(after) !== encodeEjson(before) || this.opts.updatedCounts === 'matched';
          this.txWrite(tx, name, id, after);
          return { updated: changed ? 1 : 0, matched: 1 };
        }
        if (p.upsert !== true) return { updated: 0, matched: 0 };
        const seed: Obj = { _id: id };
        const doc = merge ? applyUpdate(seed, update) : replacement(seed, update);
        assertStorable(doc, 'document');
        this.assertUnique(name, this.txDocs(tx, name), doc, null);
        this.txWrite(tx, name, id, doc);
        return { updated: 0, matched: 0, upsert_id: id };
      }
      case 'database.removeDocument': {
        const id = this.txDocId(p);
        const before = this.txRead(tx, name, id);
        if (before) this.txWrite(tx, name, id, null);
        return { deleted: before ? 1 : 0 };
      }
      default:
        throw badQuery(`action ${action} is not supported in a transaction by the cloud simulator`);
    }
  }

  /** Applies the overlay at once, or fails with the conflict code and applies nothing. */
  private commit(tx: SimTx): void {
    const written = [...tx.written].map((key) => ({ key, split: splitKey(key), doc: tx.view.get(key) ?? null }));
    for (const { key, split: [collection, id] } of written) {
      if (this.version(key) !== tx.base.get(key)) throw conflictError(`${collection}/${id} was written by someone else since the transaction read it`);
    }
    // Unique keys the transaction wrote against what others committed meanwhile.
    for (const { split: [collection, id], doc } of written) {
      if (doc === null) continue;
      try {
        this.assertUnique(collection, this.txDocs(tx, collection), doc, id);
      } catch (err) {
        throw conflictError(`${collection}/${id}: ${(err as Error).message}`);
      }
    }
    for (const { split: [collection, id], doc } of written) {
      const docs = this.docs(collection);
      if (doc === null) docs.delete(id);
      else docs.set(id, doc);
      this.bump(collection, id);
    }
  }

  private select(docs: Map<string, Obj>, query: Value): Obj[] {
    const out: Obj[] = [];
    for (const d of docs.values()) if (matches(d, query)) out.push(d);
    return out;
  }

  private sort(list: Obj[], order: Value): Obj[] {
    if (!isObj(order)) throw badQuery('order must be an object');
    const keys = Object.entries(order).map(([f, d]) => {
      if (d !== 1 && d !== -1) throw badQuery(`bad sort direction for ${f}`);
      return [f, d] as [string, 1 | -1];
    });
    return list
      .map((doc, i) => ({ doc, i, k: keys.map(([f, d]) => sortKey(doc, f, d)) }))
      .sort((a, b) => {
        for (let j = 0; j < keys.length; j++) {
          const c = compareValues(a.k[j], b.k[j]);
          if (c !== 0) return c * keys[j][1];
        }
        return a.i - b.i;
      })
      .map((x) => x.doc);
  }

  /** MongoDB unique-index keys: missing fields index as null, array values index each element. */
  private indexKeys(doc: Obj, fields: Array<[string, 'asc' | 'desc']>): Leaf[][] {
    let tuples: Leaf[][] = [[]];
    for (const [f] of fields) {
      const values = resolve(doc, f).flatMap((l) => (Array.isArray(l) ? (l.length ? l : [undefined]) : [l])).map((v) => (v === undefined ? null : v));
      const next: Leaf[][] = [];
      for (const t of tuples) for (const v of values.length ? values : [null]) next.push([...t, v]);
      tuples = next;
    }
    return tuples;
  }

  private assertUnique(collection: string, docs: Map<string, Obj>, doc: Obj, selfId: string | null): void {
    const id = String(doc._id);
    if (id !== selfId && docs.has(id)) {
      throw writeError(`E11000 duplicate key error collection: ${this.opts.env ?? 'sim'}.${collection} index: _id_ dup key: { _id: ${JSON.stringify(id)} }`);
    }
    const spec = this.specs.get(collection)!;
    const skipped = (d: Obj, idx: SimIndex) => idx.sparse === true && idx.fields.every(([f]) => resolve(d, f).every((l) => l === undefined));
    for (const idx of spec.indexes) {
      if (!idx.unique || skipped(doc, idx)) continue;
      const mine = this.indexKeys(doc, idx.fields);
      for (const other of docs.values()) {
        if (String(other._id) === selfId || skipped(other, idx)) continue;
        const theirs = this.indexKeys(other, idx.fields);
        const clash = mine.find((t) => theirs.some((u) => t.every((v, i) => compareValues(v, u[i]) === 0 && typeRank(v) === typeRank(u[i]))));
        if (clash) {
          const key = idx.fields.map(([f], i) => `${f}: ${show(clash[i])}`).join(', ');
          throw writeError(`E11000 duplicate key error collection: ${this.opts.env ?? 'sim'}.${collection} index: ${idx.name} dup key: { ${key} }`);
        }
      }
    }
  }
}

function replacement(before: Obj, doc: Obj): Obj {
  if (Object.keys(doc).some((k) => k.startsWith('$'))) throw writeError('a replacement document cannot hold update operators');
  if (doc._id !== undefined && doc._id !== before._id) throw writeError("the (immutable) field '_id' was found to have been altered");
  assertStorable(doc, 'document');
  return { _id: before._id, ...clone(doc) };
}

function project(doc: Obj, projection: Value): Obj {
  if (!isObj(projection)) throw badQuery('projection must be an object');
  const entries = Object.entries(projection);
  const include = entries.some(([k, v]) => k !== '_id' && v === 1);
  const out: Obj = include ? {} : clone(doc);
  for (const [k, v] of entries) {
    if (typeof v !== 'number') throw badQuery('projection operators are not supported by the cloud simulator');
    if (k.includes('.')) throw badQuery('dotted projections are not supported by the cloud simulator');
    if (include && v === 1 && k in doc) out[k] = clone(doc[k]);
    if (!include && v === 0) delete out[k];
  }
  if (include && projection._id !== 0) out._id = doc._id;
  if (include && projection._id === 0) delete out._id;
  return out;
}
