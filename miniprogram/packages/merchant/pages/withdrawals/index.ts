/**
 * 提现审核 (merchants): distributors' withdrawals by tab (待审核 / 打款中 / 已打款 / 已驳回). 标记已打款 approves one
 * the shop paid by hand (manual payout; with WeChat transfer the approval starts the transfer); 驳回 needs the
 * reason and puts the money back into the distributor's balance.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { toast, toastSuccess } from '../../../../utils/wx';
import { DIST_NOTE_MAX, toWithdrawalCard, withdrawalDesk } from '../../stores/distribution';
import { WITHDRAWAL_TABS } from '../../utils/merchant';

type CardEvent = DatasetEvent<{ id: string }>;

const shown = new WeakSet<object>();
const unbind = new WeakMap<object, () => void>();

ComponentWithStore({
  data: {
    tabs: WITHDRAWAL_TABS.map((t) => t.title),
    active: 0,
    cards: [] as ReturnType<typeof toWithdrawalCard>[],
    noteMax: DIST_NOTE_MAX,
    rejectShow: false,
    rejectId: '',
    rejectNote: '',
    rejectError: '',
  },
  storeBindings: { store: withdrawalDesk, fields: ['loading', 'error', 'empty', 'showNoMore', 'acting'], actions: { onRetry: 'retry' } },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      unbind.set(this, bindItemsByPath(this, withdrawalDesk, 'cards', toWithdrawalCard));
      const i = WITHDRAWAL_TABS.findIndex((t) => t.status === query.status);
      const active = i < 0 ? 0 : i;
      this.setData({ active });
      void withdrawalDesk.reset(active);
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onShow() {
      if (shown.has(this)) void withdrawalDesk.refresh();
      shown.add(this);
    },
    onPullDownRefresh() {
      void withdrawalDesk.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void withdrawalDesk.loadMore();
    },
    onTabChange(e: DetailEvent<{ index: number }>) {
      if (!WITHDRAWAL_TABS[e.detail.index] || e.detail.index === this.data.active) return;
      this.setData({ active: e.detail.index });
      void withdrawalDesk.reset(e.detail.index);
    },
    async onApprove(e: CardEvent) {
      const card = this.data.cards.find((c) => c.id === e.currentTarget.dataset.id);
      if (!card) return;
      const answer = await wx.showModal({ title: '标记已打款', content: `确认已向 ${card.realName || card.nickname} 打款？`, confirmColor: '#ee0a24' });
      if (!answer.confirm) return;
      const result = await withdrawalDesk.approve(card.id);
      if (result.ok) toastSuccess('已标记打款');
      else toast(result.message);
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
      const result = await withdrawalDesk.reject(this.data.rejectId, this.data.rejectNote);
      if (!result.ok && result.code === 'INVALID_INPUT') {
        this.setData({ rejectError: result.message });
        return;
      }
      this.setData({ rejectShow: false });
      if (result.ok) toastSuccess('已驳回');
      else toast(result.message);
    },
  },
});
