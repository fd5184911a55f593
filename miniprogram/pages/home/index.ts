/** Home: search entry, category shortcuts and the recommended product feed. */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { cartStore } from '../../stores/cart';
import { catalogStore } from '../../stores/catalog';
import { homeFeed } from '../../stores/product-feed';
import type { DatasetEvent } from '../../utils/events';

ComponentWithStore({
  storeBindings: [
    { store: catalogStore, fields: { categories: 'topCategories' }, actions: {} },
    {
      store: homeFeed,
      fields: ['items', 'loading', 'error', 'empty', 'showNoMore'],
      actions: {},
    },
  ],
  methods: {
    onLoad() {
      void catalogStore.loadCategories();
      void homeFeed.reset({});
    },
    onShow() {
      cartStore.syncBadge();
    },
    onPullDownRefresh() {
      void Promise.all([catalogStore.loadCategories(true), homeFeed.refresh()]).then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      void catalogStore.loadCategories();
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
    onShareAppMessage() {
      return { title: '好物小店：精选好物，每日上新', path: '/pages/home/index' };
    },
  },
});
