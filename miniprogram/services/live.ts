/**
 * Live commerce service (cloud function `live`): the rooms (live now, coming, replays), one room with its goods,
 * coupons and lottery, the shop's stores, the live room selling a product, reminders and the lottery. The only code
 * that calls `live`. Image URLs come back ready to render.
 */
import type { LiveExplaining, LiveRoom, LiveRoomDetail, LiveRoomPage, LiveStatus, LiveStore, Lottery, ProductLive } from '../../typings/api';
import { assetUrl, call } from './api';

export interface RoomsQuery {
  status?: LiveStatus;
  storeId?: string;
  cursor?: string;
}

const withExplaining = (e: LiveExplaining | null): LiveExplaining | null => (e ? { ...e, image: assetUrl(e.image) } : null);

function withRoomAssets<T extends LiveRoom>(room: T): T {
  return { ...room, cover: assetUrl(room.cover), explaining: withExplaining(room.explaining) };
}

/** Rooms of one status (and store), a page at a time: each says whether the caller asked for its reminder, the page carries the reminder template. */
export async function listLiveRooms(query: RoomsQuery): Promise<LiveRoomPage> {
  const page = await call('live', 'rooms', query);
  return { items: page.items.map(withRoomAssets), nextCursor: page.nextCursor, reminderTemplateId: page.reminderTemplateId };
}

/** One room: its goods, coupons, the caller's reminder, the lottery running (or the last drawn) and its store. */
export async function getLiveRoom(roomId: string): Promise<LiveRoomDetail> {
  const room = await call('live', 'room', { roomId });
  return { ...withRoomAssets(room), goods: room.goods.map((g) => ({ ...g, image: assetUrl(g.image) })) };
}

/** The shop's stores that hold live rooms (the list's filter). */
export function listLiveStores(): Promise<LiveStore[]> {
  return call('live', 'stores', {});
}

/** The room where the product is live now, or `roomId` when that room sells it; null when none. */
export function getProductLive(productId: string, roomId?: string | null): Promise<ProductLive | null> {
  return call('live', 'product', roomId ? { productId, roomId } : { productId });
}

/** Asks to be reminded when an upcoming room goes live (asking twice is one reminder). */
export async function remindLive(roomId: string): Promise<void> {
  await call('live', 'remind', { roomId });
}

export function getLottery(lotteryId: string): Promise<Lottery> {
  return call('live', 'lottery', { lotteryId });
}

/** Joins while it runs; a second join answers the same ticket. */
export function joinLottery(lotteryId: string): Promise<Lottery> {
  return call('live', 'joinLottery', { lotteryId });
}
