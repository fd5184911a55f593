/**
 * The cloud adapter's transactions beyond the shared contract, through the real wx-server-sdk and the simulator:
 * the SDK's conflict retries, isolation from other writers, a failed write the body swallows, and the guard and
 * ops the adapter evaluates in JS (a transaction takes no `where`) against the simulator's MongoDB semantics.
 */
import fc from 'fast-check';
import { CloudStore } from '../../cloudfunctions/adapters/store-cloud';
import { Cond, Doc, DuplicateKeyError, Filter, Scalar, StoreInputError, TxConflictError, UpdateOps, cond } from '../../cloudfunctions/ports/store';
import { CloudSim, bootCloudSim } from './cloud-sim/harness';

const C = 'kv_test';
const actions = (sim: CloudSim) => sim.calls.map((c) => c.action.replace('database.', ''));

describe('cloud adapter transactions (wx-server-sdk -> simulator)', () => {
  let sim: CloudSim;
  let store: CloudStore;
  beforeEach(async () => {
    sim = bootCloudSim();
    store = new CloudStore(sim.db);
    await store.insert(C, { _id: 'sku', stock: 5 });
    sim.calls.length = 0;
  });

  test('a write committed by someone else after the transaction read the document: the SDK re-runs the body', async () => {
    let runs = 0;
    const out = await store.transaction(async (tx) => {
      runs++;
      const sku = await tx.get(C, 'sku');
      if (runs === 1) await store.update(C, { _id: 'sku' }, { inc: { stock: -1 } }); // another writer, outside
      return tx.updateOne(C, { _id: 'sku', stock: sku!.stock as number }, { inc: { stock: -2 } });
    });
    expect(runs).toBe(2);
    expect(out).toEqual({ _id: 'sku', stock: 2 });
    expect(await store.get(C, 'sku')).toEqual({ _id: 'sku', stock: 2 });
    expect(actions(sim).filter((a) => a.endsWith('Transaction'))).toEqual(['startTransaction', 'commitTransaction', 'startTransaction', 'commitTransaction']);
    expect(sim.engine.openTransactions()).toBe(0);
  });

  test('a conflict on every attempt: 1 + 3 retries, then TxConflictError; nothing of the body lands', async () => {
    let runs = 0;
    const err = await store.transaction(async (tx) => {
      runs++;
      await tx.updateOne(C, { _id: 'sku' }, { inc: { stock: -1 } });
      await tx.insert(C, { _id: `order-${runs}` });
      await store.update(C, { _id: 'sku' }, { set: { touched: runs } });
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TxConflictError);
    expect(runs).toBe(4);
    expect(await store.get(C, 'sku')).toEqual({ _id: 'sku', stock: 5, touched: 4 });
    expect(await store.count(C, { _id: cond.in(['order-1', 'order-2', 'order-3', 'order-4']) })).toBe(0);
    expect(sim.engine.openTransactions()).toBe(0);
  });

  test('others do not see the transaction\'s writes before its commit; reads inside are repeatable', async () => {
    await store.transaction(async (tx) => {
      await tx.updateOne(C, { _id: 'sku' }, { set: { stock: 1 } });
      await tx.insert(C, { _id: 'order' });
      expect(await store.get(C, 'sku')).toEqual({ _id: 'sku', stock: 5 });
      expect(await store.get(C, 'order')).toBeNull();
      await store.insert(C, { _id: 'other', n: 1 });
      expect(await tx.get(C, 'other')).toEqual({ _id: 'other', n: 1 });
      await store.update(C, { _id: 'other' }, { set: { n: 2 } });
      expect(await tx.get(C, 'other')).toEqual({ _id: 'other', n: 1 }); // only read, never written: no conflict
    });
    expect(await store.get(C, 'sku')).toEqual({ _id: 'sku', stock: 1 });
    expect(await store.get(C, 'order')).toEqual({ _id: 'order' });
    expect(await store.get(C, 'other')).toEqual({ _id: 'other', n: 2 });
  });

  test('a body that throws: abortTransaction is sent, never commitTransaction', async () => {
    const boom = new Error('boom');
    await expect(store.transaction(async (tx) => {
      await tx.updateOne(C, { _id: 'sku' }, { inc: { stock: -1 } });
      throw boom;
    })).rejects.toBe(boom);
    expect(actions(sim)).toEqual(['startTransaction', 'getDocument', 'modifyDocument', 'abortTransaction']);
    expect(await store.get(C, 'sku')).toEqual({ _id: 'sku', stock: 5 });
    expect(sim.engine.openTransactions()).toBe(0);
  });

  test('a duplicate key the body catches still aborts the transaction with DuplicateKeyError', async () => {
    await store.insert(C, { _id: 'first', owner: 'u1', key: 'k' });
    const err = await store.transaction(async (tx) => {
      await tx.updateOne(C, { _id: 'sku' }, { inc: { stock: -1 } });
      await tx.insert(C, { _id: 'second', owner: 'u1', key: 'k' }).catch(() => undefined);
      return 'carried on';
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuplicateKeyError);
    expect(await store.get(C, 'sku')).toEqual({ _id: 'sku', stock: 5 });
    expect(await store.get(C, 'second')).toBeNull();
  });

  test('an update hitting a unique index inside aborts the transaction with DuplicateKeyError', async () => {
    await store.insert(C, { _id: 'first', owner: 'u1', key: 'k' });
    await store.insert(C, { _id: 'second', owner: 'u1', key: 'j' });
    const err = await store.transaction(async (tx) => {
      await tx.updateOne(C, { _id: 'sku' }, { inc: { stock: -1 } });
      await tx.updateOne(C, { _id: 'second' }, { set: { key: 'k' } });
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuplicateKeyError);
    expect(await store.get(C, 'sku')).toEqual({ _id: 'sku', stock: 5 });
  });

  test('the adapter\'s refusals apply inside a transaction and send no write', async () => {
    const hostile = JSON.parse('{"$ne": ""}');
    const cases: Array<(tx: Parameters<Parameters<CloudStore['transaction']>[0]>[0]) => Promise<unknown>> = [
      (tx) => tx.get(C, hostile),
      (tx) => tx.updateOne(C, { _id: hostile }, { set: { n: 1 } }),
      (tx) => tx.updateOne(C, { _id: 'sku', stock: { $gt: 0 } as never }, { set: { n: 1 } }),
      (tx) => tx.updateOne(C, { _id: 'sku' }, { set: { meta: hostile } }),
      (tx) => tx.updateOne(C, { _id: 'sku' }, { set: { meta: {} }, inc: { 'meta.n': 1 } }),
      (tx) => tx.updateOne('no_such_collection', { _id: 'sku' }, { set: { n: 1 } }),
      (tx) => tx.insert(C, { _id: 'h', map: { 'a.b': 1 } }),
    ];
    for (const run of cases) {
      sim.calls.length = 0;
      await expect(store.transaction(run)).rejects.toBeInstanceOf(StoreInputError);
      expect(actions(sim)).toEqual(['startTransaction', 'abortTransaction']);
    }
    expect(sim.engine.openTransactions()).toBe(0);
  });

  test('a field path named __proto__ is a field: applying the ops in JS pollutes no prototype', async () => {
    const after = await store.transaction((tx) => tx.updateOne(C, { _id: 'sku', '__proto__.x': cond.exists(false) }, {
      set: { '__proto__.polluted': 1 }, inc: { 'constructor.n': 1 }, unset: ['__proto__.toString'],
    }));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof Object.prototype.toString).toBe('function');
    expect(Object.getPrototypeOf(after)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(after, '__proto__')?.value).toEqual({ polluted: 1 });
    expect(after?.constructor).toEqual({ n: 1 });
    const stored = sim.engine.dump(C).find((d) => d._id === 'sku')!;
    expect(Object.getOwnPropertyDescriptor(stored, '__proto__')?.value).toEqual({ polluted: 1 });
  });

  test('where() inside a transaction: a get is refused by the simulator; an update leaves the transaction (SDK trap)', async () => {
    type RawTx = { collection(n: string): { where(q: object): { get(): Promise<unknown>; update(o: object): Promise<unknown> } } };
    const raw = sim.db as unknown as { runTransaction(cb: (t: RawTx) => Promise<unknown>): Promise<unknown> };
    await expect(raw.runTransaction((t) => t.collection(C).where({ stock: 5 }).get())).rejects.toThrow(/by _id only/);
    sim.calls.length = 0;
    // @cloudbase/database's Query.update/remove never send the transactionId: this write runs outside the
    // transaction and stays even though the transaction is aborted. The adapter uses doc(id) only.
    await expect(raw.runTransaction(async (t) => {
      await t.collection(C).where({ stock: 5 }).update({ data: { stock: 4 } });
      throw new Error('abort');
    })).rejects.toThrow('abort');
    const update = sim.calls.find((c) => c.action === 'database.modifyDocument');
    expect(update?.transactionId).toBeUndefined();
    expect(actions(sim)).toEqual(['startTransaction', 'modifyDocument', 'abortTransaction']);
    expect(await store.get(C, 'sku')).toEqual({ _id: 'sku', stock: 4 });
  });
});

// ---- the JS guard and ops against the simulator's MongoDB semantics ----------------------------------------

const MISSING = Symbol('missing');
type Maybe<T> = T | typeof MISSING;
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<Maybe<T>> => fc.oneof(fc.constant(MISSING), arb);
const scalar = fc.constantFrom<Scalar>(null, true, false, 0, 1, 2, -3, 2.5, '', 'a', 'B', 'b', 'é', '😀', '\uff01', '10', '9');
// '😀' (U+1F600) sorts after '\uff01' by code point (MongoDB, PG's C collation) but before it in UTF-16 units.
const rangeValue = fc.constantFrom<number | string>(0, 1, 2, -3, 2.5, '', 'a', 'B', 'é', '😀', '\uff01', '\uff01', '10');

const fieldsArb = fc.record({
  n: maybe(scalar),
  s: maybe(fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }))),
  deep: maybe(fc.oneof(
    fc.constant({}), fc.constant([]), scalar, scalar.map((v) => ({ v })),
    fc.array(fc.oneof(scalar.map((v) => ({ v })), fc.constant({ w: 1 }), scalar), { maxLength: 3 }),
  )),
  tags: maybe(fc.array(fc.constantFrom<Scalar>('a', 'b', 1, null), { maxLength: 3 })),
  c: maybe(fc.integer({ min: -3, max: 3 })),
  l: maybe(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 2 })),
  o: maybe(fc.oneof(fc.constant({}), fc.integer({ min: 0, max: 2 }).map((p) => ({ p })))),
  z: maybe(fc.constant(true)),
});

