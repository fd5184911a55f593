/**
 * Home: search entry, banners, the live-now strip (rooms live in the shop) with the way to every room, the shop's
 * Channels live or notice, category shortcuts, the promotion strip and the recommended product feed.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { cartStore } from '../../stores/cart';
import { catalogStore } from '../../stores/catalog';
import { channelsStore } from '../../stores/channels';
import { homeStore } from '../../stores/home';
import { liveNow } from '../../stores/live';
import { homeFeed } from '../../stores/product-feed';
import type { DatasetEvent } from '../../utils/events';
import { openLink } from '../../utils/link';
import { LIVE_LIST_PATH, roomPagePath } from '../../utils/live';
import { shareStore } from '../../stores/share';
import { toast } from '../../utils/wx';

/** shop.home, then the Channels block of the account it names. */
function loadHome(): Promise<void> {
  return homeStore.load().then(() => channelsStore.load(homeStore.channels));
}

ComponentWithStore({
  storeBindings: [
    { store: homeStore, fields: ['banners', 'notices', 'categories'], actions: {} },
    {
      store: homeFeed,
      fields: ['items', 'loading', 'error', 'empty', 'showNoMore'],
      actions: {},
    },
    { store: liveNow, fields: { liveRooms: 'cards', liveShow: 'show' }, actions: {} },
    { store: channelsStore, fields: { channels: 'view' }, actions: {} },
  ],
  methods: {
    onLoad() {
      void loadHome();
      void liveNow.load();
      void homeFeed.reset({});
    },
    onShow() {
      cartStore.syncBadge();
    },
    onPullDownRefresh() {
      void Promise.all([loadHome(), liveNow.load(), homeFeed.refresh()]).then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      void loadHome();
      void homeFeed.retry();
    },
    onReachBottom() {
      void homeFeed.loadMore();
    },
    onSearchTap() {
      void wx.navigateTo({ url: '/packages/goods/pages/search/index' });
    },
    onCategoryTap(e: DatasetEvent<{ id: string }>) {
      catalogStore.setActiveCategory(e.currentTarget.dataset.id);
      void wx.switchTab({ url: '/pages/category/index' });
    },
    /** A banner or a notice: its in-app page. */
    onLinkTap(e: DatasetEvent<{ link?: string }>) {
      openLink(e.currentTarget.dataset.link);
    },
    onLiveRoomTap(e: DatasetEvent<{ id: string }>) {
      void wx.navigateTo({ url: roomPagePath(e.currentTarget.dataset.id) });
    },
    onLiveListTap() {
      void wx.navigateTo({ url: LIVE_LIST_PATH });
    },
    /** 去观看: the shop's Channels live. */
    onChannelsWatch() {
      void channelsStore.watch().then((r) => {
        if (!r.ok) toast(r.message);
      });
    },
    /** 预约: the shop's next Channels live. */
    onChannelsReserve() {
      void channelsStore.reserve().then((r) => toast(r.ok ? '已预约，开播时提醒你' : r.message));
    },
    onShareAppMessage() {
      // A distributor's card carries their token (stores/share.ts).
      return shareStore.shareFor({ type: 'home' }, '好物小店：精选好物，每日上新');
    },
  },
});
