/** Shop settings (the `settings` collection, one document per key) with their defaults. */
import type { HomeBanner, HomeNotice } from '../../typings/api';
import { isBannerImage, isInAppLink } from '../domain/merchandising';
import type { Deps } from '../ports/context';
import { DEFAULT_DISTRIBUTION, DistributionRules, MAX_TIER_BPS } from '../domain/distribution';
import type { DistributionLevel, SettingRecord } from './records';

export interface ShopSettings {
  shipping: { flatFee: number; freeOver: number };
  unpaidCloseMinutes: number;
  /** How long after completion a refund may still be requested. */
  afterSalesDays: number;
  /** Shipped orders are confirmed by themselves this long after shipping. */
  autoConfirmDays: number;
  /** A refund that leaves nothing unrefunded gives the order's coupon back (while it is still valid). */
  returnCouponOnRefund: boolean;
  /** The home page's banners and promotion strip (`settings.home`). */
  home: { banners: HomeBanner[]; notices: HomeNotice[] };
  /** Distribution rules (`settings.distribution`) and how withdrawals are paid out. */
  distribution: DistributionRules & { payout: 'manual' | 'wechat_transfer' };
  /** Distribution levels (`settings.distributionLevels`): a distributor's `level` picks one. */
  distributionLevels: DistributionLevel[];
  /** The shop's Channels (视频号) account (`settings.channels`), or null. */
  channels: { finderUserName: string } | null;
  /**
   * Live (`settings.live`): the subscribe message template of the "开播提醒" (its keywords: thing1 room name, time2 start
   * time, thing3 anchor), the anchor's WeChat id room/create needs, and the default cover of rooms created without one.
   */
  live: { reminderTemplateId: string | null; anchorWechat: string; defaultCover: string };
}

/** Limits of `settings.home`, shared with the seed fixture's schema. */
export const HOME_LIMITS = { banners: 8, notices: 5, noticeChars: 40 } as const;

export const DEFAULT_SETTINGS: ShopSettings = {
  shipping: { flatFee: 0, freeOver: 0 },
  unpaidCloseMinutes: 30,
  afterSalesDays: 7,
  autoConfirmDays: 10,
  returnCouponOnRefund: false,
  home: { banners: [], notices: [] },
  distribution: { ...DEFAULT_DISTRIBUTION, payout: 'manual' },
  distributionLevels: [],
  channels: null,
  live: { reminderTemplateId: null, anchorWechat: '', defaultCover: '' },
};

const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/**
 * Settings change rarely and every checkout reads them, so each function instance keeps them for CACHE_MS.
 * A change therefore reaches every instance within that time; the local cloud forgets them when it is reseeded.
 */
export const SETTINGS_CACHE_MS = 10_000;
const cache = new WeakMap<object, { at: number; value: ShopSettings }>();

export function forgetSettings(store: object): void {
  cache.delete(store);
}

/** Reads settings (cached per store for SETTINGS_CACHE_MS of the clock); malformed values fall back to the defaults. */
export async function getSettings(deps: Deps): Promise<ShopSettings> {
  const now = deps.clock.now();
  const hit = cache.get(deps.store);
  if (hit && now - hit.at >= 0 && now - hit.at < SETTINGS_CACHE_MS) return hit.value;
  const value = await readSettings(deps);
  cache.set(deps.store, { at: now, value });
  return value;
}

async function readSettings(deps: Deps): Promise<ShopSettings> {
  const { items } = await deps.store.find<SettingRecord>('settings', {}, { limit: 100 });
  const byKey = new Map(items.map((d) => [d._id, d.value]));
  const shipping = byKey.get('shipping') as { flatFee?: unknown; freeOver?: unknown } | undefined;
  const unpaid = byKey.get('unpaidCloseMinutes');
  return {
    shipping: {
      flatFee: isInt(shipping?.flatFee, 0, 100_000) ? shipping!.flatFee : DEFAULT_SETTINGS.shipping.flatFee,
      freeOver: isInt(shipping?.freeOver, 0, 100_000_000) ? shipping!.freeOver : DEFAULT_SETTINGS.shipping.freeOver,
    },
    unpaidCloseMinutes: isInt(unpaid, 1, 24 * 60) ? unpaid : DEFAULT_SETTINGS.unpaidCloseMinutes,
    afterSalesDays: isInt(byKey.get('afterSalesDays'), 0, 365) ? (byKey.get('afterSalesDays') as number) : DEFAULT_SETTINGS.afterSalesDays,
    autoConfirmDays: isInt(byKey.get('autoConfirmDays'), 1, 60) ? (byKey.get('autoConfirmDays') as number) : DEFAULT_SETTINGS.autoConfirmDays,
    returnCouponOnRefund: typeof byKey.get('returnCouponOnRefund') === 'boolean' ? (byKey.get('returnCouponOnRefund') as boolean) : DEFAULT_SETTINGS.returnCouponOnRefund,
    home: readHome(byKey.get('home')),
    distribution: readDistribution(byKey.get('distribution')),
    distributionLevels: readLevels(byKey.get('distributionLevels')),
    channels: readChannels(byKey.get('channels')),
    live: readLive(byKey.get('live')),
  };
}

