/**
 * A live room: cover, status and times, the store, 进入直播间 (the live-player-plugin), the replay, the goods with
 * the live price (a tap opens the product with `room_id`, so the live price applies), the room's coupons, 提醒我 for
 * an upcoming room and the lottery (card + sheet). Opened with `?roomId=`. Each page gets its own LiveRoomStore
 * (room pages can stack), bound by hand in onLoad; a one-second tick runs while the page is shown (the lottery's
 * countdown, and its draw).
 */
import { ComponentWithStore, createStoreBindings } from 'mobx-miniprogram-bindings';
import { shareStore } from '../../../../stores/share';
import type { DatasetEvent } from '../../../../utils/events';
import { liveProductPath, roomIdFromQuery, roomPagePath } from '../../../../utils/live';
import { toast, toastSuccess } from '../../../../utils/wx';
import { LiveRoomStore } from '../../stores/room';
import { askReminderConsent } from '../../utils/subscribe';

type Bindings = ReturnType<typeof createStoreBindings>;

interface PageState {
  store: LiveRoomStore;
  bindings: Bindings;
  timer: ReturnType<typeof setInterval> | null;
  shown: boolean;
}

const pages = new WeakMap<object, PageState>();

const storeOf = (page: object): LiveRoomStore | null => pages.get(page)?.store ?? null;

function stopTicking(page: object): void {
  const state = pages.get(page);
  if (state?.timer) clearInterval(state.timer);
  if (state) state.timer = null;
}

ComponentWithStore({
  data: { lotteryVisible: false, entering: false },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const store = new LiveRoomStore();
      const bindings = createStoreBindings(this, {
        store,
        fields: ['room', 'goods', 'coupons', 'lottery', 'canRemind', 'reminded', 'reminding', 'loading', 'error', 'notFound', 'claiming', 'joining', 'check'],
        actions: {},
      });
      pages.set(this, { store, bindings, timer: null, shown: false });
      void wx.showShareMenu({ menus: ['shareAppMessage'] });
      const roomId = roomIdFromQuery(query);
      if (roomId) void store.load(roomId);
      else store.showMissing();
    },
    onUnload() {
      stopTicking(this);
      pages.get(this)?.bindings.destroyStoreBindings();
      pages.delete(this);
    },
    onShow() {
      const state = pages.get(this);
      if (!state) return;
      // Back from the plugin or a product: what is explained, the coupons and the lottery may have moved on.
      if (state.shown) void state.store.refresh();
      state.shown = true;
      stopTicking(this);
      state.store.tick();
      state.timer = setInterval(() => state.store.tick(), 1000);
    },
    onHide() {
      stopTicking(this);
    },
    onPullDownRefresh() {
      const store = storeOf(this);
      void (store ? store.refresh() : Promise.resolve()).then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      const store = storeOf(this);
      if (store) void store.load(store.roomId);
    },
    /** 进入直播间: the live-player-plugin's room (a distributor's token rides along in custom_params). */
    onEnterRoom() {
      const store = storeOf(this);
      if (!store || this.data.entering) return;
      this.setData({ entering: true });
      void store.enterUrl().then((url) => {
        this.setData({ entering: false });
        wx.navigateTo({ url, fail: () => toast('暂时无法进入直播间，请稍后重试') });
      });
    },
    onOpenGoods(e: DatasetEvent<{ id: string }>) {
      const store = storeOf(this);
      if (store) void wx.navigateTo({ url: liveProductPath(e.currentTarget.dataset.id, store.roomId) });
    },
    onClaimCoupon(e: DatasetEvent<{ id: string }>) {
      const store = storeOf(this);
      if (!store) return;
      void store.claim(e.currentTarget.dataset.id).then((r) => (r.ok ? toastSuccess('领取成功') : toast(r.message)));
    },
    /** 提醒我: the consent dialog first (WeChat allows it only right in the tap), then live.remind if accepted. */
    onRemind() {
      const store = storeOf(this);
      if (!store || store.reminded || store.reminding) return;
      const consent = askReminderConsent(store.reminderTemplateId);
      void store.remind(consent).then((r) => (r.ok ? toastSuccess('已预约') : toast(r.message)));
    },
    onOpenLottery() {
      this.setData({ lotteryVisible: true });
    },
    onCloseLottery() {
      this.setData({ lotteryVisible: false });
    },
    onJoinLottery() {
      const store = storeOf(this);
      if (!store) return;
      void store.joinLottery().then((r) => (r.ok ? toastSuccess('已参与') : toast(r.message)));
    },
    onVerifyLottery() {
      storeOf(this)?.verify();
    },
    onShareAppMessage() {
      const store = storeOf(this);
      const room = store?.room;
      // A distributor's card carries their token (stores/share.ts).
      return shareStore.sharePage(roomPagePath(store?.roomId ?? ''), room ? `直播 · ${room.name}` : '直播间');
    },
  },
});
