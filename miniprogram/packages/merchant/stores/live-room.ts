/**
 * One live room as the merchant runs it (`merchant.liveRoom`): its goods with WeChat's audit, 直播价 against 原价,
 * adding goods (a product of the shop, an optional live price typed in yuan and sent as fen), removing them, 讲解
 * (goods/push: approved goods of a live room only), the live coupons, and lotteries. Every answer of the server is the
 * room as it now is, and replaces what the page shows; a refusal is the one line to show.
 */
import { action, makeAutoObservable, makeObservable, observable, runInAction } from 'mobx-miniprogram';
import type { LiveCoupon, LiveGoods, Lottery, MerchantLiveRoom, Page, ProductSummary } from '../../../../typings/api';
import { listProducts } from '../../../services/catalog';
import { PagedList } from '../../../stores/paged-list';
import type { UiError } from '../../../utils/errors';
import { toUiError } from '../../../utils/errors';
import type { ActionResult } from '../../../utils/result';
import { refusal } from '../../../utils/result';
import { formatDateTime } from '../../../utils/time';
import {
  addLiveCoupon,
  addLiveGoods,
  getLiveRoom,
  listCouponTemplates,
  pushLiveGoods,
  removeLiveCoupon,
  removeLiveGoods,
  startLottery,
} from '../services/merchant-live';
import {
  AUDIT_TAG,
  AUDIT_TEXT,
  canPush,
  durationText,
  liveFailure,
  LOTTERY_LIMITS,
  LOTTERY_TAG,
  LOTTERY_TEXT,
  PHASE_TAG,
  pushBlockedReason,
  roomStatusText,
  roomTimeText,
  yuanToFen,
} from '../utils/live';

export interface GoodsRow {
  productId: string;
  title: string;
  image: string;
  price: number;
  /** null: sold at the normal price. */
  livePrice: number | null;
  auditText: string;
  auditTag: string;
  auditReason: string;
  explaining: boolean;
  canPush: boolean;
  /** Why 讲解 is greyed ('' when offered or being explained). */
  pushHint: string;
}

export function toGoodsRow(room: MerchantLiveRoom, g: LiveGoods): GoodsRow {
  return {
    productId: g.productId,
    title: g.title,
    image: g.image,
    price: g.price,
    livePrice: g.livePrice,
    auditText: AUDIT_TEXT[g.auditStatus] ?? g.auditStatus,
    auditTag: AUDIT_TAG[g.auditStatus] ?? 'default',
    auditReason: g.auditStatus === 'rejected' ? g.auditReason ?? '' : '',
    explaining: g.explaining,
    canPush: canPush(room, g),
    pushHint: pushBlockedReason(room, g),
  };
}

export interface LotteryCard {
  lotteryId: string;
  status: string;
  statusText: string;
  tagType: string;
  prizeName: string;
  winnerCount: number;
  participants: number;
  startedText: string;
  endsText: string;
  commitment: string;
  seed: string;
  winners: Array<{ nickname: string; ticket: string }>;
}

export function toLotteryCard(l: Lottery): LotteryCard {
  return {
    lotteryId: l.lotteryId,
    status: l.status,
    statusText: LOTTERY_TEXT[l.status] ?? l.status,
    tagType: LOTTERY_TAG[l.status] ?? 'default',
    prizeName: l.prize.name,
    winnerCount: l.winnerCount,
    participants: l.participants,
    startedText: formatDateTime(l.startedAt),
    endsText: formatDateTime(l.endsAt),
    commitment: l.commitment,
    seed: l.seed ?? '',
    winners: l.winners.map((w) => ({ nickname: w.nickname || '微信用户', ticket: w.ticket })),
  };
}

/** The room's page data (what the page shows; the store keeps the contract's shape). */
export function toRoomView(room: MerchantLiveRoom) {
  return {
    roomId: room.roomId,
    name: room.name,
    anchorName: room.anchorName,
    cover: room.cover,
    status: room.status,
    isLive: room.status === 'live',
    statusText: roomStatusText(room),
    tagType: PHASE_TAG[room.status] ?? 'default',
    timeText: roomTimeText(room.startTime, room.endTime),
    durationText: durationText(room.endTime - room.startTime),
    reminderSubscribers: room.reminderSubscribers,
    explainingTitle: room.explaining?.title ?? '',
    goods: room.goods.map((g) => toGoodsRow(room, g)),
    /** The products already in the room (the add picker marks them). */
    productIds: Object.fromEntries(room.goods.map((g) => [g.productId, true])) as Record<string, boolean>,
    coupons: room.coupons,
    lotteries: [...room.lotteries].sort((a, b) => b.startedAt - a.startedAt).map(toLotteryCard),
  };
}

export type RoomView = ReturnType<typeof toRoomView>;

export class LiveRoomDesk {
  roomId = '';
  room: MerchantLiveRoom | null = null;
  loading = false;
  error: UiError | null = null;
  /** The action running: 'add', 'remove:<productId>', 'push:<productId>', 'coupon:<templateId>', 'lottery'. */
  acting: string | null = null;
  /** The shop's coupon templates (for live coupons and lottery prizes); null until asked. */
  templates: LiveCoupon[] | null = null;
  templatesError: UiError | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  get view(): RoomView | null {
    return this.room ? toRoomView(this.room) : null;
  }

