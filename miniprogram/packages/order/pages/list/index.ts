/** My orders: a tab per status (全部/待付款/待发货/待收货/已完成/已取消), infinite scroll. Opened with `?status=`. */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { orderList } from '../../../../stores/order-list';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { isOrderStatus, ORDER_TABS, orderTabIndex } from '../../../../utils/order';

const shown = new WeakSet<object>();

ComponentWithStore({
  data: { tabs: ORDER_TABS.map((t) => t.title), active: 0 },
  storeBindings: {
    store: orderList,
    fields: { orders: 'cards', loading: 'loading', error: 'error', empty: 'empty', showNoMore: 'showNoMore' },
    actions: { onRetry: 'retry' },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const status = isOrderStatus(query.status) ? query.status : undefined;
      const active = orderTabIndex(status);
      this.setData({ active });
      void orderList.reset(ORDER_TABS[active].status);
    },
    onShow() {
      // Back from an order's page: it may have been paid, cancelled or received meanwhile.
      if (shown.has(this)) void orderList.refresh();
      shown.add(this);
    },
    onTabChange(e: DetailEvent<{ index: number }>) {
      const tab = ORDER_TABS[e.detail.index];
      // van-tabs also reports the change this page made itself (setting `active`).
      if (!tab || e.detail.index === this.data.active) return;
      this.setData({ active: e.detail.index });
      void orderList.reset(tab.status);
    },
    onPullDownRefresh() {
      void orderList.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void orderList.loadMore();
    },
    onOpenOrder(e: DatasetEvent<{ id: string }>) {
      void wx.navigateTo({ url: `/packages/order/pages/detail/index?orderId=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
  },
});
