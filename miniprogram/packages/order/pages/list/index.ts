/**
 * My orders: a tab per status (全部/待付款/待发货/待收货/已完成/已取消), infinite scroll. Opened with `?status=`.
 * The cards reach the view by path (bindItemsByPath): a new page sends its own cards only.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { isOrderStatus, ORDER_TABS, orderTabIndex } from '../../../../utils/order';
import { orderList, toCard } from '../../stores/order-list';

const shown = new WeakSet<object>();
const unbind = new WeakMap<object, () => void>();

ComponentWithStore({
  data: { tabs: ORDER_TABS.map((t) => t.title), active: 0, orders: [] as unknown[] },
  storeBindings: {
    store: orderList,
    fields: { loading: 'loading', error: 'error', empty: 'empty', showNoMore: 'showNoMore' },
    actions: { onRetry: 'retry' },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      unbind.set(this, bindItemsByPath(this, orderList, 'orders', toCard));
      const status = isOrderStatus(query.status) ? query.status : undefined;
      const active = orderTabIndex(status);
      this.setData({ active });
      void orderList.reset(ORDER_TABS[active].status);
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
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