  /** Templates not yet offered in the room. */
  get addableCoupons(): LiveCoupon[] {
    const inRoom = new Set((this.room?.coupons ?? []).map((c) => c.templateId));
    return (this.templates ?? []).filter((t) => !inRoom.has(t.templateId));
  }

  async load(roomId: string): Promise<void> {
    if (roomId !== this.roomId) this.room = null;
    this.roomId = roomId;
    this.loading = true;
    this.error = null;
    try {
      const room = await getLiveRoom(roomId);
      runInAction(() => {
        if (roomId === this.roomId) this.room = room;
      });
    } catch (err) {
      runInAction(() => (this.error = toUiError(err, 'merchant')));
    } finally {
      runInAction(() => (this.loading = false));
    }
  }

  async loadTemplates(): Promise<void> {
    this.templatesError = null;
    try {
      const list = await listCouponTemplates();
      runInAction(() => (this.templates = list));
    } catch (err) {
      runInAction(() => (this.templatesError = toUiError(err, 'merchant')));
    }
  }

  /** Submits a product to WeChat's audit with an optional live price typed in yuan ('' = the normal price). */
  addGoods(productId: string, livePriceYuan: string): Promise<ActionResult> {
    if (!productId) return Promise.resolve(refusal('请选择商品'));
    if (this.room?.goods.some((g) => g.productId === productId)) return Promise.resolve(refusal('该商品已在直播间'));
    const price = yuanToFen(livePriceYuan);
    if (!price.ok) return Promise.resolve(refusal(price.message));
    return this.run('add', () => addLiveGoods(this.roomId, productId, price.fen), '添加失败，请稍后重试');
  }

  removeGoods(productId: string): Promise<ActionResult> {
    return this.run(`remove:${productId}`, () => removeLiveGoods(this.roomId, productId), '移除失败，请稍后重试');
  }

  /** 讲解: approved goods of a live room only (the page greys the rest; the server checks again). */
  push(productId: string): Promise<ActionResult> {
    const goods = this.room?.goods.find((g) => g.productId === productId);
    if (this.room && goods && !canPush(this.room, goods)) return Promise.resolve(refusal(pushBlockedReason(this.room, goods) || '正在讲解该商品'));
    return this.run(`push:${productId}`, () => pushLiveGoods(this.roomId, productId), '讲解失败，请稍后重试');
  }

  addCoupon(templateId: string): Promise<ActionResult> {
    return this.run(`coupon:${templateId}`, () => addLiveCoupon(this.roomId, templateId), '添加失败，请稍后重试');
  }

  removeCoupon(templateId: string): Promise<ActionResult> {
    return this.run(`coupon:${templateId}`, () => removeLiveCoupon(this.roomId, templateId), '移除失败，请稍后重试');
  }

  /** 发起抽奖: a prize (a coupon template), how many win, how many minutes it takes entries. */
  async startLottery(templateId: string, winners: number, minutes: number): Promise<ActionResult> {
    if (!templateId) return refusal('请选择奖品');
    const [wMin, wMax] = LOTTERY_LIMITS.winners;
    const [mMin, mMax] = LOTTERY_LIMITS.minutes;
    if (!Number.isInteger(winners) || winners < wMin || winners > wMax) return refusal(`中奖人数为 ${wMin}-${wMax} 人`);
    if (!Number.isInteger(minutes) || minutes < mMin || minutes > mMax) return refusal(`抽奖时长为 ${mMin}-${mMax} 分钟`);
    if (this.acting) return refusal('正在处理，请稍候');
    this.acting = 'lottery';
    try {
      const lottery = await startLottery(this.roomId, templateId, winners, minutes);
      runInAction(() => {
        if (this.room && this.room.roomId === lottery.roomId) {
          this.room = { ...this.room, lotteries: [lottery, ...this.room.lotteries.filter((l) => l.lotteryId !== lottery.lotteryId)] };
        }
      });
      return { ok: true };
    } catch (err) {
      return liveFailure(err, '发起抽奖失败，请稍后重试');
    } finally {
      runInAction(() => (this.acting = null));
    }
  }

  private async run(key: string, call: () => Promise<MerchantLiveRoom>, fallback: string): Promise<ActionResult> {
    if (this.acting) return refusal('正在处理，请稍候');
    this.acting = key;
    try {
      const room = await call();
      runInAction(() => {
        if (room.roomId === this.roomId) this.room = room;
      });
      return { ok: true };
    } catch (err) {
      // The room may have moved on (ended, the goods approved meanwhile): show it as it is.
      void this.load(this.roomId);
      return liveFailure(err, fallback);
    } finally {
      runInAction(() => (this.acting = null));
    }
  }
}

export const liveRoomDesk = new LiveRoomDesk();

/** The shop's products to pick from when adding goods (`shop.products`, optionally by keyword). */
export class ProductPicker extends PagedList<ProductSummary> {
  keyword = '';

  constructor() {
    super((p) => p.id, 'merchant');
    makeObservable(this, { keyword: observable, search: action });
  }

  search(keyword: string): Promise<void> {
    this.startOver();
    this.keyword = keyword.trim();
    return this.loadFirst();
  }

  protected fetchPage(cursor: string | null): Promise<Page<ProductSummary>> {
    return listProducts({ ...(this.keyword ? { keyword: this.keyword } : {}), ...(cursor ? { cursor } : {}) });
  }
}

export const productPicker = new ProductPicker();
