/** 提现记录: the distributor's withdrawals, newest first, with status (审核中 / 打款中 / 已到账 / 已驳回) and the shop's note. */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import { withdrawalList } from '../../stores/lists';
import { toWithdrawalRow } from '../../stores/views';

const shown = new WeakSet<object>();
const unbind = new WeakMap<object, () => void>();

ComponentWithStore({
  data: { rows: [] as ReturnType<typeof toWithdrawalRow>[] },
  storeBindings: { store: withdrawalList, fields: ['loading', 'error', 'empty', 'showNoMore'], actions: { onRetry: 'retry' } },
  methods: {
    onLoad() {
      unbind.set(this, bindItemsByPath(this, withdrawalList, 'rows', toWithdrawalRow));
      void withdrawalList.reset();
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onShow() {
      if (shown.has(this)) void withdrawalList.refresh();
      shown.add(this);
    },
    onPullDownRefresh() {
      void withdrawalList.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void withdrawalList.loadMore();
    },
  },
});
