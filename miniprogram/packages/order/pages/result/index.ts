/**
 * After checkout: paid (支付成功), or not paid with 重新支付 and 查看订单. Opened with `?orderId=&paid=1|0`
 * (and `note`, why paying did not go through); what it shows comes from the order as the server has it.
 */
import { ComponentWithStore, createStoreBindings } from 'mobx-miniprogram-bindings';
import { OrderDetailStore } from '../../stores/order-detail';
import { toast } from '../../../../utils/wx';

type Bindings = ReturnType<typeof createStoreBindings>;

const FIELDS = ['detail', 'loading', 'error', 'paid', 'pending', 'canPay', 'showCountdown', 'countdownText', 'statusText', 'acting'];

const pages = new WeakMap<object, { store: OrderDetailStore; bindings: Bindings }>();

ComponentWithStore({
  data: { note: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const store = new OrderDetailStore();
      pages.set(this, { store, bindings: createStoreBindings(this, { store, fields: FIELDS, actions: {} }) });
      this.setData({ note: query.note ? decodeURIComponent(query.note) : '' });
      void store.load(query.orderId ? decodeURIComponent(query.orderId) : '');
    },
    onShow() {
      pages.get(this)?.store.startTicking();
    },
    onHide() {
      pages.get(this)?.store.stopTicking();
    },
    onUnload() {
      const entry = pages.get(this);
      entry?.store.stopTicking();
      entry?.bindings.destroyStoreBindings();
      pages.delete(this);
    },
    async onPay() {
      const store = pages.get(this)?.store;
      if (!store) return;
      const result = await store.pay();
      if (!result.ok) toast(result.message);
      else if (result.cancelled) toast('支付已取消');
      else if (!result.paid) toast('支付结果确认中，请稍后查看订单');
      this.setData({ note: '' });
    },
    onViewOrder() {
      const id = pages.get(this)?.store.orderId;
      if (id) void wx.redirectTo({ url: `/packages/order/pages/detail/index?orderId=${encodeURIComponent(id)}` });
    },
    onGoHome() {
      void wx.switchTab({ url: '/pages/home/index' });
    },
  },
});
