/**
 * The live list: one tab at a time (直播中 / 预告 / 回放 = live / upcoming / ended), optionally one store's rooms,
 * cursor-paginated (live.rooms). A tab or store change starts the list over (a late answer for the tab the shopper
 * left is dropped: PagedList). The store filter shows only when the shop has stores (live.stores).
 * Each page carries the shop's reminder template (what 提醒我 asks consent for) and, per room, whether the shopper
 * already asked for its reminder (told to the session, which also remembers this run's taps: the cards read it there).
 */
import { action, computed, makeObservable, observable } from 'mobx-miniprogram';
import type { LiveRoom, LiveRoomPage, LiveStatus, LiveStore } from '../../../../typings/api';
import { listLiveRooms, listLiveStores } from '../../../services/live';
import type { RoomsQuery } from '../../../services/live';
import { PagedList } from '../../../stores/paged-list';
import { roomTagText } from '../../../utils/live';
import type { LiveSessionStore } from './session';
import { liveSession } from './session';

/** A room card as the list shows it. */
export interface RoomCard {
  roomId: string;
  name: string;
  cover: string;
  anchorName: string;
  status: LiveStatus;
  /** 直播中 / "11-20 20:00 开播" / 回放. */
  tagText: string;
  /** What the anchor is explaining now ('' when nothing or not live). */
  explainingTitle: string;
  explainingImage: string;
  goodsCount: number;
  /** Upcoming: the card has 提醒我 / 已预约. */
  canRemind: boolean;
}

export function toRoomCard(room: LiveRoom): RoomCard {
  const explaining = room.status === 'live' ? room.explaining : null;
  return {
    roomId: room.roomId,
    name: room.name,
    cover: room.cover,
    anchorName: room.anchorName,
    status: room.status,
    tagText: roomTagText(room),
    explainingTitle: explaining?.title ?? '',
    explainingImage: explaining?.image ?? '',
    goodsCount: room.goodsCount,
    canRemind: room.status === 'upcoming',
  };
}

export interface StoreOption {
  /** '' = every store. */
  id: string;
  name: string;
}

export class LiveRoomListStore extends PagedList<LiveRoom> {
  status: LiveStatus = 'live';
  /** null = every store. */
  storeId: string | null = null;
  stores: LiveStore[] = [];
  /** The subscribe template 提醒我 asks consent for, as the last page said; null when the shop has none. */
  reminderTemplateId: string | null = null;

  constructor(private readonly session: LiveSessionStore = liveSession) {
    super((r) => r.roomId, 'live');
    makeObservable<LiveRoomListStore, 'receiveStores' | 'receivePage'>(this, {
      status: observable,
      storeId: observable,
      stores: observable,
      reminderTemplateId: observable,
      storeOptions: computed,
      showStoreFilter: computed,
      reset: action,
      receiveStores: action,
      receivePage: action,
    });
  }

  /** The filter's chips: 全部门店, then each store. */
  get storeOptions(): StoreOption[] {
    return [{ id: '', name: '全部门店' }, ...this.stores.map((s) => ({ id: s.id, name: s.name }))];
  }

  get showStoreFilter(): boolean {
    return this.stores.length > 0;
  }

  /** The shop's stores for the filter; a failure hides the filter. */
  async loadStores(): Promise<void> {
    try {
      this.receiveStores(await listLiveStores());
    } catch {
      this.receiveStores([]);
    }
  }

  /** Shows `status` rooms (of `storeId`, null = every store) from the first page. */
  reset(status: LiveStatus, storeId: string | null = this.storeId): Promise<void> {
    this.startOver();
    this.status = status;
    this.storeId = storeId || null;
    return this.loadFirst();
  }

  protected fetchPage(cursor: string | null): Promise<LiveRoomPage> {
    const query: RoomsQuery = { status: this.status };
    if (this.storeId) query.storeId = this.storeId;
    if (cursor) query.cursor = cursor;
    return listLiveRooms(query).then((page) => {
      // Before the cards show: their 已预约 and the template their 提醒我 asks for are the page's own.
      this.receivePage(page);
      return page;
    });
  }

  private receivePage(page: LiveRoomPage): void {
    this.reminderTemplateId = page.reminderTemplateId;
    this.session.learn(...page.items);
  }

  private receiveStores(stores: LiveStore[]): void {
    this.stores = stores;
  }
}

export const liveRoomList = new LiveRoomListStore();
