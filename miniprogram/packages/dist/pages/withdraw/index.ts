/**
 * 申请提现: the amount in yuan (全部提现 fills the available balance), the shop's minimum and times a day from
 * dist.me's rules. The server checks the rules and its words are shown under the field ("最低提现 ¥1.00",
 * "可提现余额不足（¥3.20）"); a withdrawal sent updates the balance and opens the history.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import type { DetailEvent } from '../../../../utils/events';
import { toastSuccess } from '../../../../utils/wx';
import { distMe } from '../../stores/dist-me';
import { fenToInput } from '../../utils/dist';

ComponentWithStore({
  data: { amount: '', amountError: '' },
  storeBindings: { store: distMe, fields: ['me', 'balance', 'withdrawable', 'loading', 'submitting'], actions: {} },
  methods: {
    onShow() {
      void distMe.load();
    },
    onInput(e: DetailEvent<{ value: string }>) {
      this.setData({ amount: String(e.detail?.value ?? ''), amountError: '' });
    },
    onAll() {
      this.setData({ amount: fenToInput(distMe.withdrawable), amountError: '' });
    },
    async onSubmit() {
      const result = await distMe.withdraw(this.data.amount);
      if (!result.ok) {
        this.setData({ amountError: result.message });
        return;
      }
      this.setData({ amount: '' });
      toastSuccess('提现申请已提交');
    },
    onHistory() {
      void wx.navigateTo({ url: '/packages/dist/pages/withdrawals/index' });
    },
  },
});
