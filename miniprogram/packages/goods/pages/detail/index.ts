/**
 * Product detail: gallery, price, spec picker. Opened with `?id=` or from a mini program code (`scene`).
 * Each page gets its own ProductDetailStore (a detail page can open on top of another), bound by hand in onLoad.
 */
import { ComponentWithStore, createStoreBindings } from 'mobx-miniprogram-bindings';
import { ProductDetailStore } from '../../../../stores/product-detail';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { productIdFromQuery } from '../../../../utils/query';

type Bindings = ReturnType<typeof createStoreBindings>;

const FIELDS = [
  'product',
  'loading',
  'error',
  'notFound',
  'displayPrice',
  'displayOriginalPrice',
  'stock',
  'soldOut',
  'specOptions',
  'selectionText',
  'quantity',
];

const pages = new WeakMap<object, { store: ProductDetailStore; bindings: Bindings }>();

function storeOf(page: object): ProductDetailStore | null {
  return pages.get(page)?.store ?? null;
}

ComponentWithStore({
  data: { pickerVisible: false, imageIndex: 0 },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const store = new ProductDetailStore();
      pages.set(this, { store, bindings: createStoreBindings(this, { store, fields: FIELDS, actions: {} }) });
      void wx.showShareMenu({ menus: ['shareAppMessage', 'shareTimeline'] });
      const id = productIdFromQuery(query);
      if (id) void store.load(id);
      else store.showMissing();
    },
    onUnload() {
      pages.get(this)?.bindings.destroyStoreBindings();
      pages.delete(this);
    },
    onRetry() {
      const store = storeOf(this);
      if (store) void store.load(store.productId);
    },
    onGoHome() {
      void wx.switchTab({ url: '/pages/home/index' });
    },
    onImageChange(e: WechatMiniprogram.SwiperChange) {
      this.setData({ imageIndex: e.detail.current });
    },
    onPreviewImage() {
      const product = storeOf(this)?.product;
      if (product) void wx.previewImage({ urls: product.images, current: product.images[this.data.imageIndex] });
    },
    onOpenPicker() {
      this.setData({ pickerVisible: true });
    },
    onClosePicker() {
      this.setData({ pickerVisible: false });
    },
    onSpecTap(e: DatasetEvent<{ name: string; value: string }>) {
      const { name, value } = e.currentTarget.dataset;
      storeOf(this)?.select(name, value);
    },
    onQuantityChange(e: DetailEvent<number | string>) {
      storeOf(this)?.setQuantity(Number(e.detail));
    },
    onShareAppMessage() {
      const store = storeOf(this);
      const product = store?.product;
      return {
        title: product ? product.title : '发现一件好物',
        path: `/packages/goods/pages/detail/index?id=${encodeURIComponent(store?.productId ?? '')}`,
        imageUrl: product?.images[0],
      };
    },
    onShareTimeline() {
      const store = storeOf(this);
      const product = store?.product;
      return {
        title: product ? product.title : '发现一件好物',
        query: `id=${encodeURIComponent(store?.productId ?? '')}`,
        imageUrl: product?.images[0],
      };
    },
  },
});
