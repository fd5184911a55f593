/**
 * What wx-server-sdk actually sends for each Store operation of the cloud adapter.
 *
 * The real SDK serialises every request; `TcbDBApiHttpRequester.prototype.send` is replaced (see
 * cloud-sim/harness.ts) so each request is captured - action name, collection, and the query / order /
 * update as canonical EJSON - and answered by the in-process simulator. `queryEjson`/`updateEjson` are the
 * wire JSON exactly as sent ({"$numberInt": "2"} for 2); `query`/`update` are the same with numbers decoded.
 */
import { CloudStore } from '../../cloudfunctions/adapters/store-cloud';
import { Doc, StoreInputError, cond } from '../../cloudfunctions/ports/store';
import { CloudSim, SimCall, bootCloudSim } from './cloud-sim/harness';

const int = (n: number) => ({ $numberInt: String(n) });

describe('cloud adapter: requests captured from wx-server-sdk', () => {
  let sim: CloudSim;
  let store: CloudStore;

  beforeAll(() => {
    sim = bootCloudSim();
    store = new CloudStore(sim.db);
  });
  beforeEach(() => {
    sim.engine.reset();
    sim.engine.seed('skus', [
      { _id: 'x', productId: 'p1', stock: 5, price: 1250 },
      { _id: 'y', productId: 'p1', stock: 0, price: 990 },
      { _id: 'z', productId: 'p2', stock: 3, price: 1250, tags: ['hot'] },
    ]);
    sim.calls.length = 0;
  });

  /** The one request the last operation sent. */
  function onlyCall(): SimCall {
    expect(sim.calls).toHaveLength(1);
    const call = sim.calls[0];
    sim.calls.length = 0;
    return call;
  }

  test('get: doc(id).get() is one getDocument by _id; a missing id reads as null', async () => {
    expect(await store.get('skus', 'x')).toEqual({ _id: 'x', productId: 'p1', stock: 5, price: 1250 });
    expect(onlyCall()).toMatchObject({
      action: 'database.getDocument', collection: 'skus', queryEjson: { _id: 'x' }, multi: false, params: { queryType: 'DOC' },
    });
    expect(await store.get('skus', 'nope')).toBeNull();
    expect(onlyCall()).toMatchObject({ action: 'database.getDocument', queryEjson: { _id: 'nope' } });
  });

  test('find: where + orderBy (with _id appended) + limit+1; the next page adds the keyset condition', async () => {
    const first = await store.find('skus', { productId: 'p1' }, { orderBy: [['price', 'desc']], limit: 1 });
    expect(first.items.map((d) => d._id)).toEqual(['x']);
    expect(first.nextCursor).not.toBeNull();
    const c1 = onlyCall();
    expect(c1).toMatchObject({ action: 'database.getDocument', collection: 'skus', queryEjson: { productId: 'p1' }, limit: 2 });
    expect(JSON.parse(String(c1.params.order))).toEqual({ price: int(-1), _id: int(1) });
    expect(Object.keys(c1.order as object)).toEqual(['price', '_id']);

    const second = await store.find('skus', { productId: 'p1' }, { orderBy: [['price', 'desc']], limit: 1, cursor: first.nextCursor });
    expect(second).toEqual({ items: [{ _id: 'y', productId: 'p1', stock: 0, price: 990 }], nextCursor: null });
    // (price < 1250 OR price null/missing - nulls sort last in desc) OR (price = 1250 AND _id > 'x')
    expect(onlyCall().queryEjson).toEqual({
      $and: [
        { productId: 'p1' },
        {
          $or: [
            { $or: [{ price: { $lt: int(1250) } }, { price: { $eq: null } }] },
            { price: { $eq: int(1250) }, _id: { $gt: 'x' } },
          ],
        },
      ],
    });
  });

  test('find: every filter operator becomes its db.command; a second condition on a field goes into $and', async () => {
    await store.find('skus', {
      a: 1, b: null, c: cond.ne('x'), d: cond.gt(1.5), e: cond.lte('m'), f: cond.in(['u', null]), g: cond.nin([]),
      h: cond.exists(false), tags: cond.has('hot'), 'deep.v': true, price: [cond.gte(100), cond.lt(2000)],
    });
    const call = onlyCall();
    expect(call.queryEjson).toEqual({
      $and: [
        {
          a: int(1), b: null, c: { $ne: 'x' }, d: { $gt: { $numberDouble: '1.5' } }, e: { $lte: 'm' }, f: { $in: ['u', null] },
          g: { $nin: [] }, h: { $exists: false }, tags: { $elemMatch: { $eq: 'hot' } }, 'deep.v': true, price: { $gte: int(100) },
        },
        { price: { $lt: int(2000) } },
      ],
    });
    expect(call.limit).toBe(101);
    expect(call.order).toEqual({ _id: 1 });
  });

  test('find with omit: the fields are left out by a .field() projection; an omitted sort key is dropped after paging', async () => {
    const page = await store.find('skus', { productId: 'p1' }, { omit: ['stock', 'price'], orderBy: [['price', 'asc']], limit: 1 });
    expect(page.items).toStrictEqual([{ _id: 'y', productId: 'p1' }]);
    const call = onlyCall();
    expect(JSON.parse(String(call.params.projection))).toEqual({ stock: int(0) });
    // price is a sort key: fetched for the cursor, removed from the item; the cursor still pages on it
    const next = await store.find('skus', { productId: 'p1' }, { omit: ['stock', 'price'], orderBy: [['price', 'asc']], limit: 1, cursor: page.nextCursor });
    expect(next).toStrictEqual({ items: [{ _id: 'x', productId: 'p1' }], nextCursor: null });
    expect(onlyCall().queryEjson).toMatchObject({ $and: [{ productId: 'p1' }, { $or: expect.any(Array) }] });
  });

  test('count: calculateDocument with the same query', async () => {
    expect(await store.count('skus', { price: cond.gte(1000), tags: cond.has('hot') })).toBe(1);
    expect(onlyCall()).toMatchObject({
      action: 'database.calculateDocument', collection: 'skus',
      queryEjson: { price: { $gte: int(1000) }, tags: { $elemMatch: { $eq: 'hot' } } },
    });
    expect(await store.count('skus', {})).toBe(3);
    expect(onlyCall().queryEjson).toEqual({});
  });

  test('insert: add({data}) with _id in the data; a duplicate _id comes back as CONFLICT', async () => {
    const doc: Doc = { _id: 'n1', productId: 'p3', stock: 7, price: 1.25, attrs: { color: 'red' }, list: [1, 'a'], none: null };
    expect(await store.insert('skus', doc)).toEqual({ ok: true, id: 'n1' });
    expect(onlyCall()).toMatchObject({
      action: 'database.insertDocument', collection: 'skus',
      docsEjson: [{ _id: 'n1', productId: 'p3', stock: int(7), price: { $numberDouble: '1.25' }, attrs: { color: 'red' }, list: [int(1), 'a'], none: null }],
    });
    expect(await store.insert('skus', { _id: 'n1', stock: 1 })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(onlyCall().action).toBe('database.insertDocument');
    expect(sim.engine.dump('skus').find((d) => d._id === 'n1')).toEqual(doc);
  });

  test('guarded stock decrement: ONE modifyDocument, query {_id, stock: {$gte: 2}}, update {$inc: {stock: -2}}', async () => {
    expect(await store.update('skus', { _id: 'x', stock: cond.gte(2) }, { inc: { stock: -2 } })).toBe(1);
    const call = onlyCall();
    expect(call).toMatchObject({
      action: 'database.modifyDocument', collection: 'skus', multi: true,
      params: { queryType: 'WHERE', merge: true, upsert: false },
      queryEjson: { _id: 'x', stock: { $gte: int(2) } },
      updateEjson: { $inc: { stock: int(-2) } },
    });
    expect(call.query).toEqual({ _id: 'x', stock: { $gte: 2 } });
    expect(call.update).toEqual({ $inc: { stock: -2 } });
    expect(sim.engine.dump('skus')[0].stock).toBe(3);
    // The guard fails once stock is below 2: still one request, 0 changed, the document untouched.
    await store.update('skus', { _id: 'x' }, { set: { stock: 1 } });
    sim.calls.length = 0;
    expect(await store.update('skus', { _id: 'x', stock: cond.gte(2) }, { inc: { stock: -2 } })).toBe(0);
    expect(onlyCall().action).toBe('database.modifyDocument');
    expect(sim.engine.dump('skus')[0].stock).toBe(1);
  });

  test('update ops: nested set as dotted keys, objects replaced whole via _.set, push of one value, unset via _.remove()', async () => {
    const n = await store.update('skus', { _id: 'x' }, {
      set: { 'meta.by.who': 'me', attrs: { color: 'red' }, empty: {} },
      inc: { sold: 1 },
      push: { log: [1, 2] },
      unset: ['price'],
    });
    expect(n).toBe(1);
    expect(onlyCall().updateEjson).toEqual({
      $set: { 'meta.by.who': 'me', attrs: { color: 'red' }, empty: {} },
      $inc: { sold: int(1) },
      $push: { log: { $each: [[int(1), int(2)]] } },
      $unset: { price: '' },
    });
    expect(sim.engine.dump('skus')[0]).toEqual({
      _id: 'x', productId: 'p1', stock: 5, meta: { by: { who: 'me' } }, attrs: { color: 'red' }, empty: {}, sold: 1, log: [[1, 2]],
    });
    // set of an object replaces it (a plain object in update data would be merged field by field)
    await store.update('skus', { _id: 'x' }, { set: { attrs: { size: 'L' } } });
    expect(onlyCall().updateEjson).toEqual({ $set: { attrs: { size: 'L' } } });
    expect(sim.engine.dump('skus')[0].attrs).toEqual({ size: 'L' });
  });

  test('update of every matching document returns stats.updated', async () => {
    expect(await store.update('skus', { price: 1250 }, { set: { flagged: true } })).toBe(2);
    expect(onlyCall()).toMatchObject({ action: 'database.modifyDocument', queryEjson: { price: int(1250) }, multi: true });
  });

  test('remove: removeDocument returns stats.removed; "remove everything" is spelled _id exists', async () => {
    expect(await store.remove('skus', { stock: 0 })).toBe(1);
    expect(onlyCall()).toMatchObject({ action: 'database.removeDocument', collection: 'skus', queryEjson: { stock: int(0) }, multi: true });
    expect(await store.remove('skus', {})).toBe(2);
    expect(onlyCall().queryEjson).toEqual({ _id: { $exists: true } });
    expect(await store.remove('skus', { _id: 'x' })).toBe(0);
  });

  test('find with limit 1000 (the cloud maximum) probes for a next page with one more request', async () => {
    const docs = Array.from({ length: 1001 }, (_v, i) => ({ _id: `k${String(i).padStart(4, '0')}`, n: i % 7 }));
    sim.engine.seed('kv_test', docs);
    const page = await store.find('kv_test', {}, { orderBy: [['n', 'asc']], limit: 1000 });
    expect(page.items).toHaveLength(1000);
    expect(page.nextCursor).not.toBeNull();
    expect(sim.calls.map((c) => c.limit)).toEqual([1000, 1]);
    sim.calls.length = 0;
    const rest = await store.find('kv_test', {}, { orderBy: [['n', 'asc']], limit: 1000, cursor: page.nextCursor });
    expect(rest.items).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    expect(new Set([...page.items, ...rest.items].map((d) => d._id)).size).toBe(1001);
    // exactly 1000 matches: the probe finds nothing, so there is no next page
    sim.calls.length = 0;
    const exact = await store.find('kv_test', { _id: cond.ne('k1000') }, { limit: 1000 });
    expect(exact.nextCursor).toBeNull();
    expect(sim.calls).toHaveLength(2);
  });

  test('transaction: startTransaction, by-id requests carrying its transactionId (guard checked in JS), commitTransaction', async () => {
    const out = await store.transaction(async (tx) => {
      const sku = await tx.updateOne('skus', { _id: 'x', stock: cond.gte(2) }, { inc: { stock: -2 } });
      expect(await tx.get('skus', 'x')).toEqual(sku); // read back from the transaction's own copy: no request
      await tx.insert('skus', { _id: 'n1', productId: 'p3', stock: 2 });
      return sku;
    });
    expect(out).toEqual({ _id: 'x', productId: 'p1', stock: 3, price: 1250 });
    expect(sim.calls.map((c) => c.action)).toEqual([
      'database.startTransaction', 'database.getDocument', 'database.modifyDocument', 'database.insertDocument', 'database.commitTransaction',
    ]);
    const [start, get, modify, insert, commit] = sim.calls;
    expect(start).toMatchObject({ collection: '', params: {} });
    const transactionId = get.transactionId;
    expect(transactionId).toEqual(expect.any(String));
    expect(get).toMatchObject({
      collection: 'skus', queryEjson: { _id: 'x' }, multi: false, params: { queryType: 'DOC', transactionId },
    });
    // The cloud takes no where in a transaction: the query is the _id alone, the guard was checked on the read copy.
    expect(modify).toMatchObject({
      collection: 'skus', queryEjson: { _id: 'x' }, updateEjson: { $inc: { stock: int(-2) } }, multi: false,
      params: { queryType: 'DOC', merge: true, upsert: false, transactionId },
    });
    expect(insert).toMatchObject({
      collection: 'skus', docsEjson: [{ _id: 'n1', productId: 'p3', stock: int(2) }], params: { transactionId },
    });
    expect(commit).toMatchObject({ collection: '', params: { transactionId } });
    expect(sim.engine.dump('skus').find((d) => d._id === 'x')?.stock).toBe(3);
    expect(sim.engine.dump('skus').find((d) => d._id === 'n1')).toEqual({ _id: 'n1', productId: 'p3', stock: 2 });
  });

  test('transaction: a guard that fails on the read copy sends no modifyDocument', async () => {
    const out = await store.transaction(async (tx) => tx.updateOne('skus', { _id: 'y', stock: cond.gte(1) }, { inc: { stock: -1 } }));
    expect(out).toBeNull();
    expect(sim.calls.map((c) => c.action)).toEqual(['database.startTransaction', 'database.getDocument', 'database.commitTransaction']);
    expect(sim.calls[1].queryEjson).toEqual({ _id: 'y' });
    expect(sim.engine.dump('skus').find((d) => d._id === 'y')?.stock).toBe(0);
  });

  describe('invalid input throws StoreInputError and sends nothing', () => {
    const hostile = JSON.parse('{"$ne": ""}');
    const cases: Array<[string, (s: CloudStore) => Promise<unknown>]> = [
      ['get with {"$ne": ""} as the id', (s) => s.get('skus', hostile)],
      ['find with {"$ne": ""} as _id', (s) => s.find('skus', { _id: hostile })],
      ['count with an operator object', (s) => s.count('skus', { stock: { $gt: 0 } as never })],
      ['update with {"$ne": ""} as _id', (s) => s.update('skus', { _id: hostile }, { set: { stock: 0 } })],
      ['remove with {"$ne": ""} as _id', (s) => s.remove('skus', { _id: hostile })],
      ['a plain array as a value', (s) => s.find('skus', { stock: [1, 2] as never })],
      ['an unknown collection', (s) => s.find('no_such_collection', {})],
      ['get on an unknown collection', (s) => s.get('no_such_collection', 'x')],
      ['a bad field path', (s) => s.find('skus', { 'a; drop': 1 })],
      ['a bad cursor', (s) => s.find('skus', {}, { cursor: 'not-a-cursor' })],
      ['limit 0', (s) => s.find('skus', {}, { limit: 0 })],
      ['omitting _id', (s) => s.find('skus', {}, { omit: ['_id'] })],
      ['an insert without _id', (s) => s.insert('skus', { stock: 1 } as never)],
      ['a $-prefixed field name in a document', (s) => s.insert('skus', { _id: 'h', meta: hostile })],
      ['a dotted field name in a document', (s) => s.insert('skus', { _id: 'h', map: { 'a.b': 1 } })],
      ['a $-prefixed field name in a set value', (s) => s.update('skus', { _id: 'x' }, { set: { meta: hostile } })],
      ['a $-prefixed field name in a pushed value', (s) => s.update('skus', { _id: 'x' }, { push: { log: { $where: 'x' } } })],
      ['an update touching a path and its parent', (s) => s.update('skus', { _id: 'x' }, { set: { meta: {} }, inc: { 'meta.n': 1 } })],
      ['an update of _id', (s) => s.update('skus', { _id: 'x' }, { set: { _id: 'y' } })],
      ['an inc by NaN', (s) => s.update('skus', { _id: 'x' }, { inc: { stock: NaN } })],
      ['an empty update', (s) => s.update('skus', { _id: 'x' }, {})],
    ];
    test.each(cases)('%s', async (_name, run) => {
      await expect(run(store)).rejects.toBeInstanceOf(StoreInputError);
      expect(sim.calls).toEqual([]);
    });
  });
});
