/**
 * An after-sale: status header, the refund, the lines, reason and description, the timeline, and 撤销申请 while the
 * merchant has not answered (confirmed in a van-dialog). Opened with `?id=` (`&created=1` right after the request).
 * Each page has its own store; back on the page (or pulled down) it reads the after-sale again.
 */
import { ComponentWithStore, createStoreBindings } from 'mobx-miniprogram-bindings';
import { AfterSaleDetailStore } from '../../stores/after-sale-detail';
import { toast, toastSuccess } from '../../../../utils/wx';

type Bindings = ReturnType<typeof createStoreBindings>;

const FIELDS = [
  'afterSale',
  'loading',
  'error',
  'notFound',
  'statusText',
  'statusHint',
  'reasonText',
  'steps',
  'createdText',
  'refundedText',
  'displayOrderNo',
  'itemCount',
  'canCancel',
  'cancelling',
];

const pages = new WeakMap<object, { store: AfterSaleDetailStore; bindings: Bindings; shown: boolean }>();

function storeOf(page: object): AfterSaleDetailStore | null {
  return pages.get(page)?.store ?? null;
}

ComponentWithStore({
  data: { dialogShow: false },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const store = new AfterSaleDetailStore();
      pages.set(this, { store, bindings: createStoreBindings(this, { store, fields: FIELDS, actions: {} }), shown: false });
      void store.load(query.id ? decodeURIComponent(query.id) : '');
      if (query.created === '1') toastSuccess('申请已提交');
    },
    onShow() {
      const entry = pages.get(this);
      if (!entry) return;
      if (entry.shown) void entry.store.reload();
      entry.shown = true;
    },
    onUnload() {
      pages.get(this)?.bindings.destroyStoreBindings();
      pages.delete(this);
    },
    onPullDownRefresh() {
      void storeOf(this)?.reload().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      const store = storeOf(this);
      if (store) void store.load(store.id);
    },
    onAskCancel() {
      this.setData({ dialogShow: true });
    },
    onDialogCancel() {
      this.setData({ dialogShow: false });
    },
    async onDialogConfirm() {
      this.setData({ dialogShow: false });
      const store = storeOf(this);
      if (!store) return;
      const result = await store.cancel();
      if (result.ok) toastSuccess('已撤销申请');
      else toast(result.message);
    },
    onOpenOrder() {
      const orderId = storeOf(this)?.afterSale?.orderId;
      if (orderId) void wx.navigateTo({ url: `/packages/order/pages/detail/index?orderId=${encodeURIComponent(orderId)}` });
    },
    onCopyId() {
      const id = storeOf(this)?.afterSale?.id;
      if (id) void wx.setClipboardData({ data: id });
    },
    onPreviewImage(e: { currentTarget: { dataset: { url: string } } }) {
      const urls = storeOf(this)?.afterSale?.images ?? [];
      void wx.previewImage({ current: e.currentTarget.dataset.url, urls });
    },
  },
});
