import { categoryPath, fixtureProblems } from '../../cloudfunctions/local/seed';
import { Fixture } from '../../cloudfunctions/local/fixture';

test('categoryPath lists ancestors root first', () => {
  const parents = new Map<string, string | null>([['a', null], ['b', 'a'], ['c', 'b']]);
  expect(categoryPath('c', parents)).toEqual(['a', 'b', 'c']);
  expect(categoryPath('a', parents)).toEqual(['a']);
});

test('fixtureProblems finds unknown references, duplicates, parent loops and inconsistent SKUs', () => {
  const f = Fixture.parse({
    categories: [{ id: 'a', name: 'A', parentId: 'b' }, { id: 'b', name: 'B', parentId: 'a' }, { id: 'c', name: 'C', parentId: 'zz' }],
    products: [
      { id: 'p', categoryId: 'nope', title: 't', images: ['/x'], skus: [{ id: 's', specs: { 色: '红' }, price: 1, stock: 1 }, { id: 's', specs: { 色: '红' }, price: 1, stock: 1 }] },
    ],
  });
  const problems = fixtureProblems(f);
  expect(problems).toEqual(expect.arrayContaining([
    'category a: parent chain loops',
    'category c: unknown parentId zz',
    'product p: unknown categoryId nope',
    'duplicate sku id s',
    expect.stringMatching(/^product p: duplicate spec combination/),
  ]));
});
