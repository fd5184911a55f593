/**
 * An order: status header (with the pay-by countdown while unpaid), address, lines, amounts, shipment, timeline,
 * and the shopper's actions: 去支付 / 取消订单 (unpaid), 确认收货 (shipped), each destructive one confirmed in a
 * van-dialog; 申请退款 / 申请售后 (packages/aftersale) while the order takes a refund request, and the after-sale in
 * progress with its amount (查看进度) when one is open. Opened with `?orderId=`. Each page has its own store (an order page may open from another).
 */
import { ComponentWithStore, createStoreBindings } from 'mobx-miniprogram-bindings';
import { OrderDetailStore } from '../../stores/order-detail';
import { toast, toastSuccess } from '../../../../utils/wx';

type Bindings = ReturnType<typeof createStoreBindings>;
type Confirmable = 'cancel' | 'confirm';

const FIELDS = [
  'detail',
  'loading',
  'error',
  'notFound',
  'statusText',
  'statusHint',
  'showCountdown',
  'countdownText',
  'canPay',
  'canCancel',
  'canConfirm',
  'addressText',
  'steps',
  'createdText',
  'paidText',
  'shippedText',
  'acting',
  'displayNo',
  'refundText',
  'canRefund',
  'afterSaleRow',
  'refundUntilText',
  'hasActions',
];

const DIALOG: Record<Confirmable, { title: string; message: string; button: string }> = {
  cancel: { title: '取消订单', message: '确定取消这个订单吗？取消后优惠券将退回。', button: '取消订单' },
  confirm: { title: '确认收货', message: '请确认已收到商品，确认后订单完成。', button: '确认收货' },
};

const pages = new WeakMap<object, { store: OrderDetailStore; bindings: Bindings; shown?: boolean }>();

function storeOf(page: object): OrderDetailStore | null {
  return pages.get(page)?.store ?? null;
}

ComponentWithStore({
  data: { dialogShow: false, dialogAction: '', dialogTitle: '', dialogMessage: '', dialogButton: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const store = new OrderDetailStore();
      pages.set(this, { store, bindings: createStoreBindings(this, { store, fields: FIELDS, actions: {} }) });
      void store.load(query.orderId ? decodeURIComponent(query.orderId) : '');
    },
    onShow() {
      const entry = pages.get(this);
      if (!entry) return;
      // Back from a refund request or an after-sale: the order's refund state may have changed.
      if (entry.shown) void entry.store.reload();
      entry.shown = true;
      entry.store.startTicking();
    },
    onHide() {
      storeOf(this)?.stopTicking();
    },
    onUnload() {
      const entry = pages.get(this);
      entry?.store.stopTicking();
      entry?.bindings.destroyStoreBindings();
      pages.delete(this);
    },
    onPullDownRefresh() {
      void storeOf(this)?.reload().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      const store = storeOf(this);
      if (store) void store.load(store.orderId);
    },
    async onPay() {
      const store = storeOf(this);
      if (!store) return;
      const result = await store.pay();
      if (!result.ok) toast(result.message);
      else if (result.cancelled) toast('支付已取消');
      else if (result.paid) toastSuccess('支付成功');
      else toast('支付结果确认中，请稍后刷新');
    },
    onAskCancel() {
      this.ask('cancel');
    },
    onAskConfirm() {
      this.ask('confirm');
    },
    ask(action: Confirmable) {
      const d = DIALOG[action];
      this.setData({ dialogShow: true, dialogAction: action, dialogTitle: d.title, dialogMessage: d.message, dialogButton: d.button });
    },
    async onDialogConfirm() {
      const store = storeOf(this);
      const action = this.data.dialogAction as Confirmable | '';
      this.setData({ dialogShow: false, dialogAction: '' });
      if (!store || !action) return;
      const result = action === 'cancel' ? await store.cancel() : await store.confirmReceipt();
      if (!result.ok) toast(result.message);
      else toastSuccess(action === 'cancel' ? '订单已取消' : '已确认收货');
    },
    onDialogCancel() {
      this.setData({ dialogShow: false, dialogAction: '' });
    },
    onCopyOrderNo() {
      const no = storeOf(this)?.detail?.orderNo;
      if (no) void wx.setClipboardData({ data: no });
    },
    onCopyTrackingNo() {
      const no = storeOf(this)?.detail?.shipment?.trackingNo;
      if (no) void wx.setClipboardData({ data: no });
    },
    onRefund() {
      const orderId = storeOf(this)?.orderId;
      if (orderId) void wx.navigateTo({ url: `/packages/aftersale/pages/apply/index?orderId=${encodeURIComponent(orderId)}` });
    },
    onOpenAfterSale() {
      const id = storeOf(this)?.detail?.afterSale?.id;
      if (id) void wx.navigateTo({ url: `/packages/aftersale/pages/detail/index?id=${encodeURIComponent(id)}` });
    },
    onBuyAgain() {
      void wx.switchTab({ url: '/pages/home/index' });
    },
  },
});
