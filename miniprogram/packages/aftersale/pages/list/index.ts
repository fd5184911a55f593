/**
 * 退款/售后: the shopper's after-sales, newest first, infinite scroll; a card opens the after-sale. Back on the page
 * it reads the list again (an after-sale may have been withdrawn or refunded meanwhile).
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import type { DatasetEvent } from '../../../../utils/events';
import { afterSaleList, toAfterSaleCard } from '../../stores/after-sale-list';

const shown = new WeakSet<object>();
const unbind = new WeakMap<object, () => void>();

ComponentWithStore({
  data: { cards: [] as unknown[] },
  storeBindings: {
    store: afterSaleList,
    fields: { loading: 'loading', error: 'error', empty: 'empty', showNoMore: 'showNoMore' },
    actions: { onRetry: 'retry' },
  },
  methods: {
    onLoad() {
      unbind.set(this, bindItemsByPath(this, afterSaleList, 'cards', toAfterSaleCard));
      void afterSaleList.reset();
    },
    onShow() {
      if (shown.has(this)) void afterSaleList.refresh();
      shown.add(this);
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onPullDownRefresh() {
      void afterSaleList.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void afterSaleList.loadMore();
    },
    onOpen(e: DatasetEvent<{ id: string }>) {
      void wx.navigateTo({ url: `/packages/aftersale/pages/detail/index?id=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
    onGoOrders() {
      void wx.navigateTo({ url: '/packages/order/pages/list/index' });
    },
  },
});
