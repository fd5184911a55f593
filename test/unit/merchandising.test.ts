/** domain/merchandising: in-app links, the product page's shipping figures, the best claimable coupon for a product. */
import type { CouponScope } from '../../typings/api';
import {
  bestClaimableCoupon,
  couponCoversProduct,
  discountOnPrice,
  isBannerImage,
  isInAppLink,
  productShipping,
  rankCouponsForProduct,
  type CouponOffer,
} from '../../cloudfunctions/domain/merchandising';

describe('isInAppLink', () => {
  it('accepts page paths of this mini program, with a plain or %-encoded query', () => {
    for (const ok of [
      '/packages/coupon/pages/center/index',
      '/packages/goods/pages/detail/index?id=p-earbuds-pro',
      '/packages/goods/pages/search/index?keyword=%E8%80%B3%E6%9C%BA',
      '/pages/category/index',
      '/pages/home/index',
    ]) expect(isInAppLink(ok)).toBe(true);
  });

  it('refuses URLs, other schemes, relative and odd paths', () => {
    for (const bad of [
      'https://evil.example/x',
      'http://127.0.0.1/packages/goods/pages/detail/index',
      '//evil.example/pages/home/index',
      'javascript:alert(1)',
      'plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin',
      'pages/home/index',
      '/pages/../secret/index',
      '/pages/home/index#x',
      '/pages/home/index?a=<b>',
      '/pages/home/index?a=%zz',
      '/pages/home/other',
      '/packages/goods/pages/detail/index?id=1 2',
      '',
      '/pages/home/index?' + 'a'.repeat(300),
      42,
      null,
      { toString: () => '/pages/home/index' },
    ]) expect(isInAppLink(bad)).toBe(false);
  });

  it('banner images are local paths, https or cloud file ids', () => {
    expect(isBannerImage('/static/img/b.svg?bg=e11d48&t=x&w=750&h=300')).toBe(true);
    expect(isBannerImage('https://cdn.example/b.jpg')).toBe(true);
    expect(isBannerImage('cloud://env.bucket/b.jpg')).toBe(true);
    for (const bad of ['http://cdn.example/b.jpg', 'javascript:x', '/etc/passwd', 'data:image/png;base64,xx', '']) expect(isBannerImage(bad)).toBe(false);
  });
});

describe('productShipping', () => {
  const rule = { flatFee: 800, freeOver: 9900 };
  it('a product below the free-shipping subtotal pays the flat fee and says from where it is free', () => {
    expect(productShipping(rule, 5900)).toEqual({ fee: 800, freeOver: 9900 });
  });
  it('a product that alone reaches the subtotal ships free', () => {
    expect(productShipping(rule, 9900)).toEqual({ fee: 0, freeOver: 9900 });
    expect(productShipping(rule, 29900)).toEqual({ fee: 0, freeOver: 9900 });
  });
  it('no flat fee: always free; no threshold: always the fee', () => {
    expect(productShipping({ flatFee: 0, freeOver: 9900 }, 100)).toEqual({ fee: 0, freeOver: 0 });
    expect(productShipping({ flatFee: 600, freeOver: 0 }, 99999)).toEqual({ fee: 600, freeOver: 0 });
  });
});

const offer = (o: Partial<CouponOffer> & { name: string }): CouponOffer & { name: string } => ({
  kind: 'amount_off', threshold: 0, amountOff: 100, discountBps: null, maxOff: null, scope: { type: 'all' }, state: 'claimable', ...o,
});
const product = { id: 'tee', categoryPath: ['fashion', 'tops'], priceMin: 7900 };

describe('coupons for a product', () => {
  it('scope: all, a category on the product path, or the product itself', () => {
    const covers = (scope: CouponScope) => couponCoversProduct(scope, product);
    expect(covers({ type: 'all' })).toBe(true);
    expect(covers({ type: 'categories', ids: ['fashion'] })).toBe(true);
    expect(covers({ type: 'categories', ids: ['tops'] })).toBe(true);
    expect(covers({ type: 'categories', ids: ['food'] })).toBe(false);
    expect(covers({ type: 'products', ids: ['tee'] })).toBe(true);
    expect(covers({ type: 'products', ids: ['cable'] })).toBe(false);
  });

  it('discount on one piece: amount off within the price, percent rounded down and capped, 0 below the threshold', () => {
    expect(discountOnPrice(offer({ name: 'a', amountOff: 2000 }), 7900)).toBe(2000);
    expect(discountOnPrice(offer({ name: 'a', amountOff: 9000 }), 7900)).toBe(7900);
    expect(discountOnPrice(offer({ name: 'p', kind: 'percent_off', amountOff: null, discountBps: 1000 }), 7999)).toBe(799);
    expect(discountOnPrice(offer({ name: 'p', kind: 'percent_off', amountOff: null, discountBps: 5000, maxOff: 1000 }), 7900)).toBe(1000);
    expect(discountOnPrice(offer({ name: 't', threshold: 19900, amountOff: 3000 }), 7900)).toBe(0);
  });

  it('ranks claimable before claimed before sold out, then the larger discount, then the lower threshold', () => {
    const items = [
      offer({ name: 'far', threshold: 19900, amountOff: 3000 }),
      offer({ name: 'gone', amountOff: 5000, state: 'sold_out' }),
      offer({ name: 'mine', amountOff: 4000, state: 'claimed' }),
      offer({ name: 'five', amountOff: 500 }),
      offer({ name: 'food', amountOff: 9000, scope: { type: 'categories', ids: ['food'] } }),
      offer({ name: 'tee10', kind: 'percent_off', amountOff: null, discountBps: 1000 }),
      offer({ name: 'far2', threshold: 9900, amountOff: 3000 }),
    ];
    const ranked = rankCouponsForProduct(items, product);
    expect(ranked.map((c) => [c.name, c.discount])).toEqual([
      ['tee10', 790],
      ['five', 500],
      ['far2', 0],
      ['far', 0],
      ['mine', 4000],
      ['gone', 5000],
    ]);
    expect(bestClaimableCoupon(items, product)?.name).toBe('tee10');
  });

  it('no claimable coupon in scope: no best', () => {
    expect(bestClaimableCoupon([offer({ name: 'mine', state: 'claimed' }), offer({ name: 'x', scope: { type: 'products', ids: ['cable'] } })], product)).toBeNull();
    expect(bestClaimableCoupon([], product)).toBeNull();
  });
});
