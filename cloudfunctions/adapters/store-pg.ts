/**
 * Store adapter on PostgreSQL: PGlite (embedded; in memory or a data folder) or a PostgreSQL server (`pg`).
 * One table per collection: (_id text primary key, doc jsonb). Every filter, sort and update is one SQL
 * statement, so a guarded update (`stock >= n` + `inc(-n)`) is atomic on both engines.
 */
import {
  COLLECTIONS, CollectionSpec, collectionSpec,
} from '../ports/schema';
import {
  Doc, DuplicateKeyError, Filter, FindOptions, FindResult, InsertResult, Scalar, Store, StoreInputError, Term, Tx, TxConflictError, UpdateOps,
  assertIdFilter, checkDoc, checkUpdateOps, decodeCursor, encodeCursor, getPath, normaliseFilter, normaliseFindOptions,
} from '../ports/store';

export type SqlQuery = <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<{ rows: R[] }>;

export interface SqlExecutor {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
  exec(sql: string): Promise<void>;
  /** BEGIN; body; COMMIT - or ROLLBACK when the body throws (then rethrows). One connection for the whole body. */
  transaction<R>(body: (query: SqlQuery) => Promise<R>): Promise<R>;
  close(): Promise<void>;
}

const table = (name: string): string => `"c_${name}"`;
const pathLit = (path: string): string => `'{${path.split('.').join(',')}}'`;
/** The value expression used for filters and sorting: a missing field reads as JSON null. */
const valueExpr = (path: string): string => `COALESCE(doc #> ${pathLit(path)}, 'null'::jsonb)`;
const rawExpr = (path: string): string => `(doc #> ${pathLit(path)})`;

const HELPERS = `
CREATE OR REPLACE FUNCTION store_set(d jsonb, p text[], v jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE base jsonb;
BEGIN
  base := CASE WHEN jsonb_typeof(d) = 'object' THEN d ELSE '{}'::jsonb END;
  IF cardinality(p) = 1 THEN
    RETURN jsonb_set(base, p, v, true);
  END IF;
  RETURN jsonb_set(base, p[1:1], store_set(base -> p[1], p[2:], v), true);
END
$fn$;
`;

export function ddlFor(spec: CollectionSpec): string[] {
  const t = table(spec.name);
  const out = [`CREATE TABLE IF NOT EXISTS ${t} (_id text PRIMARY KEY, doc jsonb NOT NULL)`];
  for (const idx of spec.indexes) {
    const name = `"ix_${spec.name}_${idx.name}"`;
    if (idx.kind === 'array') {
      out.push(`CREATE INDEX IF NOT EXISTS ${name} ON ${t} USING gin ((${rawExpr(idx.fields[0][0])}) jsonb_path_ops)`);
    } else if (idx.unique) {
      // Uniqueness on the raw values (a missing field is SQL NULL and never conflicts: a sparse index, as in the cloud)...
      out.push(`CREATE UNIQUE INDEX IF NOT EXISTS ${name} ON ${t} (${idx.fields.map(([f]) => rawExpr(f)).join(', ')})`);
      // ...and the same fields in the form filters use, so an equality lookup on them is an index scan.
      const qname = `"ix_${spec.name}_${idx.name}_q"`;
      if (idx.lookup !== false) out.push(`CREATE INDEX IF NOT EXISTS ${qname} ON ${t} (${idx.fields.map(([f]) => `(${valueExpr(f)})`).join(', ')})`);
    } else {
      // _id (C collation) closes every index, as it closes every sort: an ordered index scan can then serve a
      // find's ORDER BY ... LIMIT directly, without sorting.
      const cols = idx.fields.map(([f, d]) => `(${valueExpr(f)}) ${d === 'desc' ? 'DESC' : 'ASC'}`);
      out.push(`CREATE INDEX IF NOT EXISTS ${name} ON ${t} (${[...cols, '(_id COLLATE "C") ASC'].join(', ')})`);
    }
  }
  return out;
}

class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
  json(v: unknown): string {
    return `${this.add(JSON.stringify(v))}::jsonb`;
  }
}

/** `_id` is the primary-key column: conditions on it use the column (and its index), never the JSON copy. */
function idTermSql(term: Term, p: Params): string {
  const strings = (xs: unknown[]) => xs.filter((x): x is string => typeof x === 'string');
  switch (term.op) {
    case 'eq':
      return typeof term.value === 'string' ? `_id = ${p.add(term.value)}` : 'FALSE';
    case 'ne':
      return typeof term.value === 'string' ? `_id <> ${p.add(term.value)}` : 'TRUE';
    case 'gt': case 'gte': case 'lt': case 'lte': {
      if (typeof term.value !== 'string') return 'FALSE';
      const sym = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[term.op];
      return `(_id COLLATE "C") ${sym} ${p.add(term.value)}`;
    }
    case 'in': {
      const xs = strings(term.value as unknown[]);
      return xs.length ? `_id = ANY(${p.add(xs)}::text[])` : 'FALSE';
    }
    case 'nin': {
      const xs = strings(term.value as unknown[]);
      return xs.length ? `NOT (_id = ANY(${p.add(xs)}::text[]))` : 'TRUE';
    }
    case 'exists':
      return term.value ? 'TRUE' : 'FALSE';
    case 'has':
      return 'FALSE';
  }
}

