/**
 * The merchant's live rooms: the rooms newest first, cursor-paginated (`merchant.liveRooms`), filtered by store when
 * the shop has stores (`live.stores` through services/live.ts), with the per-store figures above them (`merchant.liveStoreStats`); and the
 * form that creates a room (`merchant.createLiveRoom`: WeChat's room/create, so WeChat's refusal is the answer).
 */
import { action, makeAutoObservable, makeObservable, observable, runInAction } from 'mobx-miniprogram';
import type { LiveStore, LiveStoreStats, MerchantLiveRoom, Page } from '../../../../typings/api';
import { listLiveStores } from '../../../services/live';
import { PagedList } from '../../../stores/paged-list';
import type { ActionResult } from '../../../utils/result';
import { refusal } from '../../../utils/result';
import { formatDateTime } from '../../../utils/time';
import { createLiveRoom, fetchLiveStoreStats, listLiveRooms } from '../services/merchant-live';
import type { RoomFormHints, RoomFormValues } from '../utils/live';
import { defaultRoomTimes, durationText, liveFailure, PHASE_TAG, roomFormHints, roomStatusText, roomTimeText } from '../utils/live';

export interface RoomCard {
  roomId: string;
  name: string;
  anchorName: string;
  cover: string;
  status: string;
  statusText: string;
  tagType: string;
  timeText: string;
  durationText: string;
  storeName: string;
  /** Approved goods in the room. */
  goodsCount: number;
  /** Goods still in WeChat's audit (submitting or pending). */
  auditingCount: number;
  reminderSubscribers: number;
  explainingTitle: string;
}

export function toRoomCard(room: MerchantLiveRoom, storeNames: Readonly<Record<string, string>> = {}): RoomCard {
  return {
    roomId: room.roomId,
    name: room.name,
    anchorName: room.anchorName,
    cover: room.cover,
    status: room.status,
    statusText: roomStatusText(room),
    tagType: PHASE_TAG[room.status] ?? 'default',
    timeText: roomTimeText(room.startTime, room.endTime),
    durationText: durationText(room.endTime - room.startTime),
    storeName: room.storeId ? storeNames[room.storeId] ?? '' : '',
    goodsCount: room.goodsCount,
    auditingCount: room.goods.filter((g) => g.auditStatus === 'submitting' || g.auditStatus === 'pending').length,
    reminderSubscribers: room.reminderSubscribers,
    explainingTitle: room.explaining?.title ?? '',
  };
}

export interface StoreStatsCard {
  key: string;
  name: string;
  rooms: number;
  liveNow: number;
  orders: number;
  paidOrders: number;
  gmv: number;
}

export function toStoreStatsCard(s: LiveStoreStats): StoreStatsCard {
  return { key: s.store?.id ?? '-', name: s.store?.name ?? '未关联门店', rooms: s.rooms, liveNow: s.liveNow, orders: s.orders, paidOrders: s.paidOrders, gmv: s.gmv };
}

export class LiveRoomsStore extends PagedList<MerchantLiveRoom> {
  /** '' = every store. */
  storeId = '';
  stores: LiveStore[] = [];
  storeStats: LiveStoreStats[] = [];

  constructor() {
    super((r) => r.roomId, 'merchant');
    makeObservable<LiveRoomsStore, 'setStores'>(this, {
      storeId: observable,
      stores: observable,
      storeStats: observable,
      start: action,
      filter: action,
      setStores: action,
    });
  }

  get storeNames(): Record<string, string> {
    return Object.fromEntries(this.stores.map((s) => [s.id, s.name]));
  }

  /** The per-store figures as the header shows them. */
  get storeCards(): StoreStatsCard[] {
    return this.storeStats.map(toStoreStatsCard);
  }

  /** The page opens: the stores (for the filter and the names), then the first page of rooms, and the figures. */
  async start(): Promise<void> {
    this.startOver();
    this.storeId = '';
    void this.loadStoreStats();
    // A shop without stores (or a failed read) shows no filter: the rooms still load.
    const stores = await listLiveStores().catch(() => null);
    if (stores) this.setStores(stores);
    await this.loadFirst();
  }

  /** The rooms of one store ('' = all) from the first page. */
  filter(storeId: string): Promise<void> {
    this.startOver();
    this.storeId = storeId;
    return this.loadFirst();
  }

  /** Pull-down: the rooms and the figures again. */
  refreshAll(): Promise<void> {
    void this.loadStoreStats();
    return this.refresh();
  }

  async loadStoreStats(): Promise<void> {
    const stats = await fetchLiveStoreStats().catch(() => null);
    if (stats) runInAction(() => (this.storeStats = stats));
  }