/** `settings.channels`: a finder user name (sph...) of at most 64 plain characters, else none. */
export function readChannels(value: unknown): ShopSettings['channels'] {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return typeof v.finderUserName === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(v.finderUserName) ? { finderUserName: v.finderUserName } : null;
}

export function readLive(value: unknown): ShopSettings['live'] {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const text = (x: unknown, max: number) => (typeof x === 'string' && x.trim() !== '' && x.length <= max ? x.trim() : null);
  return {
    reminderTemplateId: text(v.reminderTemplateId, 128),
    anchorWechat: text(v.anchorWechat, 64) ?? '',
    defaultCover: text(v.defaultCover, 512) ?? '',
  };
}

/** `settings.distribution`, field by field: a value out of range falls back to its default. */
export function readDistribution(value: unknown): ShopSettings['distribution'] {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const d = DEFAULT_SETTINGS.distribution;
  const bool = (k: keyof DistributionRules) => (typeof v[k] === 'boolean' ? (v[k] as boolean) : (d[k] as boolean));
  const num = (k: keyof DistributionRules, min: number, max: number) => (isInt(v[k], min, max) ? (v[k] as number) : (d[k] as number));
  const tier1Bps = num('tier1Bps', 0, MAX_TIER_BPS);
  const tier2Bps = num('tier2Bps', 0, MAX_TIER_BPS);
  return {
    enabled: bool('enabled'),
    autoApprove: bool('autoApprove'),
    bindMode: v.bindMode === 'first_touch' || v.bindMode === 'protected' || v.bindMode === 'last_touch' ? v.bindMode : d.bindMode,
    protectDays: num('protectDays', 0, 365),
    newCustomersOnly: bool('newCustomersOnly'),
    selfPurchase: bool('selfPurchase'),
    tier1Bps,
    tier2Bps,
    settleDays: num('settleDays', 0, 90),
    minWithdraw: num('minWithdraw', 1, 100_000_00),
    maxWithdrawalsPerDay: num('maxWithdrawalsPerDay', 1, 50),
    payout: v.payout === 'wechat_transfer' ? 'wechat_transfer' : 'manual',
  };
}

export function readLevels(value: unknown): DistributionLevel[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((l): l is Record<string, unknown> => typeof l === 'object' && l !== null)
    .filter((l) => typeof l.id === 'string' && typeof l.name === 'string' && isInt(l.tier1Bps, 0, MAX_TIER_BPS) && isInt(l.tier2Bps, 0, MAX_TIER_BPS))
    .slice(0, 20)
    .map((l) => ({ id: l.id as string, name: l.name as string, tier1Bps: l.tier1Bps as number, tier2Bps: l.tier2Bps as number }));
}

/**
 * `settings.home` as the home page may show it. The seed refuses bad entries; a document edited by hand is read
 * entry by entry, and an entry with a link that is not an in-app path (or an image that is not ours) is left out.
 */
export function readHome(value: unknown): ShopSettings['home'] {
  const v = (typeof value === 'object' && value !== null ? value : {}) as { banners?: unknown; notices?: unknown };
  const list = (x: unknown): Array<Record<string, unknown>> =>
    Array.isArray(x) ? x.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null) : [];
  const banners = list(v.banners)
    .filter((b) => isBannerImage(b.image) && isInAppLink(b.link))
    .slice(0, HOME_LIMITS.banners)
    .map((b) => ({ image: b.image as string, link: b.link as string }));
  const notices = list(v.notices)
    .filter((n) => typeof n.text === 'string' && n.text.trim() !== '' && n.text.length <= HOME_LIMITS.noticeChars)
    .filter((n) => n.link === undefined || n.link === null || isInAppLink(n.link))
    .slice(0, HOME_LIMITS.notices)
    .map((n) => ({ text: n.text as string, link: isInAppLink(n.link) ? n.link : null }));
  return { banners, notices };
}
