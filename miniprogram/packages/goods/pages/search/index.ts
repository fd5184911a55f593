/** Search: a keyword box and the paginated results. Opens with `?keyword=` when given one. */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import type { ProductSort } from '../../../../../typings/api';
import { searchFeed } from '../../../../stores/product-feed';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { isProductSort, nextSort, SORT_TABS, type SortTab, tabOf } from '../../../../utils/product-sort';
import { shareStore } from '../../../../stores/share';

ComponentWithStore({
  data: { keyword: '', searchedFor: '', sort: 'default' as ProductSort, sortTab: 'default' as SortTab, sortTabs: SORT_TABS },
  storeBindings: {
    store: searchFeed,
    fields: ['items', 'loading', 'error', 'empty', 'showNoMore', 'total'],
    actions: { onRetry: 'retry' },
  },
  methods: {
    onShareAppMessage() {
      const keyword = this.data.searchedFor;
      const path = keyword ? `/packages/goods/pages/search/index?keyword=${encodeURIComponent(keyword)}` : '/packages/goods/pages/search/index';
      return shareStore.sharePage(path, keyword ? `好物小店：${keyword}` : '好物小店：搜索好物');
    },
    onLoad(query: Record<string, string | undefined>) {
      searchFeed.clear();
      if (isProductSort(query.sort)) this.setData({ sort: query.sort, sortTab: tabOf(query.sort) });
      const keyword = query.keyword ? decodeURIComponent(query.keyword) : '';
      if (keyword) this.search(keyword);
    },
    onKeywordChange(e: DetailEvent<string>) {
      this.setData({ keyword: e.detail });
    },
    onSearch(e: DetailEvent<string>) {
      const keyword = (e.detail ?? this.data.keyword).trim();
      if (!keyword) {
        void wx.showToast({ title: '请输入搜索内容', icon: 'none' });
        return;
      }
      this.search(keyword);
    },
    /** 综合 / 销量 / 价格: the same keyword from the first page under the new sort (价格 flips ↑↓ on each tap). */
    onSortTap(e: DatasetEvent<{ tab: SortTab }>) {
      const sort = nextSort(this.data.sort, e.currentTarget.dataset.tab);
      if (sort === this.data.sort) return;
      this.setData({ sort, sortTab: tabOf(sort) });
      if (this.data.searchedFor) void searchFeed.reset({ keyword: this.data.searchedFor, sort });
    },
    onClear() {
      this.setData({ keyword: '', searchedFor: '' });
      searchFeed.clear();
    },
    onGoHome() {
      void wx.switchTab({ url: '/pages/home/index' });
    },
    onCancel() {
      void wx.navigateBack();
    },
    onReachBottom() {
      void searchFeed.loadMore();
    },
    search(keyword: string) {
      this.setData({ keyword, searchedFor: keyword });
      void searchFeed.reset({ keyword, sort: this.data.sort });
    },
  },
});
