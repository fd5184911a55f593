/** Coupon center: every coupon on offer with its claim button (立即领取 / 已领取 / 已抢光). */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { couponCenter } from '../../stores/coupon';
import type { DatasetEvent } from '../../../../utils/events';
import { toast, toastSuccess } from '../../../../utils/wx';
import { shareStore } from '../../../../stores/share';

ComponentWithStore({
  storeBindings: {
    store: couponCenter,
    fields: { coupons: 'views', loading: 'loading', loaded: 'loaded', error: 'error', empty: 'empty', claiming: 'claiming' },
    actions: {},
  },
  methods: {
    onShareAppMessage() {
      return shareStore.sharePage('/packages/coupon/pages/center/index', '好物小店领券中心：好券限量领');
    },
    onShow() {
      void couponCenter.load();
    },
    onPullDownRefresh() {
      void couponCenter.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      void couponCenter.load();
    },
    async onClaim(e: DatasetEvent<{ id: string }>) {
      const result = await couponCenter.claim(e.currentTarget.dataset.id);
      if (result.ok) toastSuccess('领取成功');
      else toast(result.message);
    },
    onMine() {
      void wx.redirectTo({ url: '/packages/coupon/pages/mine/index' });
    },
    onHome() {
      void wx.switchTab({ url: '/pages/home/index' });
    },
  },
});
