/** 我的客户: the shoppers bound to the distributor, newest first, with their orders and GMV. */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import { customerList } from '../../stores/lists';
import { toCustomerRow } from '../../stores/views';

const shown = new WeakSet<object>();
const unbind = new WeakMap<object, () => void>();

ComponentWithStore({
  data: { rows: [] as ReturnType<typeof toCustomerRow>[] },
  storeBindings: { store: customerList, fields: ['loading', 'error', 'empty', 'showNoMore'], actions: { onRetry: 'retry' } },
  methods: {
    onLoad() {
      unbind.set(this, bindItemsByPath(this, customerList, 'rows', toCustomerRow));
      void customerList.reset();
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onShow() {
      if (shown.has(this)) void customerList.refresh();
      shown.add(this);
    },
    onPullDownRefresh() {
      void customerList.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void customerList.loadMore();
    },
  },
});
