/**
 * The merchant's live rooms (cloud function `merchant`, merchants only): rooms created with WeChat, their goods
 * (WeChat's audit), 讲解, live coupons, lotteries and the sales figures. Images come back ready to render. The shop's
 * stores come from the shoppers' live service (services/live.ts listLiveStores).
 */
import type {
  CreateLiveRoomPayload,
  LiveCoupon,
  LiveStats,
  LiveStoreStats,
  Lottery,
  MerchantLiveRoom,
  Page,
} from '../../../../typings/api';
import { assetUrl, call } from '../../../services/api';

function withAssets(room: MerchantLiveRoom): MerchantLiveRoom {
  return {
    ...room,
    cover: room.cover ? assetUrl(room.cover) : room.cover,
    goods: room.goods.map((g) => (g.image ? { ...g, image: assetUrl(g.image) } : g)),
  };
}

export function createLiveRoom(payload: CreateLiveRoomPayload): Promise<{ roomId: string }> {
  return call('merchant', 'createLiveRoom', payload);
}

export async function listLiveRooms(query: { storeId?: string; cursor?: string }): Promise<Page<MerchantLiveRoom>> {
  const page = await call('merchant', 'liveRooms', query);
  return { items: page.items.map(withAssets), nextCursor: page.nextCursor };
}

export async function getLiveRoom(roomId: string): Promise<MerchantLiveRoom> {
  return withAssets(await call('merchant', 'liveRoom', { roomId }));
}

export async function addLiveGoods(roomId: string, productId: string, livePrice: number | null): Promise<MerchantLiveRoom> {
  return withAssets(await call('merchant', 'addLiveGoods', livePrice === null ? { roomId, productId } : { roomId, productId, livePrice }));
}

export async function removeLiveGoods(roomId: string, productId: string): Promise<MerchantLiveRoom> {
  return withAssets(await call('merchant', 'removeLiveGoods', { roomId, productId }));
}

export async function pushLiveGoods(roomId: string, productId: string): Promise<MerchantLiveRoom> {
  return withAssets(await call('merchant', 'pushLiveGoods', { roomId, productId }));
}

export async function addLiveCoupon(roomId: string, templateId: string): Promise<MerchantLiveRoom> {
  return withAssets(await call('merchant', 'addLiveCoupon', { roomId, templateId }));
}

export async function removeLiveCoupon(roomId: string, templateId: string): Promise<MerchantLiveRoom> {
  return withAssets(await call('merchant', 'removeLiveCoupon', { roomId, templateId }));
}

export function startLottery(roomId: string, templateId: string, winners: number, minutes: number): Promise<Lottery> {
  return call('merchant', 'startLottery', { roomId, templateId, winners, minutes });
}

export function fetchLiveStats(roomId: string): Promise<LiveStats> {
  return call('merchant', 'liveStats', { roomId });
}

export function fetchLiveStoreStats(): Promise<LiveStoreStats[]> {
  return call('merchant', 'liveStoreStats', {});
}

export function listCouponTemplates(): Promise<LiveCoupon[]> {
  return call('merchant', 'couponTemplates', {});
}
