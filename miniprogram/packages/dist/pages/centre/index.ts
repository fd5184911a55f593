/**
 * 分销中心: the distributor's balances (待结算 / 可提现 / 已提现) with 提现, today's visits and overall customers,
 * orders and GMV, entries to the distributor's pages and the shop's rules. Anyone not approved sees where their
 * application stands and the way to apply. Shared, the card is the shop's home with the distributor's token.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { shareStore } from '../../../../stores/share';
import { userStore } from '../../../../stores/user';
import type { DatasetEvent } from '../../../../utils/events';
import { distMe } from '../../stores/dist-me';
import { percentText, STATUS_TEXT } from '../../utils/dist';

const ROOT = '/packages/dist/pages';

const ENTRIES = [
  { key: 'promote', text: '推广商品', icon: 'fire-o', url: `${ROOT}/promote/index` },
  { key: 'poster', text: '店铺海报', icon: 'photo-o', url: `${ROOT}/poster/index?type=home` },
  { key: 'links', text: '推广效果', icon: 'chart-trending-o', url: `${ROOT}/links/index` },
  { key: 'customers', text: '我的客户', icon: 'friends-o', url: `${ROOT}/customers/index` },
  { key: 'team', text: '我的团队', icon: 'cluster-o', url: `${ROOT}/team/index` },
  { key: 'ledger', text: '佣金明细', icon: 'balance-list-o', url: `${ROOT}/ledger/index` },
  { key: 'withdrawals', text: '提现记录', icon: 'records', url: `${ROOT}/withdrawals/index` },
  { key: 'withdraw', text: '申请提现', icon: 'balance-o', url: `${ROOT}/withdraw/index` },
];

ComponentWithStore({
  data: { entries: ENTRIES, statusText: STATUS_TEXT, tier1: '', tier2: '' },
  storeBindings: [
    { store: distMe, fields: ['me', 'loading', 'error', 'status', 'approved', 'balance'], actions: { onRetry: 'load' } },
    { store: userStore, fields: { profile: 'profile' }, actions: {} },
  ],
  methods: {
    onShow() {
      if (!userStore.me) void userStore.loadMe();
      void distMe.load().then(() => this.showRules());
    },
    onPullDownRefresh() {
      void distMe.load().then(() => {
        this.showRules();
        wx.stopPullDownRefresh();
      });
    },
    showRules() {
      const rules = distMe.me?.rules;
      this.setData({ tier1: rules ? percentText(rules.tier1Bps) : '', tier2: rules ? percentText(rules.tier2Bps) : '' });
    },
    onOpen(e: DatasetEvent<{ url: string }>) {
      void wx.navigateTo({ url: e.currentTarget.dataset.url });
    },
    onApply() {
      void wx.navigateTo({ url: `${ROOT}/apply/index` });
    },
    onShareAppMessage() {
      return shareStore.shareFor({ type: 'home' }, '好物小店：精选好物，每日上新');
    },
  },
});
