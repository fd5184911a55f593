/**
 * 分销员管理 (merchants): applications and distributors by tab (待审核 / 已通过 / 已冻结 / 已拒绝). 通过 approves at
 * once; 拒绝 asks for a note (optional, the applicant reads it); 冻结 / 解冻 for approved and frozen distributors.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { toast, toastSuccess } from '../../../../utils/wx';
import { DIST_NOTE_MAX, distributorDesk, toDistributorCard } from '../../stores/distribution';
import { DISTRIBUTOR_TABS } from '../../utils/merchant';

type CardEvent = DatasetEvent<{ openid: string }>;

const shown = new WeakSet<object>();
const unbind = new WeakMap<object, () => void>();

ComponentWithStore({
  data: {
    tabs: DISTRIBUTOR_TABS.map((t) => t.title),
    active: 0,
    cards: [] as ReturnType<typeof toDistributorCard>[],
    noteMax: DIST_NOTE_MAX,
    rejectShow: false,
    rejectOpenid: '',
    rejectNote: '',
    rejectError: '',
  },
  storeBindings: { store: distributorDesk, fields: ['loading', 'error', 'empty', 'showNoMore', 'acting'], actions: { onRetry: 'retry' } },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      unbind.set(this, bindItemsByPath(this, distributorDesk, 'cards', toDistributorCard));
      const i = DISTRIBUTOR_TABS.findIndex((t) => t.status === query.status);
      const active = i < 0 ? 0 : i;
      this.setData({ active });
      void distributorDesk.reset(active);
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onShow() {
      if (shown.has(this)) void distributorDesk.refresh();
      shown.add(this);
    },
    onPullDownRefresh() {
      void distributorDesk.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void distributorDesk.loadMore();
    },
    onTabChange(e: DetailEvent<{ index: number }>) {
      if (!DISTRIBUTOR_TABS[e.detail.index] || e.detail.index === this.data.active) return;
      this.setData({ active: e.detail.index });
      void distributorDesk.reset(e.detail.index);
    },
    onCall(e: DatasetEvent<{ phone: string }>) {
      if (e.currentTarget.dataset.phone) void wx.makePhoneCall({ phoneNumber: e.currentTarget.dataset.phone });
    },
    async onApprove(e: CardEvent) {
      const result = await distributorDesk.approve(e.currentTarget.dataset.openid);
      if (result.ok) toastSuccess('已通过');
      else toast(result.message);
    },
    onAskReject(e: CardEvent) {
      this.setData({ rejectShow: true, rejectOpenid: e.currentTarget.dataset.openid, rejectNote: '', rejectError: '' });
    },
    onRejectInput(e: DetailEvent<string>) {
      this.setData({ rejectNote: String(e.detail ?? ''), rejectError: '' });
    },
    onCloseReject() {
      this.setData({ rejectShow: false });
    },
    async onConfirmReject() {
      const result = await distributorDesk.reject(this.data.rejectOpenid, this.data.rejectNote);
      if (!result.ok && result.code === 'INVALID_INPUT') {
        this.setData({ rejectError: result.message });
        return;
      }
      this.setData({ rejectShow: false });
      if (result.ok) toastSuccess('已拒绝');
      else toast(result.message);
    },
    async onFreeze(e: CardEvent) {
      const answer = await wx.showModal({ title: '冻结分销员', content: '冻结后该分销员不能推广和提现，已绑定的客户保留。确定冻结？', confirmColor: '#ee0a24' });
      if (!answer.confirm) return;
      const result = await distributorDesk.freeze(e.currentTarget.dataset.openid, true);
      if (result.ok) toastSuccess('已冻结');
      else toast(result.message);
    },
    async onUnfreeze(e: CardEvent) {
      const result = await distributorDesk.freeze(e.currentTarget.dataset.openid, false);
      if (result.ok) toastSuccess('已解冻');
      else toast(result.message);
    },
  },
});