const condArb: fc.Arbitrary<Scalar | Cond> = fc.oneof(
  scalar,
  scalar.map(cond.ne),
  rangeValue.map(cond.gt), rangeValue.map(cond.gte), rangeValue.map(cond.lt), rangeValue.map(cond.lte),
  fc.array(scalar, { maxLength: 3 }).map(cond.in),
  fc.array(scalar, { maxLength: 3 }).map(cond.nin),
  fc.boolean().map(cond.exists),
  scalar.map(cond.has),
);
const filterArb = fc.array(fc.record({ path: fc.constantFrom('n', 's', 'deep', 'deep.v', 'tags', 'c', 'o.p'), c: condArb }), { maxLength: 3 })
  .map((terms): Filter => {
    const filter: Filter = {};
    for (const { path, c } of terms) {
      const prev = filter[path];
      if (prev === undefined) filter[path] = c;
      else if (c instanceof Cond) filter[path] = [...(Array.isArray(prev) ? prev : prev instanceof Cond ? [prev] : []), c];
    }
    return filter;
  });

const opsArb = fc.record({
  x: maybe(fc.constantFrom<unknown>(null, 1, 'a', [1, 2], { k: [1] }, {})),
  op: maybe(fc.integer({ min: 0, max: 2 })),
  oqr: maybe(fc.constantFrom(1, 'r')),
  c: maybe(fc.constantFrom(-2, 1, 0.5)),
  l: maybe(fc.constantFrom<unknown>(null, 1, [1, 2], { k: 1 })),
  z: fc.boolean(),
}).map((r): UpdateOps => {
  const ops: UpdateOps = {};
  const set: Record<string, never> = {};
  if (r.x !== MISSING) set.x = r.x as never;
  if (r.op !== MISSING) set['o.p'] = r.op as never;
  if (r.oqr !== MISSING) set['o.q.r'] = r.oqr as never;
  if (Object.keys(set).length) ops.set = set;
  if (r.c !== MISSING) ops.inc = { c: r.c };
  if (r.l !== MISSING) ops.push = { l: r.l as never };
  if (r.z) ops.unset = ['z'];
  return ops;
}).filter((ops) => Object.keys(ops).length > 0);

