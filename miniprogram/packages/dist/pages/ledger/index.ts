/**
 * 佣金明细: the ledger by tab (全部 / 待结算 / 已结算, `?tab=` optionally); each row its kind, the signed amount and
 * whether it has settled. A tap opens how the figure came about (`explain.text`; a reversal: before and after).
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { ledgerList } from '../../stores/lists';
import type { LedgerRow } from '../../stores/views';
import { toLedgerRow } from '../../stores/views';
import { LEDGER_TABS } from '../../utils/dist';

const unbind = new WeakMap<object, () => void>();

ComponentWithStore({
  data: { tabs: LEDGER_TABS.map((t) => t.title), active: 0, rows: [] as LedgerRow[], sheetShow: false, sheet: null as LedgerRow | null },
  storeBindings: { store: ledgerList, fields: ['loading', 'error', 'empty', 'showNoMore'], actions: { onRetry: 'retry' } },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      unbind.set(this, bindItemsByPath(this, ledgerList, 'rows', toLedgerRow));
      const tab = Number(query.tab ?? 0);
      const active = LEDGER_TABS[tab] ? tab : 0;
      this.setData({ active });
      void ledgerList.reset(active);
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onPullDownRefresh() {
      void ledgerList.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void ledgerList.loadMore();
    },
    onTabChange(e: DetailEvent<{ index: number }>) {
      if (!LEDGER_TABS[e.detail.index] || e.detail.index === this.data.active) return;
      this.setData({ active: e.detail.index });
      void ledgerList.reset(e.detail.index);
    },
    onExplain(e: DatasetEvent<{ id: string }>) {
      const row = this.data.rows.find((r) => r.id === e.currentTarget.dataset.id);
      if (row) this.setData({ sheetShow: true, sheet: row });
    },
    onCloseSheet() {
      this.setData({ sheetShow: false });
    },
  },
});
