/**
 * 申请成为分销员: real name, phone, reason. Shows where an application stands (审核中; 未通过 with the form to apply
 * again); approved (at once when the shop approves automatically) goes on to the centre.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import type { DetailEvent } from '../../../../utils/events';
import { toast, toastSuccess } from '../../../../utils/wx';
import { distMe } from '../../stores/dist-me';
import { validateApply } from '../../utils/dist';

const CENTRE = '/packages/dist/pages/centre/index';

ComponentWithStore({
  data: { realName: '', phone: '', reason: '', errors: {} as ReturnType<typeof validateApply> },
  storeBindings: { store: distMe, fields: ['me', 'status', 'loading', 'submitting'], actions: {} },
  methods: {
    onShow() {
      void distMe.load().then(() => {
        if (distMe.approved) void wx.redirectTo({ url: CENTRE });
      });
    },
    onInput(e: DetailEvent<string> & { currentTarget: { dataset: { field: 'realName' | 'phone' | 'reason' } } }) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [field]: String(e.detail ?? ''), errors: { ...this.data.errors, [field]: '' } });
    },
    async onSubmit() {
      const form = { realName: this.data.realName, phone: this.data.phone, reason: this.data.reason };
      const errors = validateApply(form);
      if (errors.realName || errors.phone || errors.reason) {
        this.setData({ errors });
        return;
      }
      const result = await distMe.apply(form);
      if (!result.ok) {
        toast(result.message);
        return;
      }
      if (distMe.approved) {
        toastSuccess('已成为分销员');
        void wx.redirectTo({ url: CENTRE });
      } else toastSuccess('申请已提交');
    },
  },
});
