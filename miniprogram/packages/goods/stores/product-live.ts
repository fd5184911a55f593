/**
 * What a product page shows about live commerce (live.product): the room selling the product live now - a banner
 * "直播中 · 正在讲解" or "直播中" with the room's name, opening our room page - and the live price when it applies:
 * the shopper came from that room (the plugin opened the page with `room_id`, or our room page did), the room is
 * live, and the product has a live price. Every SKU then costs the live price, unless its own is lower. One instance
 * per product page, like ProductDetailStore.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { PriceRange, ProductLive } from '../../../../typings/api';
import { getProductLive } from '../../../services/live';
import type { ProductDetailStore } from './product-detail';

export interface LiveBanner {
  roomId: string;
  roomName: string;
  /** 直播中 · 正在讲解 / 直播中 / 直播预告 / 直播已结束. */
  text: string;
  /** live: red; idle: grey (the room the shopper came from is not live). */
  tone: 'live' | 'idle';
}

export class ProductLiveStore {
  productId = '';
  /** The room the page was opened from (room_id / roomId), or null. */
  roomId: string | null = null;
  live: ProductLive | null = null;

  constructor(private readonly detail: ProductDetailStore) {
    makeAutoObservable<this, 'detail'>(this, { detail: false });
  }

  /** The banner: the room live now; or the room the shopper came from when it is not live (so they know). */
  get banner(): LiveBanner | null {
    const l = this.live;
    if (!l) return null;
    if (l.status === 'live') return { roomId: l.roomId, roomName: l.roomName, text: l.explaining ? '直播中 · 正在讲解' : '直播中', tone: 'live' };
    if (l.roomId !== this.roomId) return null;
    return { roomId: l.roomId, roomName: l.roomName, text: l.status === 'upcoming' ? '直播预告 · 开播后享直播价' : '直播已结束 · 当前为原价', tone: 'idle' };
  }

  /** The live price of the product, when it applies to this shopper now (see the module comment); else null. */
  get livePrice(): number | null {
    const l = this.live;
    if (!l || l.status !== 'live' || l.livePrice === null || l.roomId !== this.roomId) return null;
    return l.livePrice;
  }

  /** The price the shopper pays here at the live price: each SKU of the shown range at min(its price, live price). */
  get livePriceRange(): PriceRange | null {
    const live = this.livePrice;
    const range = this.detail.displayPrice;
    if (live === null || !range) return null;
    const next = { min: Math.min(range.min, live), max: Math.min(range.max, live) };
    return next.min < range.min || next.max < range.max ? next : null;
  }

  /** The room a checkout from this page carries: the room the page was opened from. */
  get checkoutRoomId(): string | null {
    return this.roomId;
  }

  /** Asks which room sells the product live (`roomId`: the room the page was opened from). A failure shows nothing. */
  async load(productId: string, roomId: string | null): Promise<void> {
    this.begin(productId, roomId);
    try {
      const live = await getProductLive(productId, roomId);
      this.receive(productId, live);
    } catch {
      this.receive(productId, null);
    }
  }

  private begin(productId: string, roomId: string | null): void {
    this.productId = productId;
    this.roomId = roomId;
    this.live = null;
  }

  private receive(productId: string, live: ProductLive | null): void {
    if (productId === this.productId) this.live = live;
  }
}
