/**
 * The shopper's addresses. With `?select=1` (from checkout) a tap picks the address and goes back; otherwise a
 * tap edits it. Swipe to delete (confirmed).
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { addressStore } from '../../../../stores/address';
import type { DatasetEvent } from '../../../../utils/events';
import { toast } from '../../../../utils/wx';

ComponentWithStore({
  data: { selectMode: false, selectedId: '', removeId: '', removeShow: false },
  storeBindings: {
    store: addressStore,
    fields: { addresses: 'views', loading: 'loading', loaded: 'loaded', error: 'error', empty: 'empty' },
    actions: {},
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const selectMode = query.select === '1';
      this.setData({ selectMode, selectedId: query.selected ? decodeURIComponent(query.selected) : '' });
      if (selectMode) void wx.setNavigationBarTitle({ title: '选择收货地址' });
    },
    onShow() {
      void addressStore.load();
    },
    onRetry() {
      void addressStore.load();
    },
    onTapAddress(e: DatasetEvent<{ id: string }>) {
      const { id } = e.currentTarget.dataset;
      if (this.data.selectMode) {
        addressStore.pick(id);
        void wx.navigateBack();
      } else {
        void wx.navigateTo({ url: `/packages/user/pages/address-edit/index?id=${encodeURIComponent(id)}` });
      }
    },
    onEdit(e: DatasetEvent<{ id: string }>) {
      void wx.navigateTo({ url: `/packages/user/pages/address-edit/index?id=${encodeURIComponent(e.currentTarget.dataset.id)}` });
    },
    onAdd() {
      void wx.navigateTo({ url: '/packages/user/pages/address-edit/index' });
    },
    onAskRemove(e: DatasetEvent<{ id: string }>) {
      this.setData({ removeShow: true, removeId: e.currentTarget.dataset.id });
    },
    async onConfirmRemove() {
      const id = this.data.removeId as string;
      this.setData({ removeShow: false, removeId: '' });
      if (!id) return;
      const result = await addressStore.remove(id);
      if (!result.ok) toast(result.message);
    },
    onCancelRemove() {
      this.setData({ removeShow: false, removeId: '' });
    },
  },
});
