/**
 * 直播: a tab per phase (直播中 / 预告 / 回放), the store filter (only when the shop has stores), room cards by page
 * (bindItemsByPath), pull-down refresh. A card opens the room page; an upcoming card's 提醒我 asks the shopper's
 * consent right in the tap, then live.remind. Opened with `?status=live|upcoming|ended` (default 直播中).
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { LIVE_TABS, roomPagePath } from '../../../../utils/live';
import { toast, toastSuccess } from '../../../../utils/wx';
import { liveRoomList, toRoomCard } from '../../stores/room-list';
import { liveSession } from '../../stores/session';
import { askReminderConsent } from '../../utils/subscribe';

const unbind = new WeakMap<object, () => void>();
const shown = new WeakSet<object>();

const tabIndex = (status: string | undefined): number => Math.max(0, LIVE_TABS.findIndex((t) => t.status === status));

ComponentWithStore({
  data: { tabs: LIVE_TABS.map((t) => t.title), active: 0, rooms: [] as ReturnType<typeof toRoomCard>[] },
  storeBindings: [
    {
      store: liveRoomList,
      fields: ['loading', 'error', 'empty', 'showNoMore', 'storeOptions', 'showStoreFilter', 'storeId', 'status'],
      actions: { onRetry: 'retry' },
    },
    { store: liveSession, fields: { reminded: 'reminded', reminding: 'reminding' }, actions: {} },
  ],
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      unbind.set(this, bindItemsByPath(this, liveRoomList, 'rooms', toRoomCard));
      const active = tabIndex(query.status);
      this.setData({ active });
      void liveRoomList.loadStores();
      void liveRoomList.reset(LIVE_TABS[active].status, null);
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onShow() {
      // Back from a room: rooms may have gone live or ended meanwhile.
      if (shown.has(this)) void liveRoomList.refresh();
      shown.add(this);
    },
    onTabChange(e: DetailEvent<{ index: number }>) {
      const tab = LIVE_TABS[e.detail.index];
      // van-tabs also reports the change this page made itself (setting `active`).
      if (!tab || e.detail.index === this.data.active) return;
      this.setData({ active: e.detail.index });
      void liveRoomList.reset(tab.status);
    },
    onStoreTap(e: DatasetEvent<{ id: string }>) {
      const id = e.currentTarget.dataset.id || null;
      if (id === liveRoomList.storeId) return;
      void liveRoomList.reset(liveRoomList.status, id);
    },
    onPullDownRefresh() {
      void Promise.all([liveRoomList.refresh(), liveRoomList.loadStores()]).then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void liveRoomList.loadMore();
    },
    onOpenRoom(e: DatasetEvent<{ id: string }>) {
      void wx.navigateTo({ url: roomPagePath(e.currentTarget.dataset.id) });
    },
    /** The card's button row catches taps so 提醒我 never also opens the room. */
    onRemindRowTap() {},
    /** 提醒我: the consent dialog first (only right in the tap), live.remind only if accepted. */
    onRemindTap(e: DatasetEvent<{ id: string }>) {
      const roomId = e.currentTarget.dataset.id;
      if (liveSession.isReminded(roomId) || liveSession.reminding) return;
      // The template came with the page of rooms the card is from.
      const consent = askReminderConsent(liveRoomList.reminderTemplateId);
      void liveSession.remind(roomId, consent).then((r) => (r.ok ? toastSuccess('已预约') : toast(r.message)));
    },
  },
});
