/**
 * utils/query.ts: the product id from a link, a share card or a mini program code scene; and the goods package's
 * share query (packages/goods/utils/share.ts), which carries what Moments' single-page view shows.
 */
import { productIdFromQuery } from '../../miniprogram/utils/query';
import { SHARE_TITLE_MAX, sharedProductFromQuery, timelineQuery } from '../../miniprogram/packages/goods/utils/share';

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

describe('the Moments share query', () => {
  /** How WeChat hands a share's query to onLoad: split on & and =, each value as it was written. */
  const parse = (q: string): Record<string, string> => Object.fromEntries(q.split('&').map((kv) => kv.split('=') as [string, string]));

  test('carries id, title, price in fen and image, and comes back as the shared product', () => {
    const q = timelineQuery({ id: 'tee', title: '纯棉短袖 T 恤', price: { min: 5900, max: 7900 }, image: 'https://cdn.example.com/tee 1.png' });
    expect(q).toBe(`id=tee&t=${encodeURIComponent('纯棉短袖 T 恤')}&p=5900-7900&img=${encodeURIComponent('https://cdn.example.com/tee 1.png')}`);
    expect(sharedProductFromQuery(parse(q))).toEqual({ id: 'tee', title: '纯棉短袖 T 恤', price: { min: 5900, max: 7900 }, image: 'https://cdn.example.com/tee 1.png' });
    const single = timelineQuery({ id: 'cable', title: '数据线', price: { min: 1990, max: 1990 } });
    expect(single).toBe(`id=cable&t=${encodeURIComponent('数据线')}&p=1990`);
    expect(sharedProductFromQuery(parse(single))).toEqual({ id: 'cable', title: '数据线', price: { min: 1990, max: 1990 }, image: '' });
  });

  test('stays short: the title is cut', () => {
    const q = timelineQuery({ id: 'x', title: '长'.repeat(60), price: { min: 1, max: 1 } });
    expect(sharedProductFromQuery(parse(q)).title).toBe('长'.repeat(SHARE_TITLE_MAX));
    expect(q.length).toBeLessThan(250);
  });

  test('junk in a hand-made query shows nothing wrong: no price, no foreign image scheme', () => {
    expect(sharedProductFromQuery({ id: 'x', t: '%E0%A4%A', p: '12.5', img: encodeURIComponent('javascript:alert(1)') })).toEqual({
      id: 'x',
      title: '%E0%A4%A',
      price: null,
      image: '',
    });
    expect(sharedProductFromQuery({ p: '900-100' }).price).toBeNull();
  });
});
