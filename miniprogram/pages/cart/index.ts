/**
 * Cart (tab page): the server's cart, line by line - select, change the quantity, swipe to delete -, the lines
 * that cannot be bought (失效商品), and 结算 with the selected lines.
 * index.json also registers van-checkbox-group, unused: van-checkbox declares a relation to it, and
 * miniprogram-simulate answers that relation with null (WeChat with []) unless the component is registered.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { cartStore } from '../../stores/cart';
import type { DatasetEvent, DetailEvent } from '../../utils/events';
import { encodeItems } from '../../utils/order';
import type { ActionResult } from '../../utils/result';
import { toast } from '../../utils/wx';

type SkuEvent = DatasetEvent<{ sku: string }>;

function report(result: ActionResult): void {
  if (!result.ok) toast(result.message);
}

ComponentWithStore({
  storeBindings: {
    store: cartStore,
    fields: ['lines', 'invalid', 'loading', 'loaded', 'error', 'empty', 'selectedCount', 'selectedSubtotal', 'allSelected'],
    actions: {},
  },
  methods: {
    onShow() {
      cartStore.syncBadge();
      void cartStore.load();
    },
    onPullDownRefresh() {
      void cartStore.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      void cartStore.load();
    },
    onSelect(e: SkuEvent & DetailEvent<boolean>) {
      void cartStore.select(e.currentTarget.dataset.sku, e.detail).then(report);
    },
    onSelectAll(e: DetailEvent<boolean>) {
      void cartStore.selectAll(e.detail).then(report);
    },
    onQtyChange(e: SkuEvent & DetailEvent<number>) {
      const qty = Math.floor(Number(e.detail));
      if (!Number.isFinite(qty) || qty < 1) return;
      void cartStore.setQty(e.currentTarget.dataset.sku, qty).then(report);
    },
    onDelete(e: SkuEvent) {
      void cartStore.remove([e.currentTarget.dataset.sku]).then(report);
    },
    onClearInvalid() {
      void cartStore.clearInvalid().then(report);
    },
    onOpenProduct(e: DatasetEvent<{ product: string }>) {
      const id = e.currentTarget.dataset.product;
      if (id) void wx.navigateTo({ url: `/packages/goods/pages/detail/index?id=${encodeURIComponent(id)}` });
    },
    onGoHome() {
      void wx.switchTab({ url: '/pages/home/index' });
    },
    onCheckout() {
      const items = cartStore.checkoutItems;
      if (items.length === 0) {
        toast('请选择要结算的商品');
        return;
      }
      void wx.navigateTo({ url: `/packages/order/pages/checkout/index?from=cart&items=${encodeURIComponent(encodeItems(items))}` });
    },
  },
});
