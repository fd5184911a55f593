/**
 * The seed fixture format accepted by `POST /dev/seed` and used for the demo shop.
 * Ids given in the fixture are kept. Money is integer fen. See docs/seed-format.md.
 */
import { z } from 'zod';
import { HOME_LIMITS } from '../app/settings';
import { isBannerImage, isInAppLink } from '../domain/merchandising';

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids are 1..64 of [A-Za-z0-9_-]');
const fen = z.number().int().min(0).max(100_000_000);

export const FixtureCategory = z.strictObject({
  id,
  name: z.string().min(1).max(20),
  parentId: id.nullable().optional(),
  icon: z.string().max(512).optional(),
  sort: z.number().int().optional(),
});

export const FixtureSku = z.strictObject({
  id,
  specs: z.record(z.string().min(1).max(20), z.string().min(1).max(30)),
  price: fen.min(1),
  originalPrice: fen.optional(),
  stock: z.number().int().min(0).max(10_000_000),
  /** The SKU's own picture (e.g. its colour); the spec picker shows it when the SKU is chosen. */
  image: z.string().min(1).max(512).optional(),
  /** Distribution: a fixed commission per unit for each tier (fen), before any rate. */
  commission: z.strictObject({ tier1Fen: fen, tier2Fen: fen }).optional(),
});

const bps = z.number().int().min(0).max(5000);

export const FixtureProduct = z.strictObject({
  id,
  categoryId: id,
  title: z.string().min(1).max(60),
  subtitle: z.string().max(120).optional(),
  /** Absolute URLs, cloud:// file ids, or paths starting with "/" (served by the local cloud under /static). */
  images: z.array(z.string().min(1).max(512)).min(1).max(9),
  description: z.string().max(5000).optional(),
  /** Full-width pictures under the description (商品详情), same forms as `images`. */
  detailImages: z.array(z.string().min(1).max(512)).max(20).optional(),
  onSale: z.boolean().optional(),
  sort: z.number().int().optional(),
  sales: z.number().int().min(0).optional(),
  skus: z.array(FixtureSku).min(1).max(200),
  /** Distribution: the product's commission rate per tier (basis points), before the distributor's level and the shop's. */
  commission: z.strictObject({ tier1Bps: bps, tier2Bps: bps }).optional(),
});

export const FixtureUser = z.strictObject({
  openid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  nickname: z.string().max(30).optional(),
  avatar: z.string().max(512).optional(),
  roles: z.array(z.enum(['merchant', 'distributor'])).optional(),
  /** A distributor's inviter (their tier-2 parent); a shopper's: the distributor they are bound to. An openid of the fixture. */
  inviter: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  /** A distributor's level (an id of `distributionLevels`). */
  level: z.string().min(1).max(32).optional(),
});

export const FixtureLevel = z.strictObject({ id: z.string().min(1).max(32), name: z.string().min(1).max(20), tier1Bps: bps, tier2Bps: bps });

const epochMs = z.number().int().min(0).max(4_102_444_800_000); // up to 2100-01-01

export const FixtureCouponScope = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('all') }),
  z.strictObject({ type: z.literal('categories'), ids: z.array(id).min(1).max(100) }),
  z.strictObject({ type: z.literal('products'), ids: z.array(id).min(1).max(100) }),
]);

/**
 * A coupon template. Cross-field rules (amountOff only on amount_off, discountBps only on percent_off, exactly one
 * window form, scope ids that exist) are checked by fixtureProblems in ./seed.ts.
 */
export const FixtureCouponTemplate = z.strictObject({
  id,
  name: z.string().min(1).max(20),
  kind: z.enum(['amount_off', 'percent_off']),
  /** Minimum eligible subtotal in fen; 0 = none. */
  threshold: fen,
  amountOff: fen.min(1).optional(),
  discountBps: z.number().int().min(1).max(9999).optional(),
  maxOff: fen.min(1).optional(),
  scope: FixtureCouponScope,
  validFrom: epochMs.optional(),
  validTo: epochMs.optional(),
  validDays: z.number().int().min(1).max(365).optional(),
  total: z.number().int().min(1).max(10_000_000),
  perUserLimit: z.number().int().min(1).max(100),
  newUserOnly: z.boolean().optional(),
  active: z.boolean().optional(),
  /** Claimable only in a live room that offers it (liveRooms[].coupons), while the room is live. */
  liveOnly: z.boolean().optional(),
  sort: z.number().int().optional(),
});

