/** Me: the profile header and, in local mode, the dev identity switcher (who calls are made as). */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { userStore } from '../../stores/user';
import type { DatasetEvent, DetailEvent } from '../../utils/events';

ComponentWithStore({
  storeBindings: {
    store: userStore,
    fields: ['devMode', 'identityList', 'currentOpenid', 'profile', 'loading', 'error'],
    actions: {},
  },
  methods: {
    onShow() {
      void userStore.loadIdentities();
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
      const chosen = userStore.currentIdentity;
      if (chosen) void wx.showToast({ title: `已切换为 ${chosen.nickname || chosen.openid}`, icon: 'none' });
    },
  },
});
