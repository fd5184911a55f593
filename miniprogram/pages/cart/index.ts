/**
 * Cart (tab page): the server's cart, line by line - select, change the quantity, swipe to delete -, the lines
 * that cannot be bought (失效商品), and 结算 with the selected lines. 管理 switches the checkboxes to marking lines
 * for one 删除; "还差 ¥x 免运费" comes from the server's shipping outlook; a short cart shows a few best sellers.
 * index.json also registers van-checkbox-group, unused: van-checkbox declares a relation to it, and
 * miniprogram-simulate answers that relation with null (WeChat with []) unless the component is registered.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { cartStore } from '../../stores/cart';
import { cartRecommend } from '../../stores/cart-recommend';
import type { DatasetEvent, DetailEvent } from '../../utils/events';
import { encodeItems } from '../../utils/order';
import type { ActionResult } from '../../utils/result';
import { toast } from '../../utils/wx';

type SkuEvent = DatasetEvent<{ sku: string }>;

function report(result: ActionResult): void {
  if (!result.ok) toast(result.message);
}

ComponentWithStore({
  storeBindings: [
    {
      store: cartStore,
      fields: [
        'lines',
        'invalid',
        'loading',
        'loaded',
        'error',
        'empty',
        'selectedCount',
        'selectedSubtotal',
        'allSelected',
        'editing',
        'markedMap',
        'allMarked',
        'marked',
        'shipping',
        'freeShippingShortBy',
      ],
      actions: {},
    },
    { store: cartRecommend, fields: { showRecommend: 'show', recommendations: 'items' }, actions: {} },
  ],
  methods: {
    onShow() {
      cartStore.syncBadge();
      void cartStore.load();
      void cartRecommend.load();
    },
    onPullDownRefresh() {
      void cartStore.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      void cartStore.load();
      void cartRecommend.load();
    },
    onToggleEdit() {
      cartStore.setEditing(!cartStore.editing);
    },
    onMark(e: SkuEvent & DetailEvent<boolean>) {
      cartStore.mark(e.currentTarget.dataset.sku, e.detail);
    },
    onMarkAll(e: DetailEvent<boolean>) {
      cartStore.markAll(e.detail);
    },
    onRemoveMarked() {
      const n = cartStore.marked.length;
      if (n === 0) {
        toast('请选择要删除的商品');
        return;
      }
      void wx.showModal({
        title: '删除商品',
        content: `确定从购物车删除这 ${n} 种商品吗？`,
        confirmText: '删除',
        confirmColor: '#ee0a24',
        success: (res) => {
          if (res.confirm) void cartStore.removeMarked().then(report);
        },
      });
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
