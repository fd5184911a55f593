/**
 * 订单管理 (merchants): a tab per status, search by order number, infinite scroll; each card shows the buyer, the
 * lines, the payable and any after-sale; 发货 on a paid order with no after-sale open opens a popup with the
 * carriers and the tracking number (scan or type). Opened with `?status=` optionally.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { bindItemsByPath } from '../../../../stores/paged-list';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { toast, toastSuccess } from '../../../../utils/wx';
import { orderDesk, toDeskCard } from '../../stores/order-desk';
import { CARRIERS, DESK_TABS, validateShipment } from '../../utils/merchant';

const shown = new WeakSet<object>();
const unbind = new WeakMap<object, () => void>();

const CLOSED_SHIP = { shipShow: false, shipOrderId: '', shipNo: '', shipCarrier: '', trackingNo: '', carrierError: '', trackingError: '' };

ComponentWithStore({
  data: {
    tabs: DESK_TABS.map((t) => t.title),
    active: 0,
    orders: [] as unknown[],
    search: '',
    carriers: CARRIERS,
    ...CLOSED_SHIP,
  },
  storeBindings: {
    store: orderDesk,
    fields: { loading: 'loading', error: 'error', empty: 'empty', showNoMore: 'showNoMore', shipping: 'shipping', keyword: 'keyword' },
    actions: { onRetry: 'retry' },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      unbind.set(this, bindItemsByPath(this, orderDesk, 'orders', toDeskCard));
      const i = DESK_TABS.findIndex((t) => t.status !== undefined && t.status === query.status);
      const active = i < 0 ? 0 : i;
      this.setData({ active, search: '' });
      void orderDesk.start(DESK_TABS[active].status);
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onShow() {
      if (shown.has(this)) void orderDesk.refresh();
      shown.add(this);
    },
    onPullDownRefresh() {
      void orderDesk.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      void orderDesk.loadMore();
    },
    onTabChange(e: DetailEvent<{ index: number }>) {
      const tab = DESK_TABS[e.detail.index];
      if (!tab || e.detail.index === this.data.active) return;
      this.setData({ active: e.detail.index });
      void orderDesk.reset(tab.status);
    },
    onSearchInput(e: DetailEvent<string>) {
      this.setData({ search: String(e.detail ?? '') });
    },
    onSearch(e: DetailEvent<string>) {
      const text = String(e.detail ?? this.data.search ?? '').trim();
      this.setData({ search: text });
      void orderDesk.search(text).then((r) => !r.ok && toast(r.message));
    },
    onSearchClear() {
      this.setData({ search: '' });
      if (orderDesk.keyword) void orderDesk.search('');
    },
    onCall(e: DatasetEvent<{ phone: string }>) {
      const phone = e.currentTarget.dataset.phone;
      if (phone) void wx.makePhoneCall({ phoneNumber: phone });
    },
    onCopyNo(e: DatasetEvent<{ no: string }>) {
      void wx.setClipboardData({ data: e.currentTarget.dataset.no });
    },
    /** The card's action row catches taps (a button never also copies or calls). */
    onActionsTap() {},
    onOpenShip(e: DatasetEvent<{ id: string; no: string }>) {
      const { id, no } = e.currentTarget.dataset;
      this.setData({ ...CLOSED_SHIP, shipShow: true, shipOrderId: id, shipNo: no });
    },
    onCloseShip() {
      this.setData({ shipShow: false });
    },
    onCarrierTap(e: DatasetEvent<{ carrier: string }>) {
      this.setData({ shipCarrier: e.currentTarget.dataset.carrier, carrierError: '' });
    },
    onTrackingInput(e: DetailEvent<string>) {
      this.setData({ trackingNo: String(e.detail ?? ''), trackingError: '' });
    },
    onScan() {
      void wx.scanCode({
        scanType: ['barCode'],
        success: (res) => this.setData({ trackingNo: res.result, trackingError: '' }),
      });
    },
    async onConfirmShip() {
      const { shipOrderId, shipCarrier, trackingNo } = this.data;
      const problems = validateShipment(shipCarrier, trackingNo);
      if (problems.carrier || problems.trackingNo) {
        this.setData({ carrierError: problems.carrier ?? '', trackingError: problems.trackingNo ?? '' });
        return;
      }
      const result = await orderDesk.ship(shipOrderId, shipCarrier, trackingNo);
      if (!result.ok) {
        toast(result.message);
        return;
      }
      this.setData({ shipShow: false });
      toastSuccess('已发货');
    },
  },
});
