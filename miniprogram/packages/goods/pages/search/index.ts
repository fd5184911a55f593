/** Search: a keyword box and the paginated results. Opens with `?keyword=` when given one. */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { searchFeed } from '../../../../stores/product-feed';
import type { DetailEvent } from '../../../../utils/events';

ComponentWithStore({
  data: { keyword: '', searchedFor: '' },
  storeBindings: {
    store: searchFeed,
    fields: ['items', 'loading', 'error', 'empty', 'showNoMore'],
    actions: { onRetry: 'retry' },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      searchFeed.clear();
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
    onClear() {
      this.setData({ keyword: '', searchedFor: '' });
      searchFeed.clear();
    },
    onCancel() {
      void wx.navigateBack();
    },
    onReachBottom() {
      void searchFeed.loadMore();
    },
    search(keyword: string) {
      this.setData({ keyword, searchedFor: keyword });
      void searchFeed.reset({ keyword });
    },
  },
});