const build = (id: string, fields: Record<string, Maybe<unknown>>): Doc => {
  const d: Doc = { _id: id };
  for (const [k, v] of Object.entries(fields)) if (v !== MISSING) d[k] = v;
  return d;
};

test('tx.updateOne: the guard checked in JS matches as the cloud\'s where does; the answered document is the stored one', async () => {
  const sim = bootCloudSim();
  const store = new CloudStore(sim.db);
  await fc.assert(fc.asyncProperty(fieldsArb, filterArb, opsArb, async (fields, filter, ops) => {
    sim.engine.reset();
    // Twins: 'in' is updated in a transaction (guard in JS), 'out' by the plain guarded update (where in the cloud).
    await store.insert(C, build('in', fields));
    await store.insert(C, build('out', fields));
    const matched = await store.count(C, { ...filter, _id: 'out' });
    const plain = await store.update(C, { ...filter, _id: 'out' }, ops).then(() => 'ok', (e: Error) => e.message);
    const inTx = await store.transaction((tx) => tx.updateOne(C, { ...filter, _id: 'in' }, ops)).catch((e: Error) => e.message);
    const [stored, twin] = [await store.get(C, 'in'), await store.get(C, 'out')];
    expect({ filter, ops, matched: inTx !== null }).toEqual({ filter, ops, matched: matched === 1 });
    if (plain !== 'ok') {
      // The cloud refused the update (not a case the port promises to handle): refused in the transaction too.
      expect({ filter, ops, inTx: typeof inTx }).toEqual({ filter, ops, inTx: 'string' });
      expect(stored).toEqual(build('in', fields));
      return;
    }
    expect({ filter, ops, inTx }).toEqual({ filter, ops, inTx: matched === 1 ? stored : null });
    expect({ ...stored, _id: 'x' }).toEqual({ ...twin, _id: 'x' });
  }), { numRuns: 1500 });
}, 120_000);