/** An offline store (门店) live rooms can belong to. */
export const FixtureStore = z.strictObject({
  id,
  name: z.string().trim().min(1).max(30),
  city: z.string().trim().min(1).max(20),
  address: z.string().trim().min(1).max(100),
});

/**
 * A live room that already exists at WeChat (the local stand-in is told about it when seeded). Times are relative to
 * the seed: startOffsetMinutes < 0 and start + duration > now is a room live now. Its goods are approved and in the
 * room; `explaining` is what the anchor explains now.
 */
export const FixtureLiveRoom = z.strictObject({
  roomId: z.number().int().min(1).max(2_000_000_000),
  name: z.string().trim().min(1).max(17),
  anchorName: z.string().trim().min(1).max(15),
  cover: z.string().min(1).max(512),
  storeId: id.optional(),
  startOffsetMinutes: z.number().int().min(-60 * 24 * 30).max(60 * 24 * 180),
  durationMinutes: z.number().int().min(30).max(24 * 60),
  goods: z.array(z.strictObject({ productId: id, livePrice: fen.min(1).optional() })).max(100).default([]),
  coupons: z.array(id).max(20).default([]),
  explaining: id.optional(),
  replayUrl: z.string().url().optional(),
});

/** An in-app page path (domain/merchandising isInAppLink): never a URL. */
const inAppLink = z.string().refine(isInAppLink, 'links must be in-app paths such as /packages/goods/pages/detail/index?id=...');

/** `settings.home`: the home page's banner carousel and promotion strip. */
export const FixtureHomeSettings = z.strictObject({
  banners: z
    .array(
      z.strictObject({
        image: z.string().refine(isBannerImage, 'banner images are /static/... paths, https:// URLs or cloud:// file ids'),
        link: inAppLink,
      }),
    )
    .max(HOME_LIMITS.banners)
    .default([]),
  notices: z
    .array(z.strictObject({ text: z.string().trim().min(1).max(HOME_LIMITS.noticeChars), link: inAppLink.optional() }))
    .max(HOME_LIMITS.notices)
    .default([]),
});

/** Settings documents by key; the keys with a known shape are checked, the others are kept as they are. */
export const FixtureSettings = z.looseObject({ home: FixtureHomeSettings.optional() });

export const Fixture = z.strictObject({
  categories: z.array(FixtureCategory).default([]),
  products: z.array(FixtureProduct).default([]),
  users: z.array(FixtureUser).default([]),
  settings: FixtureSettings.default({}),
  couponTemplates: z.array(FixtureCouponTemplate).max(200).default([]),
  distributionLevels: z.array(FixtureLevel).max(20).default([]),
  stores: z.array(FixtureStore).max(100).default([]),
  liveRooms: z.array(FixtureLiveRoom).max(50).default([]),
});

export type FixtureInput = z.input<typeof Fixture>;
export type FixtureData = z.output<typeof Fixture>;

/**
 * What `POST /dev/seed` (which empties every collection first) will not replace the world without: a shop needs at
 * least one category (the category tab and every product's categoryId), one product with its SKUs (something to
 * browse and buy) and one user (the identity switcher lists the seeded users; without one every call is anonymous).
 * Answers why the fixture is refused, or null. The schema and references are checked by the seed itself.
 * (`createLocalCloud({seed})` in tests still takes partial fixtures.)
 */
export function shopProblems(input: unknown): string | null {
  const f = (typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {}) as Record<string, unknown>;
  // Absent or empty; anything else that is not a valid list is the schema's to report.
  const missing = (['categories', 'products', 'users'] as const).filter((k) => f[k] === undefined || (Array.isArray(f[k]) && f[k].length === 0));
  if (!missing.length) return null;
  return `a seed replaces the whole shop, so it needs at least one category, one product and one user; missing: ${missing.join(', ')} (nothing was changed)`;
}
