/** My coupons: 可使用 / 已使用 / 已过期. Opened with `?status=` to start on a tab. */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { MY_COUPON_TABS, myCoupons } from '../../stores/coupon';
import { COUPON_STATUS_TEXT } from '../../../../utils/coupon';
import type { DetailEvent } from '../../../../utils/events';

ComponentWithStore({
  data: { tabs: MY_COUPON_TABS.map((t) => t.title), statusText: COUPON_STATUS_TEXT },
  storeBindings: {
    store: myCoupons,
    fields: { coupons: 'items', status: 'status', active: 'tabIndex', loading: 'loading', loaded: 'loaded', error: 'error', empty: 'empty' },
    actions: { onRetry: 'reload' },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const tab = MY_COUPON_TABS.find((t) => t.status === query.status) ?? MY_COUPON_TABS[0];
      void myCoupons.show(tab.status);
    },
    onTabChange(e: DetailEvent<{ index: number }>) {
      const tab = MY_COUPON_TABS[e.detail.index];
      // van-tabs also reports the change the store made itself (the bound `active` moving).
      if (tab && tab.status !== myCoupons.status) void myCoupons.show(tab.status);
    },
    onUse() {
      void wx.switchTab({ url: '/pages/home/index' });
    },
    onCenter() {
      void wx.navigateTo({ url: '/packages/coupon/pages/center/index' });
    },
  },
});
