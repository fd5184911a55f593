/**
 * 直播管理 (merchants): the per-store figures, the shop's live rooms (filtered by store when the shop has stores)
 * with their status, times, goods and reminder subscribers; 创建直播间 opens the form. A room opens its management.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import type { DatasetEvent } from '../../../../utils/events';
import { liveRooms, toRoomCard } from '../../stores/live-rooms';

const shown = new WeakSet<object>();
const unbind = new WeakMap<object, () => void>();

ComponentWithStore({
  data: { rooms: [] as ReturnType<typeof toRoomCard>[] },
  storeBindings: {
    store: liveRooms,
    fields: ['loading', 'error', 'empty', 'showNoMore', 'stores', 'storeId', 'storeCards'],
    actions: { onRetry: 'retry' },
  },
  methods: {
    onLoad() {
      unbind.set(this, bindItemsByPath(this, liveRooms, 'rooms', (r) => toRoomCard(r, liveRooms.storeNames)));
      void liveRooms.start();
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onShow() {
      // Back from a room or the form: statuses, goods and new rooms as they are now.
      if (shown.has(this)) void liveRooms.refreshAll();
      shown.add(this);
    },
    onPullDownRefresh() {
      void liveRooms.refreshAll().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void liveRooms.loadMore();
    },
    onStoreTap(e: DatasetEvent<{ id: string }>) {
      const id = e.currentTarget.dataset.id ?? '';
      if (id !== liveRooms.storeId) void liveRooms.filter(id);
    },
    onOpenRoom(e: DatasetEvent<{ id: string }>) {
      void wx.navigateTo({ url: `/packages/merchant/pages/live-room/index?roomId=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
    onCreate() {
      void wx.navigateTo({ url: '/packages/merchant/pages/live-create/index' });
    },
  },
});