function termSql(term: Term, p: Params): string {
  if (term.path === '_id') return idTermSql(term, p);
  const v = valueExpr(term.path);
  switch (term.op) {
    case 'eq':
      return `${v} = ${p.json(term.value)}`;
    case 'ne':
      return `${v} <> ${p.json(term.value)}`;
    case 'gt': case 'gte': case 'lt': case 'lte': {
      const sym = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[term.op];
      const type = typeof term.value === 'number' ? 'number' : 'string';
      return `(jsonb_typeof(${v}) = '${type}' AND ${v} ${sym} ${p.json(term.value)})`;
    }
    case 'in': case 'nin': {
      const list = term.value as Scalar[];
      const inner = list.length === 0 ? 'FALSE' : `${v} IN (${list.map((x) => p.json(x)).join(', ')})`;
      return term.op === 'in' ? `(${inner})` : `NOT (${inner})`;
    }
    case 'exists':
      return term.value ? `${rawExpr(term.path)} IS NOT NULL` : `${rawExpr(term.path)} IS NULL`;
    case 'has':
      return `(jsonb_typeof(${rawExpr(term.path)}) = 'array' AND ${rawExpr(term.path)} @> ${p.json([term.value])})`;
  }
}

function whereSql(filter: Filter, p: Params): string {
  const terms = normaliseFilter(filter);
  return terms.length === 0 ? 'TRUE' : terms.map((t) => termSql(t, p)).join(' AND ');
}

function updateExpr(ops: UpdateOps, p: Params): string {
  let e = 'doc';
  // A top-level field is set with the built-in jsonb_set; a dotted path goes through store_set, which creates
  // missing parent objects (jsonb_set would silently do nothing).
  const setAt = (doc: string, path: string, value: string) =>
    path.includes('.')
      ? `store_set(${doc}, ARRAY[${path.split('.').map((k) => `'${k}'`).join(',')}]::text[], ${value})`
      : `jsonb_set(${doc}, '{${path}}', ${value}, true)`;
  for (const [path, val] of Object.entries(ops.set ?? {})) {
    e = setAt(e, path, p.json(val === undefined ? null : val));
  }
  for (const [path, n] of Object.entries(ops.inc ?? {})) {
    const cur = `(CASE WHEN jsonb_typeof(doc #> ${pathLit(path)}) = 'number' THEN (doc #> ${pathLit(path)})::numeric ELSE 0 END)`;
    e = setAt(e, path, `to_jsonb(${cur} + ${p.add(n)}::numeric)`);
  }
  for (const [path, val] of Object.entries(ops.push ?? {})) {
    const cur = `(CASE WHEN jsonb_typeof(doc #> ${pathLit(path)}) = 'array' THEN doc #> ${pathLit(path)} ELSE '[]'::jsonb END)`;
    e = setAt(e, path, `${cur} || jsonb_build_array(${p.json(val)})`);
  }
  for (const path of ops.unset ?? []) {
    e = `(${e} #- ${pathLit(path)})`;
  }
  return e;
}

/** Deadlock detected / serialization failure: PostgreSQL rolled the transaction back; retrying may succeed. */
function isConflict(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === '40P01' || code === '40001';
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || /duplicate key value/.test(String(e?.message ?? ''));
}

export class PgStore implements Store {
  private constructor(private readonly db: SqlExecutor) {}

  static async open(db: SqlExecutor, collections: CollectionSpec[] = COLLECTIONS): Promise<PgStore> {
    await db.exec(HELPERS);
    for (const spec of collections) for (const stmt of ddlFor(spec)) await db.exec(stmt);
    return new PgStore(db);
  }

  private table(collection: string): string {
    if (!collectionSpec(collection)) throw new StoreInputError(`unknown collection ${String(collection)}`);
    return table(collection);
  }

  async get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null> {
    return this.getWith<T>(this.db.query.bind(this.db), collection, id);
  }

