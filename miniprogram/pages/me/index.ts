/**
 * Me: the profile header, order shortcuts (by status, and 退款/售后), addresses and coupons, the shop's back office
 * (店铺管理) for merchants only, and, in local mode, the dev identity switcher (who calls are made as).
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { cartStore } from '../../stores/cart';
import { shareStore } from '../../stores/share';
import { userStore } from '../../stores/user';
import type { DatasetEvent, DetailEvent } from '../../utils/events';

const ORDER_LIST = '/packages/order/pages/list/index';

/**
 * Shortcuts under 我的订单: the order list on a status tab, and the after-sales (退款/售后). Cancelled orders stay
 * under 全部订单's 已取消 tab, as in the shops shoppers know.
 */
const ORDER_SHORTCUTS = [
  { key: 'pending_payment', text: '待付款', icon: 'balance-pay', url: `${ORDER_LIST}?status=pending_payment` },
  { key: 'paid', text: '待发货', icon: 'send-gift-o', url: `${ORDER_LIST}?status=paid` },
  { key: 'shipped', text: '待收货', icon: 'logistics', url: `${ORDER_LIST}?status=shipped` },
  { key: 'completed', text: '已完成', icon: 'passed', url: `${ORDER_LIST}?status=completed` },
  { key: 'after_sales', text: '退款/售后', icon: 'after-sale', url: '/packages/aftersale/pages/list/index' },
];

/** The merchant's back office (店铺管理), shown to merchants only. */
const MERCHANT_ENTRIES = [
  { key: 'orders', text: '订单管理', icon: 'orders-o', url: '/packages/merchant/pages/orders/index' },
  { key: 'after-sales', text: '售后处理', icon: 'after-sale', url: '/packages/merchant/pages/after-sales/index' },
  { key: 'unapplied', text: '异常收款', icon: 'warning-o', url: '/packages/merchant/pages/unapplied/index' },
  { key: 'distributors', text: '分销员', icon: 'friends-o', url: '/packages/merchant/pages/distributors/index' },
  { key: 'withdrawals', text: '提现审核', icon: 'balance-o', url: '/packages/merchant/pages/withdrawals/index' },
  { key: 'dist-settings', text: '分销设置', icon: 'setting-o', url: '/packages/merchant/pages/dist-settings/index' },
  { key: 'live', text: '直播管理', icon: 'video-o', url: '/packages/merchant/pages/live-rooms/index' },
];

/** 分销中心: the centre for an approved distributor, else the application (where it stands, or the form). */
const DIST_CENTRE = '/packages/dist/pages/centre/index';
const DIST_APPLY = '/packages/dist/pages/apply/index';

ComponentWithStore({
  data: { orderShortcuts: ORDER_SHORTCUTS, merchantEntries: MERCHANT_ENTRIES },
  storeBindings: [
    {
      store: userStore,
      fields: ['devMode', 'identityList', 'currentOpenid', 'profile', 'loading', 'error', 'orderBadges', 'couponCount', 'isMerchant', 'merchantBadges'],
      actions: {},
    },
    { store: shareStore, fields: { distStatus: 'status' }, actions: {} },
  ],
  methods: {
    onShow() {
      cartStore.syncBadge();
      // The identity first (local mode): the counts are the chosen identity's.
      void userStore.loadIdentities().then(() => Promise.all([userStore.loadMe(), shareStore.refreshStatus()]));
    },
    onOpenDist() {
      void wx.navigateTo({ url: shareStore.status === 'approved' ? DIST_CENTRE : DIST_APPLY });
    },
    onOpenOrders() {
      void wx.navigateTo({ url: ORDER_LIST });
    },
    onOpenUrl(e: DatasetEvent<{ url: string }>) {
      void wx.navigateTo({ url: e.currentTarget.dataset.url });
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
      shareStore.forget();
      void userStore.loadMe();
      void shareStore.refreshStatus();
      const chosen = userStore.currentIdentity;
      if (chosen) void wx.showToast({ title: `已切换为 ${chosen.nickname || chosen.openid}`, icon: 'none' });
    },
  },
});
