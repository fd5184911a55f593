/** 推广效果: each link the distributor made (a product or the shop) with its funnel - visits, customers, orders - and GMV. */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import { linkList } from '../../stores/lists';
import { toLinkRow } from '../../stores/views';

const shown = new WeakSet<object>();
const unbind = new WeakMap<object, () => void>();

ComponentWithStore({
  data: { rows: [] as ReturnType<typeof toLinkRow>[] },
  storeBindings: { store: linkList, fields: ['loading', 'error', 'empty', 'showNoMore'], actions: { onRetry: 'retry' } },
  methods: {
    onLoad() {
      unbind.set(this, bindItemsByPath(this, linkList, 'rows', toLinkRow));
      void linkList.reset();
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onShow() {
      if (shown.has(this)) void linkList.refresh();
      shown.add(this);
    },
    onPullDownRefresh() {
      void linkList.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void linkList.loadMore();
    },
  },
});
