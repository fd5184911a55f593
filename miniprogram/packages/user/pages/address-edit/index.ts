/**
 * New (no query) or existing (`?id=`) shipping address: van-field inputs, the region picker, 导入微信地址
 * (wx.chooseAddress), 设为默认. The form is checked on the client as the server would, and what the server still
 * refuses is shown as a toast.
 */
import { ComponentWithStore, createStoreBindings } from 'mobx-miniprogram-bindings';
import { AddressFormStore, addressStore } from '../../../../stores/address';
import type { WechatAddress } from '../../../../utils/address';
import type { DetailEvent } from '../../../../utils/events';
import { toast, toastSuccess } from '../../../../utils/wx';

type Bindings = ReturnType<typeof createStoreBindings>;
type TextField = 'name' | 'phone' | 'detail';

const FIELDS = ['form', 'errors', 'saving', 'editing', 'regionText', 'region'];

const pages = new WeakMap<object, { store: AddressFormStore; bindings: Bindings }>();

function storeOf(page: object): AddressFormStore | null {
  return pages.get(page)?.store ?? null;
}

ComponentWithStore({
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      const store = new AddressFormStore();
      pages.set(this, { store, bindings: createStoreBindings(this, { store, fields: FIELDS, actions: {} }) });
      const id = query.id ? decodeURIComponent(query.id) : '';
      if (!id) {
        store.open(null);
        void wx.setNavigationBarTitle({ title: '新增收货地址' });
        return;
      }
      if (!addressStore.find(id)) await addressStore.load();
      const address = addressStore.find(id);
      if (address) store.open(address);
      else {
        toast('地址不存在');
        store.open(null);
      }
    },
    onUnload() {
      pages.get(this)?.bindings.destroyStoreBindings();
      pages.delete(this);
    },
    onInput(e: DetailEvent<string> & { currentTarget: { dataset: { field: TextField } } }) {
      storeOf(this)?.setField(e.currentTarget.dataset.field, String(e.detail ?? ''));
    },
    onRegionChange(e: DetailEvent<{ value: string[] }>) {
      storeOf(this)?.setRegion(e.detail.value);
    },
    onDefaultChange(e: DetailEvent<boolean>) {
      storeOf(this)?.setDefault(!!e.detail);
    },
    onImportWechat() {
      wx.chooseAddress({
        success: (res) => storeOf(this)?.fillFromWechat(res as unknown as WechatAddress),
        fail: (err) => {
          if (!/cancel/i.test(err.errMsg)) toast('无法读取微信地址，请检查授权');
        },
      });
    },
    async onSave() {
      const store = storeOf(this);
      if (!store) return;
      const result = await store.submit();
      if (!result.ok) {
        toast(result.message);
        return;
      }
      toastSuccess('已保存');
      void wx.navigateBack();
    },
  },
});