  private async getWith<T extends Doc>(q: SqlQuery, collection: string, id: string, forUpdate = false): Promise<T | null> {
    if (typeof id !== 'string') throw new StoreInputError('id must be a string');
    const { rows } = await q<{ doc: T }>(`SELECT doc FROM ${this.table(collection)} WHERE _id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0]?.doc ?? null;
  }

  async transaction<R>(body: (tx: Tx) => Promise<R>): Promise<R> {
    try {
      return await this.db.transaction(async (q) => {
        // A duplicate key aborts the whole transaction, as the port says - even if the body catches the error.
        let duplicate: DuplicateKeyError | null = null;
        const tx: Tx = {
          // FOR UPDATE: a read inside a transaction waits for a concurrent writer of that row and sees its commit, so a
          // read-then-guarded-update never decides on a stale copy (the cloud database gets the same from its
          // write-conflict detection and rerun).
          get: <T extends Doc>(collection: string, id: string) => this.getWith<T>(q, collection, id, true),
          updateOne: <T extends Doc>(collection: string, filter: Filter, ops: UpdateOps) => this.updateOneWith<T>(q, collection, filter, ops, true),
          insert: async (collection: string, doc: Doc) => {
            checkDoc(doc);
            // ON CONFLICT DO NOTHING: a unique violation would abort the transaction before we could name it.
            const { rows } = await q(`INSERT INTO ${this.table(collection)} (_id, doc) VALUES ($1, $2::jsonb) ON CONFLICT DO NOTHING RETURNING _id`, [doc._id, JSON.stringify(doc)]);
            if (rows.length === 0) throw (duplicate = new DuplicateKeyError(collection));
          },
        };
        const out = await body(tx);
        if (duplicate) throw duplicate;
        return out;
      });
    } catch (err) {
      if (isConflict(err)) throw new TxConflictError(String((err as Error).message));
      // An update that broke a unique index inside the transaction (PostgreSQL aborted it): the port's word for it.
      if (isUniqueViolation(err)) throw new DuplicateKeyError('(update)');
      throw err;
    }
  }

  async find<T extends Doc = Doc>(collection: string, filter: Filter, options?: FindOptions): Promise<FindResult<T>> {
    const t = this.table(collection);
    const { orderBy, limit, cursor, omit } = normaliseFindOptions(options);
    const p = new Params();
    let where = whereSql(filter, p);
    const keyExpr = ([f]: [string, string]) => (f === '_id' ? `(_id COLLATE "C")` : valueExpr(f));
    if (cursor) {
      const vals = decodeCursor(cursor, orderBy.length);
      const ors: string[] = [];
      for (let i = 0; i < orderBy.length; i++) {
        const parts: string[] = [];
        for (let j = 0; j < i; j++) {
          parts.push(`${keyExpr(orderBy[j])} = ${orderBy[j][0] === '_id' ? p.add(String(vals[j])) : p.json(vals[j])}`);
        }
        const sym = orderBy[i][1] === 'asc' ? '>' : '<';
        parts.push(`${keyExpr(orderBy[i])} ${sym} ${orderBy[i][0] === '_id' ? p.add(String(vals[i])) : p.json(vals[i])}`);
        ors.push(`(${parts.join(' AND ')})`);
      }
      where = `(${where}) AND (${ors.join(' OR ')})`;
    }
    const order = orderBy.map((o) => `${keyExpr(o)} ${o[1] === 'asc' ? 'ASC' : 'DESC'}`).join(', ');
    const projection = omit.length ? `doc - ${p.add(omit)}::text[]` : 'doc';
    // Sort keys whose field is omitted from the result are selected beside it, so the cursor can still be built.
    const hidden = orderBy.map(([f]) => f !== '_id' && omit.includes(f.split('.')[0]));
    const keyCols = orderBy.map(([f], i) => (hidden[i] ? `, ${rawExpr(f)} AS k${i}` : '')).join('');
    const sql = `SELECT ${projection} AS doc${keyCols} FROM ${t} WHERE ${where} ORDER BY ${order} LIMIT ${limit + 1}`;
    const { rows } = await this.db.query<{ doc: T } & Record<string, unknown>>(sql, p.values);
    const items = rows.slice(0, limit).map((r) => r.doc);
    let nextCursor: string | null = null;
    if (rows.length > limit) {
      const lastRow = rows[limit - 1];
      const last = lastRow.doc;
      nextCursor = encodeCursor(orderBy.map(([f], i) => (f === '_id' ? last._id : hidden[i] ? (lastRow[`k${i}`] ?? null) : (getPath(last, f) ?? null))));
    }
    return { items, nextCursor };
  }

  async count(collection: string, filter: Filter): Promise<number> {
    const p = new Params();
    const { rows } = await this.db.query<{ n: number | string }>(
      `SELECT count(*)::int AS n FROM ${this.table(collection)} WHERE ${whereSql(filter, p)}`, p.values);
    return Number(rows[0].n);
  }

  async insert(collection: string, doc: Doc): Promise<InsertResult> {
    const t = this.table(collection);
    checkDoc(doc);
    try {
      await this.db.query(`INSERT INTO ${t} (_id, doc) VALUES ($1, $2::jsonb)`, [doc._id, JSON.stringify(doc)]);
      return { ok: true, id: doc._id };
    } catch (err) {
      if (isUniqueViolation(err)) return { ok: false, code: 'CONFLICT', message: `duplicate key in ${collection}` };
      throw err;
    }
  }

  async update(collection: string, filter: Filter, ops: UpdateOps): Promise<number> {
    const t = this.table(collection);
    checkUpdateOps(ops);
    const p = new Params();
    const where = whereSql(filter, p);
    const expr = updateExpr(ops, p);
    try {
      const { rows } = await this.db.query(`UPDATE ${t} SET doc = ${expr} WHERE ${where} RETURNING _id`, p.values);
      return rows.length;
    } catch (err) {
      if (isUniqueViolation(err)) return 0;
      throw err;
    }
  }

  async updateOne<T extends Doc = Doc>(collection: string, filter: Filter, ops: UpdateOps): Promise<T | null> {
    return this.updateOneWith<T>(this.db.query.bind(this.db), collection, filter, ops, false);
  }

  private async updateOneWith<T extends Doc>(q: SqlQuery, collection: string, filter: Filter, ops: UpdateOps, inTx: boolean): Promise<T | null> {
    const t = this.table(collection);
    assertIdFilter(filter);
    checkUpdateOps(ops);
    const p = new Params();
    const where = whereSql(filter, p);
    const expr = updateExpr(ops, p);
    try {
      const { rows } = await q<{ doc: T }>(`UPDATE ${t} SET doc = ${expr} WHERE ${where} RETURNING doc`, p.values);
      return rows[0]?.doc ?? null;
    } catch (err) {
      // Inside a transaction PostgreSQL has already aborted it: let the error roll everything back.
      if (!inTx && isUniqueViolation(err)) return null;
      throw err;
    }
  }

  async remove(collection: string, filter: Filter): Promise<number> {
    const p = new Params();
    const { rows } = await this.db.query(`DELETE FROM ${this.table(collection)} WHERE ${whereSql(filter, p)} RETURNING _id`, p.values);
    return rows.length;
  }

  async clearAll(): Promise<void> {
    for (const spec of COLLECTIONS) await this.db.exec(`TRUNCATE ${table(spec.name)}`);
  }

  /** Raw SQL access for the benchmark only. */
  get executor(): SqlExecutor {
    return this.db;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/** PGlite, embedded: in memory when dataDir is undefined, else persisted in that folder. */
export async function pgliteExecutor(dataDir?: string): Promise<SqlExecutor> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  return {
    async query<R>(sql: string, params: unknown[] = []) {
      const res = await db.query<R>(sql, params);
      return { rows: res.rows };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async transaction<R>(body: (query: SqlQuery) => Promise<R>): Promise<R> {
      // PGlite has one connection: its transaction() holds it (other queries wait) and rolls back on a throw.
      return db.transaction(async (tx) => body(async <Row>(sql: string, params: unknown[] = []) => ({ rows: (await tx.query<Row>(sql, params)).rows })));
    },
    async close() {
      await db.close();
    },
  };
}

/** A PostgreSQL server through `pg` (DATABASE_URL). */
export async function pgServerExecutor(url: string, poolSize = 10): Promise<SqlExecutor> {
  const { Pool } = await import('pg');
  const pool = new Pool({ connectionString: url, max: poolSize });
  // An idle connection the server ends (a restart, a terminated backend) emits 'error' on the pool: without a listener
  // that crashes the process. pg drops that connection; the next query opens a new one.
  pool.on('error', (err) => console.error('postgres: an idle connection failed:', err.message));
  return {
    async query<R>(sql: string, params: unknown[] = []) {
      const res = await pool.query(sql, params);
      return { rows: res.rows as R[] };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async transaction<R>(body: (query: SqlQuery) => Promise<R>): Promise<R> {
      const client = await pool.connect();
      let broken: unknown = null;
      try {
        await client.query('BEGIN');
        const out = await body(async <Row>(sql: string, params: unknown[] = []) => ({ rows: (await client.query(sql, params)).rows as Row[] }));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          broken = rollbackErr; // the connection is unusable: drop it from the pool
        }
        throw err;
      } finally {
        client.release(broken ? (broken as Error) : undefined);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** Opens the store the environment asks for: DATABASE_URL -> PostgreSQL server, else PGlite (dataDir or memory). */
export async function openPgStore(opts: { dataDir?: string; databaseUrl?: string } = {}): Promise<PgStore> {
  const exec = opts.databaseUrl ? await pgServerExecutor(opts.databaseUrl) : await pgliteExecutor(opts.dataDir);
  return PgStore.open(exec);
}
