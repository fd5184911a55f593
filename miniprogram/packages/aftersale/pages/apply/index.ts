/**
 * 申请退款 / 申请售后: which lines and how many (checkbox + stepper per line, bounded by what is still refundable),
 * the reason (action sheet), an optional description and, on the real cloud, up to 6 pictures; the refund amount is
 * the server's (asked again on every change). 提交申请 creates the after-sale and opens it. Opened with `?orderId=`.
 *
 * Pictures: only on the real cloud (wx.chooseMedia + wx.cloud.uploadFile through the service). The local cloud has
 * no file storage, so in local mode the picker is not shown and a request goes without pictures.
 */
import { ComponentWithStore, createStoreBindings } from 'mobx-miniprogram-bindings';
import type { RefundReason } from '../../../../../typings/api';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { toast } from '../../../../utils/wx';
import { canAttachImages } from '../../services/aftersale';
import { DESCRIPTION_MAX, IMAGES_MAX, REASON_OPTIONS, RefundApplyStore } from '../../stores/refund-apply';

type Bindings = ReturnType<typeof createStoreBindings>;
type LineEvent = DatasetEvent<{ sku: string }>;

const FIELDS = [
  'order',
  'loading',
  'error',
  'notFound',
  'openAfterSale',
  'unavailable',
  'ready',
  'lines',
  'allChecked',
  'selectedUnits',
  'amount',
  'shippingRefund',
  'quoting',
  'quoteError',
  'reasonText',
  'description',
  'imageFiles',
  'uploading',
  'submitting',
  'canSubmit',
];

const pages = new WeakMap<object, { store: RefundApplyStore; bindings: Bindings }>();

function storeOf(page: object): RefundApplyStore | null {
  return pages.get(page)?.store ?? null;
}

ComponentWithStore({
  data: {
    reasonSheet: false,
    reasonActions: REASON_OPTIONS.map((o) => ({ name: o.name, reason: o.reason })),
    descriptionMax: DESCRIPTION_MAX,
    imagesMax: IMAGES_MAX,
    canAttach: false,
    title: '申请退款',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const store = new RefundApplyStore();
      pages.set(this, { store, bindings: createStoreBindings(this, { store, fields: FIELDS, actions: {} }) });
      this.setData({ canAttach: canAttachImages() });
      const orderId = query.orderId ? decodeURIComponent(query.orderId) : '';
      void store.load(orderId).then(() => {
        const status = store.order?.status;
        const title = status === 'shipped' || status === 'completed' ? '申请售后' : '申请退款';
        this.setData({ title });
        void wx.setNavigationBarTitle({ title });
      });
    },
    onUnload() {
      pages.get(this)?.bindings.destroyStoreBindings();
      pages.delete(this);
    },
    onRetry() {
      const store = storeOf(this);
      if (store) void store.load(store.orderId);
    },
    onRequote() {
      void storeOf(this)?.requote();
    },
    onToggleLine(e: LineEvent) {
      void storeOf(this)?.toggleLine(e.currentTarget.dataset.sku);
    },
    onToggleAll() {
      void storeOf(this)?.toggleAll();
    },
    onQtyChange(e: LineEvent & DetailEvent<number>) {
      void storeOf(this)?.setQty(e.currentTarget.dataset.sku, Number(e.detail));
    },
    onOpenReasons() {
      this.setData({ reasonSheet: true });
    },
    onCloseReasons() {
      this.setData({ reasonSheet: false });
    },
    onReasonSelect(e: DetailEvent<{ reason: RefundReason }>) {
      storeOf(this)?.chooseReason(e.detail.reason);
      this.setData({ reasonSheet: false });
    },
    onDescriptionChange(e: DetailEvent<string>) {
      storeOf(this)?.setDescription(String(e.detail ?? ''));
    },
    async onAfterRead(e: DetailEvent<{ file: { url?: string; tempFilePath?: string } | Array<{ url?: string; tempFilePath?: string }> }>) {
      const store = storeOf(this);
      if (!store) return;
      const files = Array.isArray(e.detail.file) ? e.detail.file : [e.detail.file];
      const paths = files.map((f) => f.url ?? f.tempFilePath ?? '').filter((p) => p !== '');
      const result = await store.addImages(paths);
      if (!result.ok) toast(result.message);
    },
    onDeleteImage(e: DetailEvent<{ index: number }>) {
      storeOf(this)?.removeImage(e.detail.index);
    },
    onOpenAfterSale() {
      const id = storeOf(this)?.openAfterSale?.id;
      if (id) void wx.redirectTo({ url: `/packages/aftersale/pages/detail/index?id=${encodeURIComponent(id)}` });
    },
    async onSubmit() {
      const store = storeOf(this);
      if (!store) return;
      const result = await store.submit();
      if (result.ok) {
        void wx.redirectTo({ url: `/packages/aftersale/pages/detail/index?id=${encodeURIComponent(result.afterSale.id)}&created=1` });
        return;
      }
      toast(result.message);
      if ('afterSaleId' in result && result.afterSaleId) {
        void wx.redirectTo({ url: `/packages/aftersale/pages/detail/index?id=${encodeURIComponent(result.afterSaleId)}` });
      }
    },
  },
});
