/** Me: the profile header, order shortcuts, addresses and coupons, and, in local mode, the dev identity switcher (who calls are made as). */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { cartStore } from '../../stores/cart';
import { userStore } from '../../stores/user';
import type { DatasetEvent, DetailEvent } from '../../utils/events';

/** Shortcuts under 我的订单 (the order list opens on that tab). */
const ORDER_SHORTCUTS = [
  { status: 'pending_payment', text: '待付款', icon: 'balance-pay' },
  { status: 'paid', text: '待发货', icon: 'send-gift-o' },
  { status: 'shipped', text: '待收货', icon: 'logistics' },
  { status: 'completed', text: '已完成', icon: 'passed' },
  { status: 'cancelled', text: '已取消', icon: 'close' },
];

ComponentWithStore({
  data: { orderShortcuts: ORDER_SHORTCUTS },
  storeBindings: {
    store: userStore,
    fields: ['devMode', 'identityList', 'currentOpenid', 'profile', 'loading', 'error', 'orderBadges', 'couponCount'],
    actions: {},
  },
  methods: {
    onShow() {
      cartStore.syncBadge();
      // The identity first (local mode): the counts are the chosen identity's.
      void userStore.loadIdentities().then(() => userStore.loadMe());
    },
    onOpenOrders(e: DatasetEvent<{ status: string }>) {
      const status = e.currentTarget.dataset.status;
      void wx.navigateTo({ url: `/packages/order/pages/list/index${status ? `?status=${status}` : ''}` });
    },
    onIdentityChange(e: DetailEvent<string>) {
      this.choose(e.detail);
    },
    onIdentityTap(e: DatasetEvent<{ openid: string }>) {
      this.choose(e.currentTarget.dataset.openid);
    },
    onReload() {
      void userStore.loadIdentities();
    },
    choose(openid: string) {
      if (openid === userStore.currentOpenid) return;
      userStore.chooseIdentity(openid);
      void userStore.loadMe();
      const chosen = userStore.currentIdentity;
      if (chosen) void wx.showToast({ title: `已切换为 ${chosen.nickname || chosen.openid}`, icon: 'none' });
    },
  },
});