test('tx.updateOne guard edge cases agree with the cloud\'s where: code point order, arrays, null and missing', async () => {
  const sim = bootCloudSim();
  const store = new CloudStore(sim.db);
  const cases: Array<[Record<string, unknown>, Filter]> = [
    [{ n: '😀' }, { n: cond.gt('\uff01') }], [{ n: '😀' }, { n: cond.lt('\uff01') }], [{ n: '\uff01' }, { n: cond.gte('😀') }],
    [{ n: 'b' }, { n: cond.gt('B') }], [{ n: 'é' }, { n: cond.lte('z') }], [{ n: 2 }, { n: cond.gt('1') }], [{ n: '2' }, { n: cond.gt(1) }],
    [{ n: [] }, { n: null }], [{ n: [] }, { 'n.v': null }], [{ n: [] }, { 'n.v': cond.exists(false) }], [{ n: [] }, { n: cond.exists(true) }],
    [{ n: [null] }, { n: null }], [{ n: [null] }, { n: cond.has(null) }], [{}, { n: cond.has(null) }], [{ n: null }, { n: cond.has(null) }],
    [{ n: 'a' }, { n: cond.has('a') }], [{ n: ['a', 'b'] }, { n: 'a' }], [{ n: ['a', 'b'] }, { n: cond.ne('a') }],
    [{ n: [1, 5] }, { n: [cond.gt(2), cond.lt(4)] }], [{ n: [[1]] }, { n: 1 }], [{ n: [[1]] }, { n: cond.has(1) }],
    [{ n: [{ v: 1 }, { w: 2 }] }, { 'n.v': null }], [{ n: [{ v: 1 }, { w: 2 }] }, { 'n.v': cond.exists(true) }],
    [{ n: [{ v: 1 }, 3] }, { 'n.v': cond.nin([1]) }], [{ n: { v: [2] } }, { 'n.v': cond.in([2]) }],
    [{ n: {} }, { 'n.constructor': cond.exists(true) }], [{ n: [{}] }, { 'n.constructor': cond.exists(true) }],
    [{ n: true }, { n: cond.in([1]) }], [{ n: 0 }, { n: false }], [{ n: 1 }, { n: 1.0 }], [{ n: 'x' }, { n: cond.nin([]) }], [{ n: 'x' }, { n: cond.in([]) }],
  ];
  for (const [fields, filter] of cases) {
    sim.engine.reset();
    await store.insert(C, { _id: 'd', ...fields });
    const matched = await store.count(C, { ...filter, _id: 'd' });
    const after = await store.transaction((tx) => tx.updateOne(C, { ...filter, _id: 'd' }, { set: { hit: true } }));
    expect({ fields, filter, matched: after !== null }).toEqual({ fields, filter, matched: matched === 1 });
  }
});
