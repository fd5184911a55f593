/** Home: search entry, banners, category shortcuts, the promotion strip and the recommended product feed. */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { cartStore } from '../../stores/cart';
import { catalogStore } from '../../stores/catalog';
import { homeStore } from '../../stores/home';
import { homeFeed } from '../../stores/product-feed';
import type { DatasetEvent } from '../../utils/events';
import { openLink } from '../../utils/link';
import { shareStore } from '../../stores/share';

ComponentWithStore({
  storeBindings: [
    { store: homeStore, fields: ['banners', 'notices', 'categories'], actions: {} },
    {
      store: homeFeed,
      fields: ['items', 'loading', 'error', 'empty', 'showNoMore'],
      actions: {},
    },
  ],
  methods: {
    onLoad() {
      void homeStore.load();
      void homeFeed.reset({});
    },
    onShow() {
      cartStore.syncBadge();
    },
    onPullDownRefresh() {
      void Promise.all([homeStore.load(), homeFeed.refresh()]).then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      void homeStore.load();
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
    onShareAppMessage() {
      // A distributor's card carries their token (stores/share.ts).
      return shareStore.shareFor({ type: 'home' }, '好物小店：精选好物，每日上新');
    },
  },
});
