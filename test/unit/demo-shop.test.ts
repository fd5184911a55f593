import { DEMO_SHOP } from '../../cloudfunctions/local/demo-shop';
import { Fixture } from '../../cloudfunctions/local/fixture';

const shop = Fixture.parse(DEMO_SHOP);
const allSkus = shop.products.flatMap((p) => p.skus.map((s) => ({ product: p, sku: s })));
const IMG = /^\/static\/img\/[a-z0-9-]+\.svg\?bg=[0-9a-f]{6}&t=[^&\s]+$/;

describe('DEMO_SHOP', () => {
  it('parses with the Fixture schema', () => {
    expect(() => Fixture.parse(DEMO_SHOP)).not.toThrow();
  });

  it('has >= 4 top-level categories, each with 1-2 sub-categories whose parent exists', () => {
    const ids = new Set(shop.categories.map((c) => c.id));
    expect(ids.size).toBe(shop.categories.length);
    const top = shop.categories.filter((c) => !c.parentId);
    expect(top.length).toBeGreaterThanOrEqual(4);
    for (const t of top) {
      const subs = shop.categories.filter((c) => c.parentId === t.id);
      expect(subs.length).toBeGreaterThanOrEqual(1);
      expect(subs.length).toBeLessThanOrEqual(2);
    }
    for (const c of shop.categories) if (c.parentId) expect(ids.has(c.parentId)).toBe(true);
  });

  it('has >= 24 on-sale products, some off-sale, every categoryId existing and product ids unique', () => {
    const catIds = new Set(shop.categories.map((c) => c.id));
    expect(shop.products.filter((p) => p.onSale !== false).length).toBeGreaterThanOrEqual(24);
    expect(shop.products.some((p) => p.onSale === false)).toBe(true);
    for (const p of shop.products) expect(catIds.has(p.categoryId)).toBe(true);
    expect(new Set(shop.products.map((p) => p.id)).size).toBe(shop.products.length);
    // every top-level category has products under it
    for (const top of shop.categories.filter((c) => !c.parentId)) {
      const family = new Set(shop.categories.filter((c) => c.id === top.id || c.parentId === top.id).map((c) => c.id));
      expect(shop.products.filter((p) => family.has(p.categoryId)).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('has SKU ids unique across the whole shop', () => {
    const ids = allSkus.map(({ sku }) => sku.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every multi-SKU product the same spec names and distinct spec combinations', () => {
    for (const p of shop.products) {
      if (p.skus.length < 2) continue;
      const names = Object.keys(p.skus[0].specs).sort();
      expect(names.length).toBeGreaterThan(0);
      const combos = new Set<string>();
      for (const s of p.skus) {
        expect(Object.keys(s.specs).sort()).toEqual(names);
        combos.add(JSON.stringify(names.map((n) => s.specs[n])));
      }
      expect(combos.size).toBe(p.skus.length);
    }
  });

  it('mixes multi-spec and single-SKU products', () => {
    const single = shop.products.filter((p) => p.skus.length === 1 && Object.keys(p.skus[0].specs).length === 0);
    const multi = shop.products.filter((p) => p.skus.length > 1);
    expect(single.length).toBeGreaterThanOrEqual(2);
    expect(multi.length).toBeGreaterThan(shop.products.length / 2);
    expect(multi.some((p) => Object.keys(p.skus[0].specs).length >= 2)).toBe(true);
  });

  it('has sold-out SKUs inside on-sale multi-SKU products, but never a fully sold-out on-sale product', () => {
    const soldOut = allSkus.filter(({ product, sku }) => sku.stock === 0 && product.onSale !== false && product.skus.length > 1);
    expect(soldOut.length).toBeGreaterThanOrEqual(5);
    for (const p of shop.products.filter((p) => p.onSale !== false)) {
      expect(p.skus.some((s) => s.stock > 0)).toBe(true);
    }
  });

  it('uses positive integer prices with originalPrice >= price, and some discounts', () => {
    for (const { sku } of allSkus) {
      expect(Number.isInteger(sku.price)).toBe(true);
      expect(sku.price).toBeGreaterThan(0);
      if (sku.originalPrice !== undefined) {
        expect(Number.isInteger(sku.originalPrice)).toBe(true);
        expect(sku.originalPrice).toBeGreaterThanOrEqual(sku.price);
      }
    }
    expect(allSkus.filter(({ sku }) => sku.originalPrice !== undefined && sku.originalPrice > sku.price).length).toBeGreaterThan(10);
  });

  it('has readable content: titles, subtitles, descriptions, sort and sales', () => {
    for (const p of shop.products) {
      expect(p.title.length).toBeLessThanOrEqual(60);
      expect(p.subtitle).toBeTruthy();
      expect(p.description).toBeTruthy();
      expect(Number.isInteger(p.sort)).toBe(true);
      expect(p.sales).toBeGreaterThanOrEqual(0);
      expect(p.images.length).toBeGreaterThanOrEqual(2);
      expect(p.images.length).toBeLessThanOrEqual(3);
    }
  });

  it('uses local placeholder image paths with distinct colours per product', () => {
    for (const p of shop.products) {
      for (const i of p.images) expect(i).toMatch(IMG);
      const bgs = p.images.map((i) => /bg=([0-9a-f]{6})/.exec(i)?.[1]);
      expect(new Set(bgs).size).toBe(bgs.length);
    }
    // Category shortcuts are icons: the label large on a coloured disc, at icon size.
    for (const c of shop.categories) expect(c.icon).toMatch(/^\/static\/img\/[a-z0-9-]+\.svg\?bg=[0-9a-f]{6}&t=[^&\s]+&w=120&shape=circle$/);
    for (const u of shop.users) if (u.avatar) expect(u.avatar).toMatch(IMG);
  });

  it('has home banners and notices whose links are in-app pages of products that exist', () => {
    const home = shop.settings.home!;
    expect(home.banners).toHaveLength(3);
    expect(home.notices).toHaveLength(2);
    const ids = new Set(shop.products.map((p) => p.id));
    for (const b of home.banners) {
      expect(b.image).toMatch(/^\/static\/img\/[a-z0-9-]+\.svg\?bg=[0-9a-f]{6}&t=[^&\s]+&w=750&h=300$/);
      const id = /[?&]id=([^&]+)/.exec(b.link)?.[1];
      if (id) expect(ids.has(id)).toBe(true);
    }
    expect(home.notices.some((n) => n.link === '/packages/coupon/pages/center/index')).toBe(true);
  });

  it('gives the T-shirt a picture per colour and detail pictures', () => {
    const tee = shop.products.find((p) => p.id === 'p-cotton-tee')!;
    const byColour = new Map(tee.skus.map((s) => [s.specs['颜色'], s.image]));
    expect(new Set(byColour.values()).size).toBe(3);
    for (const s of tee.skus) expect(s.image).toMatch(IMG);
    expect(tee.detailImages?.length).toBeGreaterThan(0);
  });

  it('has the three dev users with their roles', () => {
    const byId = Object.fromEntries(shop.users.map((u) => [u.openid, u]));
    expect(byId['dev-shopper']).toMatchObject({ nickname: '小明' });
    expect(byId['dev-shopper'].roles ?? []).toEqual([]);
    expect(byId['dev-distributor']).toMatchObject({ nickname: '小红', roles: ['distributor'] });
    expect(byId['dev-merchant']).toMatchObject({ nickname: '店长', roles: ['merchant'] });
  });

  it('has shop settings', () => {
    expect(shop.settings).toMatchObject({
      shopName: expect.any(String),
      shipping: { flatFee: 800, freeOver: 9900 },
      unpaidCloseMinutes: 30,
    });
  });
});
