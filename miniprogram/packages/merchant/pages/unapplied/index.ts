/**
 * 异常收款 (merchants): payments WeChat Pay delivered that no order could take (amount mismatch, unknown order, an
 * order already closed), each with how far its automatic refund got. Infinite scroll; the payment number copies.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import type { DatasetEvent } from '../../../../utils/events';
import { toUnappliedCard, unappliedList } from '../../stores/unapplied';

const shown = new WeakSet<object>();
const unbind = new WeakMap<object, () => void>();

ComponentWithStore({
  data: { payments: [] as unknown[] },
  storeBindings: {
    store: unappliedList,
    fields: { loading: 'loading', error: 'error', empty: 'empty', showNoMore: 'showNoMore' },
    actions: { onRetry: 'retry' },
  },
  methods: {
    onLoad() {
      unbind.set(this, bindItemsByPath(this, unappliedList, 'payments', toUnappliedCard));
      void unappliedList.reset();
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onShow() {
      if (shown.has(this)) void unappliedList.refresh();
      shown.add(this);
    },
    onPullDownRefresh() {
      void unappliedList.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void unappliedList.loadMore();
    },
    onCopy(e: DatasetEvent<{ no: string }>) {
      void wx.setClipboardData({ data: e.currentTarget.dataset.no });
    },
  },
});
