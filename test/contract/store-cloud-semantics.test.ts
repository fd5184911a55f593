/**
 * Cloud adapter behaviour beyond the shared contract, through the real wx-server-sdk and the simulator:
 * pagination in the cloud's own sort order, value normalisation, and the known differences from the PG
 * adapter (asserted here so a change on either side is noticed; see the header of store-cloud.ts).
 */
import { CloudStore } from '../../cloudfunctions/adapters/store-cloud';
import { Doc, Filter, FindOptions, Store, StoreInputError, cond } from '../../cloudfunctions/ports/store';
import { CloudSim, bootCloudSim } from './cloud-sim/harness';

const C = 'kv_test';

async function all(store: Store, filter: Filter, options: FindOptions): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page: { items: Doc[]; nextCursor: string | null } = await store.find(C, filter, { ...options, cursor });
    seen.push(...page.items.map((d) => d._id));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return seen;
}

describe('cloud adapter semantics (wx-server-sdk -> simulator)', () => {
  let sim: CloudSim;
  let store: CloudStore;
  beforeEach(() => {
    sim = bootCloudSim();
    store = new CloudStore(sim.db);
  });

  test('mixed-type sort keys page in the cloud order: null/missing < numbers < strings < booleans', async () => {
    const docs: Doc[] = [
      { _id: 'm1' }, { _id: 'n1', v: null }, { _id: 'i2', v: 2 }, { _id: 'i10', v: 10 }, { _id: 'd25', v: 2.5 },
      { _id: 'sa', v: 'a' }, { _id: 'sB', v: 'B' }, { _id: 'se', v: 'é' }, { _id: 's10', v: '10' },
      { _id: 'bt', v: true }, { _id: 'bf', v: false }, { _id: 'm2' }, { _id: 'i2b', v: 2 },
    ];
    for (const d of docs) await store.insert(C, d);
    const asc = ['m1', 'm2', 'n1', 'i2', 'i2b', 'd25', 'i10', 's10', 'sB', 'sa', 'se', 'bf', 'bt'];
    const desc = ['bt', 'bf', 'se', 'sa', 'sB', 's10', 'i10', 'd25', 'i2', 'i2b', 'm1', 'm2', 'n1'];
    expect((await store.find(C, {}, { orderBy: [['v', 'asc']] })).items.map((d) => d._id)).toEqual(asc);
    expect((await store.find(C, {}, { orderBy: [['v', 'desc']] })).items.map((d) => d._id)).toEqual(desc);
    for (const limit of [1, 2, 3, 5]) {
      expect(await all(store, {}, { orderBy: [['v', 'asc']], limit })).toEqual(asc);
      expect(await all(store, {}, { orderBy: [['v', 'desc']], limit })).toEqual(desc);
      expect(await all(store, {}, { orderBy: [['v', 'desc'], ['_id', 'desc']], limit })).toEqual(
        ['bt', 'bf', 'se', 'sa', 'sB', 's10', 'i10', 'd25', 'i2b', 'i2', 'n1', 'm2', 'm1'],
      );
    }
  });

  test('several sort keys with missing values page exactly; a repeated sort key is ignored', async () => {
    const docs: Doc[] = [];
    for (let i = 0; i < 17; i++) {
      const d: Doc = { _id: `d${String(i).padStart(2, '0')}` };
      if (i % 3) d.g = i % 3 === 1 ? 'x' : 'y';
      if (i % 4) d.n = i % 5;
      docs.push(d);
    }
    for (const d of docs) await store.insert(C, d);
    const full = (await store.find(C, {}, { orderBy: [['g', 'desc'], ['n', 'asc']] })).items.map((d) => d._id);
    expect(full).toHaveLength(17);
    for (const limit of [1, 4, 16]) {
      expect(await all(store, {}, { orderBy: [['g', 'desc'], ['n', 'asc']], limit })).toEqual(full);
      expect(await all(store, {}, { orderBy: [['g', 'desc'], ['n', 'asc'], ['g', 'asc']], limit })).toEqual(full);
    }
  });

  test('has matches arrays holding the value only, never a scalar equal to it (as in PG)', async () => {
    await store.insert(C, { _id: 'arr', tag: ['red', 'big'] });
    await store.insert(C, { _id: 'scalar', tag: 'red' });
    await store.insert(C, { _id: 'nested', tag: [['red']] });
    expect((await store.find(C, { tag: cond.has('red') })).items.map((d) => d._id)).toEqual(['arr']);
    expect(await store.count(C, { tag: cond.has('big') })).toBe(1);
  });

  test('values are stored as JSON, as the PG adapter stores them', async () => {
    const when = new Date(Date.UTC(2026, 0, 2));
    await store.insert(C, { _id: 'j', keep: 1, gone: undefined, nan: NaN, at: when as never, list: [undefined as never, 2] });
    expect(await store.get(C, 'j')).toEqual({ _id: 'j', keep: 1, nan: null, at: '2026-01-02T00:00:00.000Z', list: [null, 2] });
    await store.update(C, { _id: 'j' }, { set: { nothing: undefined as never, deep: { a: undefined, b: 1 } as never } });
    expect(await store.get(C, 'j')).toMatchObject({ nothing: null, deep: { b: 1 } });
  });

  test('get of an empty id is null; clearAll empties every collection', async () => {
    expect(await store.get(C, '')).toBeNull();
    await store.insert(C, { _id: 'a' });
    await store.insert('skus', { _id: 's', stock: 1 });
    await store.clearAll();
    expect(await store.count(C, {})).toBe(0);
    expect(await store.count('skus', {})).toBe(0);
  });

  test('an update that would violate a unique index changes nothing and returns 0', async () => {
    await store.insert(C, { _id: 'a', owner: 'u', key: 'k1' });
    await store.insert(C, { _id: 'b', owner: 'u', key: 'k2' });
    expect(await store.update(C, { _id: 'b' }, { set: { key: 'k1' } })).toBe(0);
    expect(await store.get(C, 'b')).toEqual({ _id: 'b', owner: 'u', key: 'k2' });
  });

  test('a request the cloud refuses surfaces as the SDK error, not as a StoreInputError', async () => {
    // the simulator declares the same collections as schema.ts; a collection missing in the cloud fails there
    const bare = bootCloudSim({ collections: [] });
    const s = new CloudStore(bare.db);
    await expect(s.find(C, {})).rejects.toThrow(/not exist/);
    await expect(s.find(C, {})).rejects.not.toBeInstanceOf(StoreInputError);
  });

  describe('known differences from the PG adapter (documented in store-cloud.ts)', () => {
    test('1. scalar filters on an array field match by element (PG compares the whole value)', async () => {
      await store.insert(C, { _id: 'a', tag: ['red', 'big'] });
      expect(await store.count(C, { tag: 'red' })).toBe(1);
      expect(await store.count(C, { tag: cond.ne('red') })).toBe(0);
      expect(await store.count(C, { tag: cond.in(['big']) })).toBe(1);
    });

    test('3. update counts modified documents: setting a value already there counts 0 (PG: 1)', async () => {
      await store.insert(C, { _id: 'a', status: 'paid' });
      expect(await store.update(C, { _id: 'a' }, { set: { status: 'paid' } })).toBe(0);
      expect(await store.update(C, { _id: 'a', status: 'paid' }, { set: { status: 'shipped' } })).toBe(1);
      const matched = bootCloudSim({ updatedCounts: 'matched' });
      const s = new CloudStore(matched.db);
      await s.insert(C, { _id: 'a', status: 'paid' });
      expect(await s.update(C, { _id: 'a' }, { set: { status: 'paid' } })).toBe(1);
    });

    test('4. inc on a non-number, push on a non-array, set below a scalar: the cloud refuses (PG replaces)', async () => {
      await store.insert(C, { _id: 'a', s: 'text', n: 5 });
      await expect(store.update(C, { _id: 'a' }, { inc: { s: 1 } })).rejects.toThrow(/non-numeric/);
      await expect(store.update(C, { _id: 'a' }, { push: { s: 1 } })).rejects.toThrow(/must be an array/);
      await expect(store.update(C, { _id: 'a' }, { set: { 'n.deeper': 1 } })).rejects.toThrow(/Cannot create field/);
      expect(await store.get(C, 'a')).toEqual({ _id: 'a', s: 'text', n: 5 });
    });

    test('5. unique indexes: missing fields index as null (dense) - create them sparse in the cloud', async () => {
      const dense = new CloudStore(bootCloudSim({ uniqueIndexes: 'dense' }).db);
      expect(await dense.insert(C, { _id: 'a' })).toEqual({ ok: true, id: 'a' });
      expect(await dense.insert(C, { _id: 'b' })).toMatchObject({ ok: false, code: 'CONFLICT' });
      const sparse = new CloudStore(bootCloudSim({ uniqueIndexes: 'sparse' }).db);
      expect(await sparse.insert(C, { _id: 'a' })).toEqual({ ok: true, id: 'a' });
      expect(await sparse.insert(C, { _id: 'b' })).toEqual({ ok: true, id: 'b' });
      // sparse still indexes a document holding one of the fields: (u, missing) twice conflicts (PG: no)
      expect(await sparse.insert(C, { _id: 'c', owner: 'u' })).toEqual({ ok: true, id: 'c' });
      expect(await sparse.insert(C, { _id: 'd', owner: 'u' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    });

    test('6. a multi-document update stopped by a unique index leaves the documents before it updated', async () => {
      await store.insert(C, { _id: 'a', owner: 'u', key: 'k1', grp: 1 });
      await store.insert(C, { _id: 'b', owner: 'v', key: 'k1', grp: 1 });
      await store.insert(C, { _id: 'c', owner: 'w', key: 'k9', grp: 1 });
      expect(await store.update(C, { grp: 1 }, { set: { owner: 'z' } })).toBe(0);
      expect((await store.get(C, 'a'))?.owner).toBe('z');
      expect((await store.get(C, 'b'))?.owner).toBe('v');
    });
  });
});
