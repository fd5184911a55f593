/**
 * The Store port contract. Every adapter runs this suite: PGlite always, PostgreSQL when DATABASE_URL is set,
 * the cloud adapter through wx-server-sdk against an in-process executor.
 */
import { Doc, DuplicateKeyError, Store, StoreInputError, TxAbort, TxConflictError, cond } from '../../cloudfunctions/ports/store';

const C = 'kv_test';

export interface ContractOptions {
  /** Concurrent callers for the lost-update test (default 200). */
  concurrency?: number;
}

export function runStoreContract(name: string, open: () => Promise<Store>, opts: ContractOptions = {}): void {
  const concurrency = opts.concurrency ?? 200;

  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    }, 60_000);
    afterAll(async () => {
      await store?.close?.();
    });
    beforeEach(async () => {
      await store.remove(C, {});
    });

    const ids = (docs: Doc[]) => docs.map((d) => d._id);
    async function put(...docs: Doc[]) {
      for (const d of docs) expect(await store.insert(C, d)).toEqual({ ok: true, id: d._id });
    }

    test('insert, get, get of a missing id, remove', async () => {
      await put({ _id: 'a', owner: 'u1', key: 'k1', n: 1, nested: { x: 'y' }, list: [1, 2] });
      expect(await store.get(C, 'a')).toEqual({ _id: 'a', owner: 'u1', key: 'k1', n: 1, nested: { x: 'y' }, list: [1, 2] });
      expect(await store.get(C, 'nope')).toBeNull();
      expect(await store.remove(C, { _id: 'a' })).toBe(1);
      expect(await store.get(C, 'a')).toBeNull();
      expect(await store.remove(C, { _id: 'a' })).toBe(0);
    });

    test('a duplicate _id is CONFLICT and leaves the first document alone', async () => {
      await put({ _id: 'a', n: 1 });
      const r = await store.insert(C, { _id: 'a', n: 2 });
      expect(r).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect((await store.get(C, 'a'))?.n).toBe(1);
    });

    test('a unique-index violation is CONFLICT and writes nothing', async () => {
      await put({ _id: 'a', owner: 'u1', key: 'k' });
      expect(await store.insert(C, { _id: 'b', owner: 'u1', key: 'k' })).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(await store.get(C, 'b')).toBeNull();
      expect(await store.count(C, {})).toBe(1);
      await put({ _id: 'c', owner: 'u2', key: 'k' }, { _id: 'd', owner: 'u1', key: 'k2' });
    });

    test('filters: equality, null matches missing, ne, ranges, in, nin, exists, has, nested paths', async () => {
      await put(
        { _id: 'a', n: 1, s: 'x', tag: ['red', 'big'], deep: { v: 1 } },
        { _id: 'b', n: 5, s: 'y', tag: ['blue'], deep: { v: 2 } },
        { _id: 'c', n: 10, s: null },
        { _id: 'd', n: '5' },
      );
      const f = async (filter: Parameters<Store['find']>[1]) => ids((await store.find(C, filter)).items).sort();
      expect(await f({ n: 5 })).toEqual(['b']);
      expect(await f({ n: '5' })).toEqual(['d']);
      expect(await f({ s: null })).toEqual(['c', 'd']);
      expect(await f({ s: cond.ne(null) })).toEqual(['a', 'b']);
      expect(await f({ s: cond.ne('x') })).toEqual(['b', 'c', 'd']);
      expect(await f({ n: cond.gte(5) })).toEqual(['b', 'c']);
      expect(await f({ n: cond.gt(5) })).toEqual(['c']);
      expect(await f({ n: cond.lt(5) })).toEqual(['a']);
      expect(await f({ n: [cond.gt(1), cond.lte(10)] })).toEqual(['b', 'c']);
      expect(await f({ n: cond.in([1, 10]) })).toEqual(['a', 'c']);
      expect(await f({ n: cond.in([]) })).toEqual([]);
      expect(await f({ n: cond.nin([1, 10]) })).toEqual(['b', 'd']);
      expect(await f({ tag: cond.exists(true) })).toEqual(['a', 'b']);
      expect(await f({ tag: cond.exists(false) })).toEqual(['c', 'd']);
      expect(await f({ tag: cond.has('red') })).toEqual(['a']);
      expect(await f({ tag: [cond.has('red'), cond.has('big')] })).toEqual(['a']);
      expect(await f({ tag: [cond.has('red'), cond.has('blue')] })).toEqual([]);
      expect(await f({ 'deep.v': 2 })).toEqual(['b']);
      expect(await f({ 'deep.v': cond.gte(1), n: cond.lt(5) })).toEqual(['a']);
      expect(await store.count(C, { n: cond.gte(5) })).toBe(2);
      expect(await store.count(C, {})).toBe(4);
    });

    test('ordering: ascending, descending, several keys, _id as the tiebreaker', async () => {
      await put({ _id: 'c', g: 1, n: 3 }, { _id: 'a', g: 2, n: 1 }, { _id: 'b', g: 1, n: 2 }, { _id: 'd', g: 2, n: 1 });
      expect(ids((await store.find(C, {}, { orderBy: [['n', 'asc']] })).items)).toEqual(['a', 'd', 'b', 'c']);
      expect(ids((await store.find(C, {}, { orderBy: [['n', 'desc']] })).items)).toEqual(['c', 'b', 'a', 'd']);
      expect(ids((await store.find(C, {}, { orderBy: [['g', 'desc'], ['n', 'asc']] })).items)).toEqual(['a', 'd', 'b', 'c']);
      expect(ids((await store.find(C, {}, { orderBy: [['n', 'asc']], limit: 2 })).items)).toEqual(['a', 'd']);
    });

    test('find can leave large fields out of the returned documents', async () => {
      await put({ _id: 'a', n: 1, big: ['x', 'y'], keep: 'k' });
      const page = await store.find(C, { n: 1 }, { omit: ['big'] });
      expect(page.items).toEqual([{ _id: 'a', n: 1, keep: 'k' }]);
      await expect(store.find(C, {}, { omit: ['_id'] })).rejects.toBeInstanceOf(StoreInputError);
    });

    test('cursor pages still advance when a sort key is omitted from the results', async () => {
      await put({ _id: 'a', rank: 3 }, { _id: 'b', rank: 1 }, { _id: 'c', rank: 2 });
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 5; i++) {
        const page: { items: Doc[]; nextCursor: string | null } = await store.find(C, {}, { orderBy: [['rank', 'desc']], omit: ['rank'], limit: 1, cursor });
        seen.push(...ids(page.items));
        expect(page.items.every((d) => !('rank' in d))).toBe(true);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(seen).toEqual(['a', 'c', 'b']);
    });

    test('cursor pagination visits every matching document exactly once, in order', async () => {
      const docs: Doc[] = [];
      for (let i = 0; i < 23; i++) docs.push({ _id: `id${String(i).padStart(2, '0')}`, rank: i % 4, keep: i % 5 !== 0 });
      await put(...docs);
      for (const dir of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: { items: Doc[]; nextCursor: string | null } = await store.find(C, { keep: true }, { orderBy: [['rank', dir]], limit: 4, cursor });
          seen.push(...ids(page.items));
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 20);
        const expected = docs
          .filter((d) => d.keep)
          .sort((x, y) => (dir === 'asc' ? (x.rank as number) - (y.rank as number) : (y.rank as number) - (x.rank as number)) || (x._id < y._id ? -1 : 1))
          .map((d) => d._id);
        expect(seen).toEqual(expected);
        expect(pages).toBe(Math.ceil(expected.length / 4));
      }
    });

    test('a guarded update changes 0 documents when its guard fails, and the document is untouched', async () => {
      await put({ _id: 'sku', stock: 1, status: 'on' });
      expect(await store.update(C, { _id: 'sku', stock: cond.gte(2) }, { inc: { stock: -2 } })).toBe(0);
      expect(await store.update(C, { _id: 'sku', status: 'off' }, { set: { status: 'gone' } })).toBe(0);
      expect(await store.get(C, 'sku')).toEqual({ _id: 'sku', stock: 1, status: 'on' });
      expect(await store.update(C, { _id: 'sku', stock: cond.gte(1) }, { inc: { stock: -1 } })).toBe(1);
      expect((await store.get(C, 'sku'))?.stock).toBe(0);
    });

    test('updateOne answers the document after a guarded update, or null when the guard fails', async () => {
      await put({ _id: 'sku', stock: 3, title: 'T' });
      expect(await store.updateOne(C, { _id: 'sku', stock: cond.gte(2) }, { inc: { stock: -2 } })).toEqual({ _id: 'sku', stock: 1, title: 'T' });
      expect(await store.updateOne(C, { _id: 'sku', stock: cond.gte(2) }, { inc: { stock: -2 } })).toBeNull();
      expect(await store.updateOne(C, { _id: 'nope' }, { set: { x: 1 } })).toBeNull();
      expect((await store.get(C, 'sku'))?.stock).toBe(1);
      await expect(store.updateOne(C, { stock: 1 }, { set: { x: 1 } })).rejects.toBeInstanceOf(StoreInputError);
      await expect(store.updateOne(C, { _id: JSON.parse('{"$ne": ""}') }, { set: { x: 1 } })).rejects.toBeInstanceOf(StoreInputError);
      expect(await store.get(C, 'sku')).toEqual({ _id: 'sku', stock: 1, title: 'T' });
    });

    test('update ops: set (nested), inc, push, unset; multi-document updates report their count', async () => {
      await put({ _id: 'a', n: 1, drop: true, list: ['x'] }, { _id: 'b', n: 1 }, { _id: 'c', n: 2 });
      expect(await store.update(C, { _id: 'a' }, { set: { 'meta.by.who': 'me', label: 'L' }, inc: { n: 4 }, push: { list: 'y' }, unset: ['drop'] })).toBe(1);
      expect(await store.get(C, 'a')).toEqual({ _id: 'a', n: 5, list: ['x', 'y'], meta: { by: { who: 'me' } }, label: 'L' });
      expect(await store.update(C, { _id: 'b' }, { push: { log: { at: 1 } }, inc: { fresh: 2 } })).toBe(1);
      expect(await store.get(C, 'b')).toEqual({ _id: 'b', n: 1, log: [{ at: 1 }], fresh: 2 });
      expect(await store.update(C, { n: cond.lte(2) }, { set: { seen: true } })).toBe(2);
      expect(await store.count(C, { seen: true })).toBe(2);
    });

    test(`inc under ${concurrency} concurrent callers loses no update`, async () => {
      await put({ _id: 'counter', n: 0 });
      const results = await Promise.all(Array.from({ length: concurrency }, () => store.update(C, { _id: 'counter' }, { inc: { n: 1 } })));
      expect(results.every((r) => r === 1)).toBe(true);
      expect((await store.get(C, 'counter'))?.n).toBe(concurrency);
    }, 60_000);

    test('100 concurrent guarded decrements on stock 10: exactly 10 win and stock ends at 0', async () => {
      await put({ _id: 'hot', stock: 10 });
      const results = await Promise.all(Array.from({ length: 100 }, () => store.update(C, { _id: 'hot', stock: cond.gte(1) }, { inc: { stock: -1 } })));
      expect(results.filter((r) => r === 1)).toHaveLength(10);
      expect((await store.get(C, 'hot'))?.stock).toBe(0);
    }, 60_000);

    test('operator-like values in filters are refused before anything changes', async () => {
      await put({ _id: 'a', n: 1 }, { _id: 'b', n: 2 });
      const hostile = JSON.parse('{"$ne": ""}');
      await expect(store.find(C, { _id: hostile })).rejects.toBeInstanceOf(StoreInputError);
      await expect(store.update(C, { _id: hostile }, { set: { n: 99 } })).rejects.toBeInstanceOf(StoreInputError);
      await expect(store.remove(C, { _id: hostile })).rejects.toBeInstanceOf(StoreInputError);
      await expect(store.count(C, { n: { $gt: 0 } as never })).rejects.toBeInstanceOf(StoreInputError);
      await expect(store.find(C, { n: [1, 2] as never })).rejects.toBeInstanceOf(StoreInputError);
      await expect(store.get(C, hostile)).rejects.toBeInstanceOf(StoreInputError);
      await expect(store.find(C, { 'n; drop table': 1 })).rejects.toBeInstanceOf(StoreInputError);
      await expect(store.update(C, { _id: 'a' }, { set: { _id: 'z' } })).rejects.toBeInstanceOf(StoreInputError);
      await expect(store.find(C, {}, { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(StoreInputError);
      await expect(store.find('no_such_collection', {})).rejects.toBeInstanceOf(StoreInputError);
      expect(await store.find(C, {}, { orderBy: [['n', 'asc']] })).toEqual({ items: [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }], nextCursor: null });
    });

    describe('transactions', () => {
      test('every write of a committed transaction lands; reads inside see the transaction\'s own writes', async () => {
        await put({ _id: 'sku', stock: 5 }, { _id: 'coupon', status: 'unused' });
        const out = await store.transaction(async (tx) => {
          const sku = await tx.updateOne(C, { _id: 'sku', stock: cond.gte(2) }, { inc: { stock: -2 } });
          expect(sku).toMatchObject({ _id: 'sku', stock: 3 });
          expect(await tx.get(C, 'sku')).toMatchObject({ stock: 3 });
          expect(await tx.updateOne(C, { _id: 'coupon', status: 'unused' }, { set: { status: 'locked' } })).toMatchObject({ status: 'locked' });
          await tx.insert(C, { _id: 'order', owner: 'u1', key: 'r1', n: 2 });
          expect(await tx.get(C, 'order')).toEqual({ _id: 'order', owner: 'u1', key: 'r1', n: 2 });
          return 'done';
        });
        expect(out).toBe('done');
        expect(await store.get(C, 'sku')).toMatchObject({ stock: 3 });
        expect(await store.get(C, 'coupon')).toMatchObject({ status: 'locked' });
        expect(await store.get(C, 'order')).toMatchObject({ n: 2 });
      });

      test('a guard that does not hold answers null and writes nothing; a missing document answers null', async () => {
        await put({ _id: 'sku', stock: 1 });
        await store.transaction(async (tx) => {
          expect(await tx.updateOne(C, { _id: 'sku', stock: cond.gte(2) }, { inc: { stock: -2 } })).toBeNull();
          expect(await tx.updateOne(C, { _id: 'nope' }, { set: { n: 1 } })).toBeNull();
          expect(await tx.get(C, 'nope')).toBeNull();
        });
        expect(await store.get(C, 'sku')).toEqual({ _id: 'sku', stock: 1 });
        expect(await store.get(C, 'nope')).toBeNull();
      });

      test('a throw rolls back every write before it and comes out as thrown; TxAbort carries its value', async () => {
        await put({ _id: 'sku', stock: 5 });
        const boom = new Error('boom');
        await expect(store.transaction(async (tx) => {
          await tx.updateOne(C, { _id: 'sku' }, { inc: { stock: -5 } });
          await tx.insert(C, { _id: 'order', n: 1 });
          throw boom;
        })).rejects.toBe(boom);
        const abort = await store.transaction(async (tx) => {
          await tx.updateOne(C, { _id: 'sku' }, { inc: { stock: -1 } });
          throw new TxAbort({ why: 'OUT_OF_STOCK' });
        }).catch((e: unknown) => e);
        expect(abort).toBeInstanceOf(TxAbort);
        expect((abort as TxAbort<unknown>).value).toEqual({ why: 'OUT_OF_STOCK' });
        expect(await store.get(C, 'sku')).toEqual({ _id: 'sku', stock: 5 });
        expect(await store.get(C, 'order')).toBeNull();
      });

      test('a duplicate key (id or unique index) inside aborts the whole transaction with DuplicateKeyError', async () => {
        await put({ _id: 'sku', stock: 5 }, { _id: 'first', owner: 'u1', key: 'r1' });
        for (const dup of [{ _id: 'first' }, { _id: 'second', owner: 'u1', key: 'r1' }]) {
          const err = await store.transaction(async (tx) => {
            await tx.updateOne(C, { _id: 'sku' }, { inc: { stock: -1 } });
            await tx.insert(C, dup);
          }).catch((e: unknown) => e);
          expect(err).toBeInstanceOf(DuplicateKeyError);
        }
        expect(await store.get(C, 'sku')).toEqual({ _id: 'sku', stock: 5 });
        expect(await store.get(C, 'second')).toBeNull();
      });

      test('concurrent transactions on one hot document: never oversold, each either fully in or fully out', async () => {
        await put({ _id: 'hot', stock: 10 });
        const n = Math.min(concurrency, 60);
        const results = await Promise.all(Array.from({ length: n }, (_, i) => store.transaction(async (tx) => {
          const sku = await tx.updateOne(C, { _id: 'hot', stock: cond.gte(1) }, { inc: { stock: -1 } });
          if (!sku) throw new TxAbort('sold out');
          await tx.insert(C, { _id: `order-${i}`, n: i });
          return 'bought';
        }).catch((e: unknown) => (e instanceof TxAbort ? 'sold out' : e instanceof TxConflictError ? 'busy' : Promise.reject(e)))));
        const bought = results.filter((r) => r === 'bought').length;
        expect(bought).toBeLessThanOrEqual(10);
        const left = (await store.get(C, 'hot'))?.stock as number;
        expect(left + bought).toBe(10);
        expect(await store.count(C, { _id: cond.gte('order-') })).toBe(bought);
        // Contention may cost some buyers a retry ('busy'), never a unit: retried, they sell the rest out.
        if (results.includes('busy')) expect(bought).toBeGreaterThan(0);
      }, 60_000);
    });
  });
}
