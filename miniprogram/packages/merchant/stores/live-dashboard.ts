/**
 * A room's dashboard: its sales figures (`merchant.liveStats`: GMV, orders, buyers, reminders, by product, and the
 * per-minute timeline drawn as bars coloured by what was being explained) and the room itself (`merchant.liveRoom`,
 * for its name, status and the goods' titles).
 */
import { makeAutoObservable, runInAction } from 'mobx-miniprogram';
import type { LiveStats, MerchantLiveRoom } from '../../../../typings/api';
import type { UiError } from '../../../utils/errors';
import { toUiError } from '../../../utils/errors';
import { fetchLiveStats, getLiveRoom } from '../services/merchant-live';
import type { Chart } from '../utils/live';
import { PHASE_TAG, roomStatusText, roomTimeText, timelineChart } from '../utils/live';

export class LiveDashboardStore {
  roomId = '';
  stats: LiveStats | null = null;
  room: MerchantLiveRoom | null = null;
  loading = false;
  error: UiError | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  /** Product titles: the room's goods, and what sold (a product since removed from the room keeps its title). */
  get titles(): Record<string, string> {
    const titles: Record<string, string> = {};
    for (const p of this.stats?.byProduct ?? []) titles[p.productId] = p.title;
    for (const g of this.room?.goods ?? []) titles[g.productId] = g.title;
    if (this.room?.explaining) titles[this.room.explaining.productId] = this.room.explaining.title;
    return titles;
  }

  get chart(): Chart {
    return timelineChart(this.stats?.timeline ?? [], this.titles);
  }

  get header() {
    const r = this.room;
    return r ? { name: r.name, statusText: roomStatusText(r), tagType: PHASE_TAG[r.status] ?? 'default', timeText: roomTimeText(r.startTime, r.endTime) } : null;
  }

  async load(roomId: string): Promise<void> {
    if (roomId !== this.roomId) {
      this.stats = null;
      this.room = null;
    }
    this.roomId = roomId;
    this.loading = true;
    this.error = null;
    try {
      const [stats, room] = await Promise.all([fetchLiveStats(roomId), getLiveRoom(roomId).catch(() => null)]);
      runInAction(() => {
        if (roomId !== this.roomId) return;
        this.stats = stats;
        if (room) this.room = room;
      });
    } catch (err) {
      runInAction(() => (this.error = toUiError(err, 'merchant')));
    } finally {
      runInAction(() => (this.loading = false));
    }
  }
}

export const liveDashboard = new LiveDashboardStore();
