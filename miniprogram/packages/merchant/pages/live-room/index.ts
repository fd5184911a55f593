/**
 * 直播间管理 (merchants), `?roomId=`: the room's goods with WeChat's audit (提交中 / 审核中 / 已通过 / 未通过 and the
 * reason), 直播价 against 原价; 添加商品 (a product of the shop and an optional live price in yuan), 移除, 讲解 (approved
 * goods while the room is live); the live coupons (add from the shop's templates, remove); lotteries (start one:
 * prize, winners, minutes; each with its commitment, participants and winners); and the dashboard.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import type { ProductSummary } from '../../../../../typings/api';
import { bindItemsByPath } from '../../../../stores/paged-list';
import type { DatasetEvent, DetailEvent } from '../../../../utils/events';
import { toast, toastSuccess } from '../../../../utils/wx';
import { liveRoomDesk, productPicker } from '../../stores/live-room';
import { LOTTERY_LIMITS } from '../../utils/live';

type IdEvent = DatasetEvent<{ id: string }>;

const shown = new WeakSet<object>();
const unbind = new WeakMap<object, () => void>();

const toPick = (p: ProductSummary) => ({ id: p.id, title: p.title, image: p.image, price: p.price.min });

const CLOSED = {
  addShow: false,
  addProductId: '',
  addPrice: '',
  addError: '',
  couponShow: false,
  lotteryShow: false,
  lotteryTemplateId: '',
  lotteryError: '',
};

ComponentWithStore({
  data: {
    products: [] as ReturnType<typeof toPick>[],
    pickKeyword: '',
    lotteryWinners: 1,
    lotteryMinutes: 5,
    winnersMax: LOTTERY_LIMITS.winners[1],
    minutesMax: LOTTERY_LIMITS.minutes[1],
    ...CLOSED,
  },
  storeBindings: [
    {
      store: liveRoomDesk,
      fields: { room: 'view', loading: 'loading', error: 'error', acting: 'acting', templates: 'templates', templatesError: 'templatesError', addableCoupons: 'addableCoupons' },
      actions: {},
    },
    { store: productPicker, fields: { pickLoading: 'loading', pickEmpty: 'empty', pickError: 'error', pickNoMore: 'showNoMore' }, actions: {} },
  ],
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      unbind.set(this, bindItemsByPath(this, productPicker, 'products', toPick));
      void liveRoomDesk.load(decodeURIComponent(query.roomId ?? ''));
    },
    onUnload() {
      unbind.get(this)?.();
      unbind.delete(this);
    },
    onShow() {
      if (shown.has(this)) void liveRoomDesk.load(liveRoomDesk.roomId);
      shown.add(this);
    },
    onPullDownRefresh() {
      void liveRoomDesk.load(liveRoomDesk.roomId).then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      void liveRoomDesk.load(liveRoomDesk.roomId);
    },
    onOpenDashboard() {
      void wx.navigateTo({ url: `/packages/merchant/pages/live-dashboard/index?roomId=${encodeURIComponent(liveRoomDesk.roomId)}` });
    },

    // ---------- goods ----------
    onOpenAdd() {
      this.setData({ ...CLOSED, addShow: true });
      if (!productPicker.loaded || productPicker.keyword) {
        this.setData({ pickKeyword: '' });
        void productPicker.search('');
      }
    },
    onCloseAdd() {
      this.setData({ addShow: false });
    },
    onPickSearch(e: DetailEvent<string>) {
      const keyword = String(e.detail ?? '');
      this.setData({ pickKeyword: keyword });
      void productPicker.search(keyword);
    },
    onPickMore() {
      void productPicker.loadMore();
    },
    onPickProduct(e: IdEvent) {
      const id = e.currentTarget.dataset.id;
      if (liveRoomDesk.room?.goods.some((g) => g.productId === id)) return;
      this.setData({ addProductId: id, addError: '' });
    },
    onLivePriceInput(e: DetailEvent<string>) {
      this.setData({ addPrice: String(e.detail ?? ''), addError: '' });
    },
    async onConfirmAdd() {
      const result = await liveRoomDesk.addGoods(this.data.addProductId, this.data.addPrice);
      if (!result.ok) {
        this.setData({ addError: result.message });
        return;
      }
      this.setData({ addShow: false });
      toastSuccess('已提交审核');
    },
    async onRemoveGoods(e: IdEvent) {
      const id = e.currentTarget.dataset.id;
      const goods = liveRoomDesk.room?.goods.find((g) => g.productId === id);
      const answer = await wx.showModal({ title: '移除商品', content: `从直播间移除“${goods?.title ?? ''}”？`, confirmColor: '#ee0a24' });
      if (!answer.confirm) return;
      const result = await liveRoomDesk.removeGoods(id);
      if (result.ok) toastSuccess('已移除');
      else toast(result.message);
    },
    async onPush(e: IdEvent) {
      const result = await liveRoomDesk.push(e.currentTarget.dataset.id);
      if (result.ok) toastSuccess('开始讲解');
      else toast(result.message);
    },

    // ---------- coupons ----------
    onOpenCoupons() {
      this.setData({ ...CLOSED, couponShow: true });
      if (!liveRoomDesk.templates) void liveRoomDesk.loadTemplates();
    },
    onCloseCoupons() {
      this.setData({ couponShow: false });
    },
    async onAddCoupon(e: IdEvent) {
      const result = await liveRoomDesk.addCoupon(e.currentTarget.dataset.id);
      if (result.ok) toastSuccess('已添加');
      else toast(result.message);
    },
    async onRemoveCoupon(e: IdEvent) {
      const answer = await wx.showModal({ title: '移除优惠券', content: '移除后观众不能再在直播间领取这张券', confirmColor: '#ee0a24' });
      if (!answer.confirm) return;
      const result = await liveRoomDesk.removeCoupon(e.currentTarget.dataset.id);
      if (result.ok) toastSuccess('已移除');
      else toast(result.message);
    },

    // ---------- lotteries ----------
    onOpenLottery() {
      this.setData({ ...CLOSED, lotteryShow: true });
      if (!liveRoomDesk.templates) void liveRoomDesk.loadTemplates();
    },
    onCloseLottery() {
      this.setData({ lotteryShow: false });
    },
    onLotteryPrize(e: IdEvent) {
      this.setData({ lotteryTemplateId: e.currentTarget.dataset.id, lotteryError: '' });
    },
    onLotteryWinners(e: DetailEvent<number | string>) {
      this.setData({ lotteryWinners: Math.round(Number(e.detail)) || 1, lotteryError: '' });
    },
    onLotteryMinutes(e: DetailEvent<number | string>) {
      this.setData({ lotteryMinutes: Math.round(Number(e.detail)) || 1, lotteryError: '' });
    },
    async onConfirmLottery() {
      const { lotteryTemplateId, lotteryWinners, lotteryMinutes } = this.data;
      const result = await liveRoomDesk.startLottery(lotteryTemplateId, lotteryWinners, lotteryMinutes);
      if (!result.ok) {
        this.setData({ lotteryError: result.message });
        return;
      }
      this.setData({ lotteryShow: false });
      toastSuccess('抽奖已开始');
    },
  },
});
