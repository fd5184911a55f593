/** 我的团队: the distributors the caller invited (their tier-2 earnings come from these), with customers and orders. */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import { teamList } from '../../stores/lists';
import { toTeamRow } from '../../stores/views';

const shown = new WeakSet<object>();
const unbind = new WeakMap<object, () => void>();

ComponentWithStore({
  data: { rows: [] as ReturnType<typeof toTeamRow>[] },
  storeBindings: { store: teamList, fields: ['loading', 'error', 'empty', 'showNoMore'], actions: { onRetry: 'retry' } },
  methods: {
    onLoad() {
      unbind.set(this, bindItemsByPath(this, teamList, 'rows', toTeamRow));
      void teamList.reset();
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onShow() {
      if (shown.has(this)) void teamList.refresh();
      shown.add(this);
    },
    onPullDownRefresh() {
      void teamList.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void teamList.loadMore();
    },
  },
});
