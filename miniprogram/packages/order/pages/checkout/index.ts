/**
 * Checkout: address, lines, coupon, remark and the server's totals; 提交订单 creates the order, pays it and
 * lands on the result page. Opened with `?items=skuA*2,skuB*1` (and `from=cart` from the cart; `roomId=` from a
 * live room's product page - otherwise the room the shopper came from lately, if any).
 * The quote reaches the view once: its figures (`totals`), its lines, address and coupons each bound on their own.
 * A new price at submit (PRICE_CHANGED) replaces the figures and is announced in a dialog; nothing is ordered.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { addressStore } from '../../../../stores/address';
import { checkoutStore } from '../../stores/checkout';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { roomIdFromQuery } from '../../../../utils/live';
import { decodeItems } from '../../../../utils/order';
import { alert, toast } from '../../../../utils/wx';

/** Pages that have been shown once (a later onShow is a return from the address picker). */
const shown = new WeakSet<object>();

ComponentWithStore({
  data: { couponPopup: false },
  storeBindings: {
    store: checkoutStore,
    fields: [
      'hasQuote',
      'totals',
      'leftOutNotice',
      'address',
      'addressText',
      'lines',
      'itemCount',
      'eligibleCoupons',
      'ineligibleCoupons',
      'appliedCouponId',
      'couponHint',
      'quoting',
      'error',
      'submitting',
      'canSubmit',
      'remark',
      'liveSaved',
      'liveNotice',
    ],
    actions: {},
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const roomId = roomIdFromQuery(query);
      if (roomId) void checkoutStore.start(decodeItems(query.items), query.from === 'cart', roomId);
      else void checkoutStore.start(decodeItems(query.items), query.from === 'cart');
    },
    onShow() {
      // The first show follows onLoad; WeChat Pay's cashier also hides and shows the page while submitting.
      if (!shown.has(this) || checkoutStore.submitting) {
        shown.add(this);
        return;
      }
      const picked = addressStore.takePicked();
      if (picked) void checkoutStore.chooseAddress(picked.id);
      else void checkoutStore.requote();
    },
    onRetry() {
      void checkoutStore.requote();
    },
    onChooseAddress() {
      const id = checkoutStore.address?.id ?? '';
      void wx.navigateTo({ url: `/packages/user/pages/address-list/index?select=1&selected=${encodeURIComponent(id)}` });
    },
    onOpenCoupons() {
      this.setData({ couponPopup: true });
    },
    onCloseCoupons() {
      this.setData({ couponPopup: false });
    },
    onCouponTap(e: DatasetEvent<{ id: string }>) {
      const { id } = e.currentTarget.dataset;
      if (!checkoutStore.isChoosable(id)) return;
      this.setData({ couponPopup: false });
      if (id !== checkoutStore.appliedCouponId) void checkoutStore.chooseCoupon({ kind: 'id', id });
    },
    onNoCoupon() {
      this.setData({ couponPopup: false });
      if (checkoutStore.couponChoice.kind !== 'none') void checkoutStore.chooseCoupon({ kind: 'none' });
    },
    onRemarkChange(e: DetailEvent<string>) {
      checkoutStore.setRemark(String(e.detail ?? ''));
    },
    async onSubmit() {
      const result = await checkoutStore.submit();
      if (!result.ok) {
        if (result.code === 'PRICE_CHANGED') alert(result.message, '价格有变化');
        else toast(result.message);
        return;
      }
      const query = `orderId=${encodeURIComponent(result.orderId)}&paid=${result.paid ? 1 : 0}`;
      const note = result.message ? `&note=${encodeURIComponent(result.message)}` : '';
      void wx.redirectTo({ url: `/packages/order/pages/result/index?${query}${note}` });
    },
  },
});
