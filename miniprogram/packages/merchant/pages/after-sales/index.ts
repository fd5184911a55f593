/**
 * 售后处理 (merchants): the after-sales queue by tab (待处理 / 退款中 / 已完成 / 已拒绝 / 失败). 同意退款 opens a
 * confirmation with 退回库存 (on by default when the order had not shipped); 拒绝 asks for the reason (required);
 * a failed refund gets 重新退款. Opened with `?status=` optionally (the tab listing it).
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { toast, toastSuccess } from '../../../../utils/wx';
import { afterSaleQueue, NOTE_MAX, toQueueCard } from '../../stores/after-sale-queue';
import { QUEUE_TABS, queueTabIndex } from '../../utils/merchant';

type CardEvent = DatasetEvent<{ id: string }>;

const shown = new WeakSet<object>();
const unbind = new WeakMap<object, () => void>();

ComponentWithStore({
  data: {
    tabs: QUEUE_TABS.map((t) => t.title),
    active: 0,
    cards: [] as ReturnType<typeof toQueueCard>[],
    noteMax: NOTE_MAX,
    approveShow: false,
    approveId: '',
    approveAmount: 0,
    approveShipped: false,
    restock: true,
    rejectShow: false,
    rejectId: '',
    rejectNote: '',
    rejectError: '',
  },
  storeBindings: {
    store: afterSaleQueue,
    fields: { loading: 'loading', error: 'error', empty: 'empty', showNoMore: 'showNoMore', acting: 'acting' },
    actions: { onRetry: 'retry' },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      unbind.set(this, bindItemsByPath(this, afterSaleQueue, 'cards', toQueueCard));
      const active = queueTabIndex(query.status);
      this.setData({ active });
      void afterSaleQueue.reset(active);
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onShow() {
      if (shown.has(this)) void afterSaleQueue.refresh();
      shown.add(this);
    },
    onPullDownRefresh() {
      void afterSaleQueue.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void afterSaleQueue.loadMore();
    },
    onTabChange(e: DetailEvent<{ index: number }>) {
      if (!QUEUE_TABS[e.detail.index] || e.detail.index === this.data.active) return;
      this.setData({ active: e.detail.index });
      void afterSaleQueue.reset(e.detail.index);
    },
    onCall(e: DatasetEvent<{ phone: string }>) {
      const phone = e.currentTarget.dataset.phone;
      if (phone) void wx.makePhoneCall({ phoneNumber: phone });
    },
    onPreview(e: DatasetEvent<{ id: string; url: string }>) {
      const card = this.data.cards.find((c) => c.id === e.currentTarget.dataset.id);
      void wx.previewImage({ current: e.currentTarget.dataset.url, urls: card?.images ?? [] });
    },
    onAskApprove(e: CardEvent) {
      const card = this.data.cards.find((c) => c.id === e.currentTarget.dataset.id);
      if (!card) return;
      this.setData({ approveShow: true, approveId: card.id, approveAmount: card.amount, approveShipped: card.shippedBefore, restock: !card.shippedBefore });
    },
    onRestockChange(e: DetailEvent<boolean>) {
      this.setData({ restock: !!e.detail });
    },
    onCloseApprove() {
      this.setData({ approveShow: false });
    },
    async onConfirmApprove() {
      const { approveId, restock } = this.data;
      this.setData({ approveShow: false });
      const result = await afterSaleQueue.approve(approveId, restock);
      if (!result.ok) toast(result.message);
      else if (result.status === 'failed') toast('退款未能发起，可在“失败”中重新退款');
      else toastSuccess('已同意退款');
    },
    onAskReject(e: CardEvent) {
      this.setData({ rejectShow: true, rejectId: e.currentTarget.dataset.id, rejectNote: '', rejectError: '' });
    },
    onRejectInput(e: DetailEvent<string>) {
      this.setData({ rejectNote: String(e.detail ?? ''), rejectError: '' });
    },
    onCloseReject() {
      this.setData({ rejectShow: false });
    },
    async onConfirmReject() {
      const { rejectId, rejectNote } = this.data;
      if (!rejectNote.trim()) {
        this.setData({ rejectError: '请填写拒绝原因' });
        return;
      }
      const result = await afterSaleQueue.reject(rejectId, rejectNote);
      if (!result.ok) {
        if (result.code === 'INVALID_INPUT') this.setData({ rejectError: result.message });
        else {
          this.setData({ rejectShow: false });
          toast(result.message);
        }
        return;
      }
      this.setData({ rejectShow: false });
      toastSuccess('已拒绝');
    },
    async onRetryRefund(e: CardEvent) {
      const result = await afterSaleQueue.retryRefund(e.currentTarget.dataset.id);
      if (!result.ok) toast(result.message);
      else if (result.status === 'failed') toast('退款仍未成功，请稍后再试');
      else toastSuccess('已重新发起退款');
    },
  },
});
