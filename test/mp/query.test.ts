/** utils/query.ts: the product id from a link, a share card or a mini program code scene. */
import { productIdFromQuery } from '../../miniprogram/utils/query';

test('id from ?id=', () => {
  expect(productIdFromQuery({ id: 'tee' })).toBe('tee');
});

test('id from a mini program code scene: "id=..." or the bare id, URI-encoded', () => {
  expect(productIdFromQuery({ scene: encodeURIComponent('id=tee&s=abc') })).toBe('tee');
  expect(productIdFromQuery({ scene: encodeURIComponent('s=abc&id=tee') })).toBe('tee');
  expect(productIdFromQuery({ scene: 'tee' })).toBe('tee');
});

test('nothing usable: null', () => {
  expect(productIdFromQuery({})).toBeNull();
  expect(productIdFromQuery({ scene: encodeURIComponent('s=abc') })).toBeNull();
  expect(productIdFromQuery({ scene: '' })).toBeNull();
  expect(productIdFromQuery({ id: '' })).toBeNull();
});

test('a malformed escape does not throw', () => {
  expect(productIdFromQuery({ scene: '%E0%A4%A' })).toBe('%E0%A4%A');
});
