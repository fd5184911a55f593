/**
 * Product detail: gallery, price, spec picker, and the action bar (加入购物车 / 立即购买). Opened with `?id=` or from a
 * mini program code (`scene`). Each page gets its own ProductDetailStore (a detail page can open on top of another),
 * bound by hand in onLoad. An action without a chosen SKU opens the picker; its button then finishes the action.
 *
 * Opened from a live room - by the live-player-plugin (`room_id`, `custom_params`) or by our room page - the room is
 * remembered for checkouts (stores/live.ts), a banner shows the room selling the product live now, and the live
 * price shows when it applies (ProductLiveStore); 立即购买 carries the room to checkout.
 *
 * Shared to Moments, the page opens in single-page mode (scene 1154): no login, no tab bar, no other pages. It then
 * shows the product from the share's own query (title, price, image: see onShareTimeline) and points the shopper
 * to WeChat's 前往小程序 bar; it calls no backend and shows no buy bar.
 */
import { ComponentWithStore, createStoreBindings } from 'mobx-miniprogram-bindings';
import { cartStore } from '../../../../stores/cart';
import { liveEntry } from '../../../../stores/live';
import { shareStore } from '../../../../stores/share';
import { ProductCouponsStore } from '../../stores/product-coupons';
import { ProductDetailStore, SERVICE_PROMISES } from '../../stores/product-detail';
import { ProductLiveStore } from '../../stores/product-live';
import { sharedProductFromQuery } from '../../utils/share';
import { isSinglePageMode } from '../../../../utils/entry';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { roomPagePath } from '../../../../utils/live';
import { encodeItems } from '../../../../utils/order';
import { productIdFromQuery } from '../../../../utils/query';
import { shareTokenFromQuery } from '../../../../utils/share';
import { resolveShareTarget } from '../../../../services/catalog';
import { toast, toastSuccess } from '../../../../utils/wx';

/** What the picker's button finishes: '' = opened from 选择规格 (both buttons shown). */
type PickerAction = '' | 'cart' | 'buy';

type Bindings = ReturnType<typeof createStoreBindings>;

const FIELDS = [
  'product',
  'preview',
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
  'pickerImage',
];

interface PageStores {
  store: ProductDetailStore;
  bindings: Bindings;
  cart: Bindings | null;
  coupons: ProductCouponsStore | null;
  couponBindings: Bindings | null;
  live: ProductLiveStore | null;
  liveBindings: Bindings | null;
}

const pages = new WeakMap<object, PageStores>();

function storeOf(page: object): ProductDetailStore | null {
  return pages.get(page)?.store ?? null;
}