  private setStores(stores: LiveStore[]): void {
    this.stores = stores;
  }

  protected fetchPage(cursor: string | null): Promise<Page<MerchantLiveRoom>> {
    const query: { storeId?: string; cursor?: string } = {};
    if (this.storeId) query.storeId = this.storeId;
    if (cursor) query.cursor = cursor;
    return listLiveRooms(query);
  }
}

export const liveRooms = new LiveRoomsStore();

/** The longest name and anchor the form takes (characters; WeChat's own limit is by width, see utils/live). */
export const ROOM_NAME_MAX = 34;
export const ANCHOR_NAME_MAX = 30;

/** 创建直播间: the form's values, WeChat's limits as hints, and the server's answer. */
export class LiveRoomForm {
  name = '';
  anchorName = '';
  startTime = 0;
  endTime = 0;
  /** '' = no store. */
  storeId = '';
  hints: RoomFormHints = {};
  /** The server's refusal of the last submission ('' when none). */
  serverError = '';
  submitting = false;
  /** The shop's stores (`live.stores`); empty: no store row. */
  stores: LiveStore[] = [];

  constructor(private readonly now: () => number = Date.now) {
    makeAutoObservable<LiveRoomForm, 'now'>(this, { now: false });
  }

  get values(): RoomFormValues {
    return { name: this.name, anchorName: this.anchorName, startTime: this.startTime, endTime: this.endTime };
  }

  get startText(): string {
    return this.startTime ? formatDateTime(this.startTime) : '';
  }

  get endText(): string {
    return this.endTime ? formatDateTime(this.endTime) : '';
  }

  get lengthText(): string {
    return this.endTime > this.startTime ? `时长 ${durationText(this.endTime - this.startTime)}` : '';
  }

  get storeName(): string {
    return this.stores.find((s) => s.id === this.storeId)?.name ?? '';
  }

  /** The store picker's rows: 不关联门店, then each store. */
  get storeOptions(): Array<{ id: string; name: string }> {
    return [{ id: '', name: '不关联门店' }, ...this.stores.map((s) => ({ id: s.id, name: s.name }))];
  }

  /** The page opens: a fresh form and the shop's stores. */
  async start(): Promise<void> {
    this.reset();
    const stores = await listLiveStores().catch(() => null);
    if (stores) runInAction(() => (this.stores = stores));
  }

  /** A fresh form: the next half hour, for two hours. */
  reset(): void {
    const times = defaultRoomTimes(this.now());
    this.name = '';
    this.anchorName = '';
    this.storeId = '';
    this.startTime = times.startTime;
    this.endTime = times.endTime;
    this.serverError = '';
    this.hints = {};
    this.submitting = false;
  }

  set(field: 'name' | 'anchorName' | 'storeId', value: string): void {
    this[field] = String(value ?? '');
    this.serverError = '';
    this.checkTouched(field);
  }

  /** A new start keeps the room's length (the end moves with it). */
  setStart(ms: number): void {
    const length = this.endTime - this.startTime;
    this.startTime = ms;
    this.endTime = ms + (length > 0 ? length : 2 * 3600_000);
    this.serverError = '';
    this.checkTouched('startTime');
    this.checkTouched('endTime');
  }

  setEnd(ms: number): void {
    this.endTime = ms;
    this.serverError = '';
    this.checkTouched('endTime');
  }

  /** Hints for the fields filled in so far (an untouched empty name says nothing yet). */
  private checkTouched(field: keyof RoomFormValues | 'storeId'): void {
    if (field === 'storeId') return;
    const all = roomFormHints(this.values, this.now());
    this.hints = { ...this.hints, [field]: all[field] ?? '' };
  }

  /** Sends the form; an empty name or anchor is not sent. Answers the new room's id. */
  async submit(): Promise<ActionResult & { roomId?: string }> {
    if (this.submitting) return refusal('正在创建，请稍候');
    const all = roomFormHints(this.values, this.now());
    this.hints = all;
    if (!this.name.trim() || !this.anchorName.trim()) return refusal(all.name ?? all.anchorName ?? '请填写完整');
    this.submitting = true;
    this.serverError = '';
    try {
      const { roomId } = await createLiveRoom({
        name: this.name.trim(),
        anchorName: this.anchorName.trim(),
        startTime: this.startTime,
        endTime: this.endTime,
        ...(this.storeId ? { storeId: this.storeId } : {}),
      });
      runInAction(() => (this.submitting = false));
      return { ok: true, roomId };
    } catch (err) {
      const f = liveFailure(err, '创建失败，请稍后重试');
      runInAction(() => {
        this.submitting = false;
        this.serverError = f.message;
      });
      return f;
    }
  }
}

export const liveRoomForm = new LiveRoomForm();
