/**
 * My orders: a tab per status (全部/待付款/待发货/待收货/已完成/已取消), infinite scroll. Opened with `?status=`.
 * The cards reach the view by path (bindItemsByPath): a new page sends its own cards only. A card comes with its
 * 去支付 countdown; the ticking `countdowns` take over once they reach the view (utils/card.wxs).
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { isOrderStatus, ORDER_TABS, orderTabIndex } from '../../../../utils/order';
import { toast, toastSuccess } from '../../../../utils/wx';
import { orderList } from '../../stores/order-list';

type OrderEvent = DatasetEvent<{ id: string }>;

const shown = new WeakSet<object>();
const unbind = new WeakMap<object, () => void>();

ComponentWithStore({
  data: { tabs: ORDER_TABS.map((t) => t.title), active: 0, orders: [] as unknown[] },
  storeBindings: {
    store: orderList,
    fields: { loading: 'loading', error: 'error', empty: 'empty', showNoMore: 'showNoMore', countdowns: 'countdowns', acting: 'acting' },
    actions: { onRetry: 'retry' },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      unbind.set(this, bindItemsByPath(this, orderList, 'orders', (o) => orderList.cardOf(o)));
      const status = isOrderStatus(query.status) ? query.status : undefined;
      const active = orderTabIndex(status);
      this.setData({ active });
      void orderList.reset(ORDER_TABS[active].status);
    },
    onUnload() {
      orderList.stopTicking();
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onShow() {
      // Back from an order's page: it may have been paid, cancelled or received meanwhile.
      if (shown.has(this)) void orderList.refresh();
      shown.add(this);
      orderList.startTicking();
    },
    onHide() {
      orderList.stopTicking();
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
    onOpenOrder(e: OrderEvent) {
      void wx.navigateTo({ url: `/packages/order/pages/detail/index?orderId=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
    onGoHome() {
      void wx.switchTab({ url: '/pages/home/index' });
    },
    /** The action row catches taps so a button never also opens the order. */
    onActionsTap() {},
    async onPayTap(e: OrderEvent) {
      const result = await orderList.pay(e.currentTarget.dataset.id);
      if (!result.ok) toast(result.message);
      else if (result.cancelled) toast('支付已取消');
      else if (result.paid) toastSuccess('支付成功');
      else toast('支付结果确认中，请稍后刷新');
    },
    onConfirmTap(e: OrderEvent) {
      const orderId = e.currentTarget.dataset.id;
      void wx.showModal({
        title: '确认收货',
        content: '请确认已收到商品，确认后订单完成。',
        confirmText: '确认收货',
        confirmColor: '#ee0a24',
        cancelText: '再想想',
        success: (res) => {
          if (!res.confirm) return;
          void orderList.confirmReceipt(orderId).then((r) => (r.ok ? toastSuccess('已确认收货') : toast(r.message)));
        },
      });
    },
    async onRebuyTap(e: OrderEvent) {
      const result = await orderList.rebuy(e.currentTarget.dataset.id);
      if (!result.ok) {
        toast(result.message);
        return;
      }
      if (result.skipped) toast(`${result.skipped} 件商品已下架或库存不足，其余已加入购物车`);
      void wx.switchTab({ url: '/pages/cart/index' });
    },
  },
});
