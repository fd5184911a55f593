/** Category: the top-level categories in a sidebar and the selected category's products (paginated). */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { cartStore } from '../../stores/cart';
import { catalogStore } from '../../stores/catalog';
import { categoryFeed } from '../../stores/product-feed';
import { shareStore } from '../../stores/share';
import type { DetailEvent } from '../../utils/events';

/** Points the product list at the active category when it changed (first show, a home shortcut, a sidebar tap). */
function syncFeed(): void {
  const active = catalogStore.activeCategory;
  if (active && categoryFeed.query.categoryId !== active.id) void categoryFeed.reset({ categoryId: active.id });
}

ComponentWithStore({
  data: { scrollTop: 0 },
  storeBindings: [
    {
      store: catalogStore,
      fields: { categories: 'topCategories', activeIndex: 'activeIndex', categoriesError: 'error' },
      actions: {},
    },
    {
      store: categoryFeed,
      fields: ['items', 'loading', 'error', 'empty', 'showNoMore'],
      actions: { onLoadMore: 'loadMore', onRetry: 'retry' },
    },
  ],
  methods: {
    onShareAppMessage() {
      // A distributor's card carries their token (stores/share.ts).
      return shareStore.sharePage('/pages/category/index', '好物小店：全部分类');
    },
    onShow() {
      cartStore.syncBadge();
      void catalogStore.loadCategories().then(syncFeed);
    },
    onCategoryChange(e: DetailEvent<number>) {
      const category = catalogStore.topCategories[e.detail];
      if (!category) return;
      catalogStore.setActiveCategory(category.id);
      this.setData({ scrollTop: 0 });
      syncFeed();
    },
    onReloadCategories() {
      void catalogStore.loadCategories(true).then(syncFeed);
    },
    onSearchTap() {
      void wx.navigateTo({ url: '/packages/goods/pages/search/index' });
    },
  },
});