ComponentWithStore({
  data: {
    pickerVisible: false,
    pickerAction: '' as PickerAction,
    imageIndex: 0,
    adding: false,
    couponsVisible: false,
    services: SERVICE_PROMISES,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const store = new ProductDetailStore();
      const bindings = createStoreBindings(this, { store, fields: FIELDS, actions: {} });
      if (isSinglePageMode()) {
        pages.set(this, { store, bindings, cart: null, coupons: null, couponBindings: null, live: null, liveBindings: null });
        store.showShared(sharedProductFromQuery(query));
        return;
      }
      const coupons = new ProductCouponsStore();
      const live = new ProductLiveStore(store);
      // Opened from a live room (the plugin's product link, or our room page): remembered for checkouts.
      const roomId = liveEntry.enterFromQuery(query);
      pages.set(this, {
        store,
        bindings,
        cart: createStoreBindings(this, { store: cartStore, fields: { cartBadge: 'badgeText' }, actions: {} }),
        coupons,
        couponBindings: createStoreBindings(this, { store: coupons, fields: { coupons: 'views', couponHighlight: 'highlight', claiming: 'claiming' }, actions: {} }),
        live,
        liveBindings: createStoreBindings(this, { store: live, fields: { liveBanner: 'banner', livePrice: 'livePriceRange' }, actions: {} }),
      });
      if (!cartStore.loaded) void cartStore.load();
      void wx.showShareMenu({ menus: ['shareAppMessage', 'shareTimeline'] });
      const open = (id: string | null): void => {
        if (id) {
          void store.load(id);
          void coupons.load(id);
          void live.load(id, roomId);
        } else store.showMissing();
      };
      // A distributor's poster code carries only the share token as its scene: ask what it points at.
      const token = query.id ? null : shareTokenFromQuery({ scene: query.scene });
      if (!token) return open(productIdFromQuery(query));
      void resolveShareTarget(token).then((target) => {
        if (target?.type === 'home') void wx.switchTab({ url: '/pages/home/index' });
        else open(target?.type === 'product' ? target.id : productIdFromQuery(query));
      });
    },
    onUnload() {
      const entry = pages.get(this);
      entry?.bindings.destroyStoreBindings();
      entry?.cart?.destroyStoreBindings();
      entry?.couponBindings?.destroyStoreBindings();
      entry?.liveBindings?.destroyStoreBindings();
      pages.delete(this);
    },
    onRetry() {
      const entry = pages.get(this);
      if (!entry) return;
      void entry.store.load(entry.store.productId);
      void entry.coupons?.load(entry.store.productId);
      void entry.live?.load(entry.store.productId, entry.live.roomId);
    },
    /** The live banner: the room's page. */
    onLiveBannerTap() {
      const banner = pages.get(this)?.live?.banner;
      if (banner) void wx.navigateTo({ url: roomPagePath(banner.roomId) });
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
    onOpenCoupons() {
      this.setData({ couponsVisible: true });
    },
    onCloseCoupons() {
      this.setData({ couponsVisible: false });
    },
    /** 领取 in the coupon sheet: claims through the coupon service; the row and the sheet then show the new state. */
    onClaimCoupon(e: DatasetEvent<{ id: string }>) {
      const coupons = pages.get(this)?.coupons;
      if (!coupons) return;
      void coupons.claim(e.currentTarget.dataset.id).then((result) => {
        if (result.ok) toastSuccess('领取成功');
        else toast(result.message);
      });
    },
    onOpenPicker() {
      this.setData({ pickerVisible: true, pickerAction: '' });
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
    onGoCart() {
      void wx.switchTab({ url: '/pages/cart/index' });
    },
    onAddToCart() {
      this.act('cart');
    },
    onBuyNow() {
      this.act('buy');
    },
    /** The picker's button: finishes what opened it (or the button's own action when opened from 选择规格). */
    onPickerConfirm(e: DatasetEvent<{ action?: PickerAction }>) {
      const action = e.currentTarget.dataset.action || (this.data.pickerAction as PickerAction) || 'cart';
      const store = storeOf(this);
      if (!store) return;
      if (!store.chosenSkuId) {
        toast(store.soldOut ? '已售罄' : store.selectionText);
        return;
      }
      this.setData({ pickerVisible: false });
      this.act(action);
    },
    /** 加入购物车 / 立即购买 with the chosen SKU; without one, the picker opens for this action. */
    act(action: 'cart' | 'buy') {
      const store = storeOf(this);
      if (!store || !store.product) return;
      if (store.soldOut) {
        toast('商品已售罄');
        return;
      }
      const skuId = store.chosenSkuId;
      if (!skuId) {
        this.setData({ pickerVisible: true, pickerAction: action });
        return;
      }
      if (action === 'buy') {
        const items = encodeItems([{ skuId, qty: store.quantity }]);
        const roomId = pages.get(this)?.live?.checkoutRoomId;
        const room = roomId ? `&roomId=${encodeURIComponent(roomId)}` : '';
        void wx.navigateTo({ url: `/packages/order/pages/checkout/index?items=${encodeURIComponent(items)}${room}` });
        return;
      }
      if (this.data.adding) return;
      this.setData({ adding: true });
      void cartStore.add(skuId, store.quantity).then((result) => {
        this.setData({ adding: false });
        if (result.ok) toastSuccess('已加入购物车');
        else toast(result.message);
      });
    },
    onShareAppMessage() {
      const store = storeOf(this);
      const product = store?.product;
      // A distributor's card carries their token (stores/share.ts).
      return shareStore.shareFor({ type: 'product', id: store?.productId ?? '' }, product ? product.title : '发现一件好物', product?.images[0]);
    },
    onShareTimeline() {
      const store = storeOf(this);
      const product = store?.product;
      return {
        title: product ? product.title : '发现一件好物',
        query: store?.shareQuery ?? '',
        imageUrl: product?.images[0],
      };
    },
  },
});
