/**
 * The page gallery's one list: every page of miniprogram/app.json (main package and subpackages) in the states worth
 * seeing. A new page: add a line here (render.shots.ts fails when an app.json page has no shot). `name` is the PNG's
 * name in docs/screens and `label` its caption in the README's Screens table.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

/** What prepare.mjs set up for the shopper (ids of the orders, address and cart lines). */
export interface ShotState {
  baseUrl: string;
  openid: string;
  addressId: string;
  pendingOrderId: string;
  paidOrderId: string;
  shippedOrderId: string;
  cartItems: string;
  /** An after-sale waiting for the merchant (part of a paid order) and its order. */
  requestedAfterSaleId: string;
  requestedOrderId: string;
  /** An after-sale approved and refunded. */
  refundedAfterSaleId: string;
  /** Who the merchant pages are shown as. */
  merchantOpenid: string;
  /** Who the distributor pages are shown as (approved, with a settled commission and a withdrawal). */
  distributorOpenid: string;
  /** The merchant's live room (live, goods approved and in audit, sales over several minutes, a lottery running). */
  merchantLiveRoomId: string;
  /** live (shopper): a live room (with a lottery when there is one), a product at its live price, a replay, a room coming. */
  liveRoomId: string;
  liveProductId: string;
  liveReplayRoomId: string;
  liveUpcomingRoomId: string;
  detailProductId: string;
  searchKeyword: string;
}

export interface Shot {
  name: string;
  label: string;
  path: string;
  query?: Record<string, string>;
  /** Text that must be on the page before it counts as loaded. */
  ready?: string[];
  /** Something to do once loaded (open the SKU picker...). */
  after?: (page: any, helpers: { sleep(ms: number): Promise<void>; textOf(c: any): string }) => Promise<void> | void;
  /** 'screen': one 375x812 screen (popups, pages that do not scroll); 'full': the whole page (default). */
  mode?: 'screen' | 'full';
  /** Whose eyes the page is seen through (default: the shopper of the state; the merchant pages: the merchant). */
  openid?: string;
}

const enc = encodeURIComponent;

export function shots(s: ShotState): Shot[] {
  return [
    { name: 'home', label: '首页', path: 'pages/home/index', ready: ['已售'] },
    { name: 'category', label: '分类', path: 'pages/category/index', ready: ['已售'], mode: 'screen' },
    { name: 'search', label: '搜索', path: 'packages/goods/pages/search/index', query: { keyword: enc(s.searchKeyword) }, ready: ['已售'] },
    { name: 'detail', label: '商品详情', path: 'packages/goods/pages/detail/index', query: { id: s.detailProductId }, ready: ['商品详情', '已售'] },
    {
      name: 'detail-sku',
      label: '商品详情 · 选规格',
      path: 'packages/goods/pages/detail/index',
      query: { id: s.detailProductId },
      ready: ['商品详情', '已售'],
      mode: 'screen',
      after: async (page, { sleep, textOf }) => {
        page.instance.onOpenPicker();
        await sleep(100);
        // Pick a colour so the picker shows a selected and a disabled (sold out) value.
        const value = page.querySelectorAll('.sku__value').find((v: any) => textOf(v) === '经典黑');
        if (value) {
          value.dispatchEvent('tap');
          await sleep(100);
        }
      },
    },
    { name: 'cart', label: '购物车', path: 'pages/cart/index', ready: ['结算'] },
    { name: 'checkout', label: '确认订单', path: 'packages/order/pages/checkout/index', query: { from: 'cart', items: enc(s.cartItems) }, ready: ['提交订单', '¥'] },
    { name: 'result', label: '支付成功', path: 'packages/order/pages/result/index', query: { orderId: enc(s.paidOrderId) }, ready: ['支付成功'] },
    { name: 'result-pending', label: '支付未完成', path: 'packages/order/pages/result/index', query: { orderId: enc(s.pendingOrderId), note: enc('支付未完成') }, ready: ['待支付'] },
    { name: 'order-list', label: '我的订单', path: 'packages/order/pages/list/index', ready: ['¥'] },
    { name: 'order-detail-pending', label: '订单详情 · 待付款', path: 'packages/order/pages/detail/index', query: { orderId: enc(s.pendingOrderId) }, ready: ['¥'] },
    { name: 'order-detail-paid', label: '订单详情 · 待发货', path: 'packages/order/pages/detail/index', query: { orderId: enc(s.paidOrderId) }, ready: ['¥'] },
    { name: 'order-detail-shipped', label: '订单详情 · 已发货', path: 'packages/order/pages/detail/index', query: { orderId: enc(s.shippedOrderId) }, ready: ['¥'] },
    { name: 'address-list', label: '收货地址', path: 'packages/user/pages/address-list/index', ready: ['138'] },
    { name: 'address-edit', label: '编辑收货地址', path: 'packages/user/pages/address-edit/index', query: { id: enc(s.addressId) }, ready: ['保存'] },
    { name: 'address-new', label: '新增收货地址', path: 'packages/user/pages/address-edit/index', ready: ['保存'] },
    { name: 'coupon-center', label: '领券中心', path: 'packages/coupon/pages/center/index', ready: ['领'] },
    { name: 'my-coupons', label: '我的优惠券', path: 'packages/coupon/pages/mine/index', ready: ['¥'] },
    { name: 'me', label: '我的', path: 'pages/me/index', ready: ['我的订单', '小明'] },
    {
      name: 'order-detail-after-sale',
      label: '订单详情 · 售后中',
      path: 'packages/order/pages/detail/index',
      query: { orderId: enc(s.requestedOrderId) },
      ready: ['查看进度', '¥'],
    },
    {
      name: 'refund-apply',
      label: '申请退款',
      path: 'packages/aftersale/pages/apply/index',
      query: { orderId: enc(s.paidOrderId) },
      ready: ['提交申请', '全选'],
      after: (page) => page.instance.onReasonSelect({ detail: { reason: 'not_wanted' } }),
    },
    {
      name: 'refund-apply-reasons',
      label: '申请退款 · 退款原因',
      path: 'packages/aftersale/pages/apply/index',
      query: { orderId: enc(s.paidOrderId) },
      ready: ['提交申请', '全选'],
      mode: 'screen',
      after: (page) => page.instance.onOpenReasons(),
    },
    { name: 'after-sale-list', label: '退款/售后', path: 'packages/aftersale/pages/list/index', ready: ['退款成功', '待商家处理'] },
    {
      name: 'after-sale-requested',
      label: '售后详情 · 待商家处理',
      path: 'packages/aftersale/pages/detail/index',
      query: { id: enc(s.requestedAfterSaleId) },
      ready: ['撤销申请', '¥'],
    },
    {
      name: 'after-sale-refunded',
      label: '售后详情 · 退款成功',
      path: 'packages/aftersale/pages/detail/index',
      query: { id: enc(s.refundedAfterSaleId) },
      ready: ['退款成功', '¥'],
    },
    { name: 'merchant-orders', label: '订单管理', path: 'packages/merchant/pages/orders/index', openid: s.merchantOpenid, ready: ['¥', '发货'] },
    {
      name: 'merchant-ship',
      label: '订单管理 · 发货',
      path: 'packages/merchant/pages/orders/index',
      query: { status: 'paid' },
      openid: s.merchantOpenid,
      ready: ['¥', '发货'],
      mode: 'screen',
      after: (page) => {
        const order = page.data.orders.find((o: any) => o.canShip);
        if (!order) return;
        page.instance.onOpenShip({ currentTarget: { dataset: { id: order.orderId, no: order.displayNo } } });
        page.instance.onCarrierTap({ currentTarget: { dataset: { carrier: '顺丰速运' } } });
        page.instance.onTrackingInput({ detail: 'SF1402938475611' });
      },
    },
    { name: 'merchant-after-sales', label: '售后处理', path: 'packages/merchant/pages/after-sales/index', openid: s.merchantOpenid, ready: ['同意退款', '¥'] },
    {
      name: 'merchant-approve',
      label: '售后处理 · 同意退款',
      path: 'packages/merchant/pages/after-sales/index',
      openid: s.merchantOpenid,
      ready: ['同意退款', '¥'],
      mode: 'screen',
      after: (page) => page.instance.onAskApprove({ currentTarget: { dataset: { id: s.requestedAfterSaleId } } }),
    },
    {
      name: 'merchant-after-sales-done',
      label: '售后处理 · 已完成',
      path: 'packages/merchant/pages/after-sales/index',
      query: { status: 'refunded' },
      openid: s.merchantOpenid,
      ready: ['已退款', '¥'],
    },
    { name: 'merchant-unapplied', label: '异常收款', path: 'packages/merchant/pages/unapplied/index', openid: s.merchantOpenid, ready: ['¥', '订单已关闭需退款'] },
    { name: 'me-merchant', label: '我的 · 店长', path: 'pages/me/index', openid: s.merchantOpenid, ready: ['我的订单', '店铺管理'] },
    { name: 'dist-centre', label: '分销中心', path: 'packages/dist/pages/centre/index', openid: s.distributorOpenid, ready: ['可提现', '佣金规则'] },
    { name: 'dist-apply', label: '申请成为分销员', path: 'packages/dist/pages/apply/index', ready: ['提交申请'] },
    { name: 'dist-promote', label: '推广商品', path: 'packages/dist/pages/promote/index', openid: s.distributorOpenid, ready: ['赚 ¥'] },
    { name: 'dist-poster', label: '推广海报', path: 'packages/dist/pages/poster/index', query: { type: 'product', id: s.detailProductId }, openid: s.distributorOpenid, ready: ['保存到相册', '¥'], mode: 'screen' },
    { name: 'dist-links', label: '推广效果', path: 'packages/dist/pages/links/index', openid: s.distributorOpenid, ready: ['访问'] },
    { name: 'dist-customers', label: '我的客户', path: 'packages/dist/pages/customers/index', openid: s.distributorOpenid, ready: ['成为你的客户'] },
    { name: 'dist-team', label: '我的团队', path: 'packages/dist/pages/team/index', openid: s.distributorOpenid },
    { name: 'dist-ledger', label: '佣金明细', path: 'packages/dist/pages/ledger/index', openid: s.distributorOpenid, ready: ['佣金收入', '已结算'] },
    {
      name: 'dist-ledger-explain',
      label: '佣金明细 · 佣金说明',
      path: 'packages/dist/pages/ledger/index',
      openid: s.distributorOpenid,
      ready: ['佣金收入', '已结算'],
      mode: 'screen',
      after: (page) => {
        const row = page.data.rows.find((r: any) => r.kind === 'commission' && r.status === 'settled') ?? page.data.rows[0];
        if (row) page.instance.onExplain({ currentTarget: { dataset: { id: row.id } } });
      },
    },
    { name: 'dist-withdraw', label: '申请提现', path: 'packages/dist/pages/withdraw/index', openid: s.distributorOpenid, ready: ['可提现', '确认提现'], mode: 'screen' },
    { name: 'dist-withdrawals', label: '提现记录', path: 'packages/dist/pages/withdrawals/index', openid: s.distributorOpenid, ready: ['审核中'] },
    { name: 'merchant-distributors', label: '分销员管理', path: 'packages/merchant/pages/distributors/index', openid: s.merchantOpenid, ready: ['通过'] },
    { name: 'merchant-withdrawals', label: '提现审核', path: 'packages/merchant/pages/withdrawals/index', openid: s.merchantOpenid, ready: ['标记已打款', '¥'] },
    { name: 'merchant-dist-settings', label: '分销设置', path: 'packages/merchant/pages/dist-settings/index', openid: s.merchantOpenid, ready: ['一级佣金'] },
    // live (merchant)
    { name: 'merchant-live-rooms', label: '直播管理', path: 'packages/merchant/pages/live-rooms/index', openid: s.merchantOpenid, ready: ['直播中', '直播数据', '创建直播间'] },
    {
      name: 'merchant-live-create',
      label: '创建直播间',
      path: 'packages/merchant/pages/live-create/index',
      openid: s.merchantOpenid,
      ready: ['开播时间', '关联门店'],
      mode: 'screen',
      after: (page) => {
        page.instance.onNameInput({ detail: '周末福利 数码专场' });
        page.instance.onAnchorInput({ detail: '小满' });
        page.instance.onStorePick({ detail: { value: 1 } });
      },
    },
    {
      name: 'merchant-live-room',
      label: '直播间管理',
      path: 'packages/merchant/pages/live-room/index',
      query: { roomId: enc(s.merchantLiveRoomId) },
      openid: s.merchantOpenid,
      ready: ['讲解中', '审核中', '承诺值'],
    },
    {
      name: 'merchant-live-add-goods',
      label: '直播间管理 · 添加商品',
      path: 'packages/merchant/pages/live-room/index',
      query: { roomId: enc(s.merchantLiveRoomId) },
      openid: s.merchantOpenid,
      ready: ['讲解中', '审核中'],
      mode: 'screen',
      after: async (page, { sleep }) => {
        page.instance.onOpenAdd();
        await sleep(600);
        const free = page.data.products.find((p: any) => !page.data.room.productIds[p.id]);
        if (free) page.instance.onPickProduct({ currentTarget: { dataset: { id: free.id } } });
        page.instance.onLivePriceInput({ detail: '19.9' });
      },
    },
    {
      name: 'merchant-live-lottery',
      label: '直播间管理 · 发起抽奖',
      path: 'packages/merchant/pages/live-room/index',
      query: { roomId: enc(s.merchantLiveRoomId) },
      openid: s.merchantOpenid,
      ready: ['讲解中', '承诺值'],
      mode: 'screen',
      after: async (page, { sleep }) => {
        page.instance.onOpenLottery();
        await sleep(600);
        const prize = page.data.templates?.find((t: any) => t.liveOnly) ?? page.data.templates?.[0];
        if (prize) page.instance.onLotteryPrize({ currentTarget: { dataset: { id: prize.templateId } } });
      },
    },
    {
      name: 'merchant-live-dashboard',
      label: '直播数据',
      path: 'packages/merchant/pages/live-dashboard/index',
      query: { roomId: enc(s.merchantLiveRoomId) },
      openid: s.merchantOpenid,
      ready: ['成交趋势', '商品成交', '¥'],
    },
    // live (shopper)
    { name: 'live-list', label: '直播', path: 'packages/live/pages/list/index', ready: ['直播中', '件商品'] },
    { name: 'live-list-upcoming', label: '直播 · 预告', path: 'packages/live/pages/list/index', query: { status: 'upcoming' }, ready: ['开播', '提醒我'] },
    { name: 'live-room', label: '直播间', path: 'packages/live/pages/room/index', query: { roomId: enc(s.liveRoomId) }, ready: ['进入直播间', '直播价'] },
    {
      name: 'live-lottery',
      label: '直播间 · 抽奖',
      path: 'packages/live/pages/room/index',
      query: { roomId: enc(s.liveRoomId) },
      ready: ['进入直播间', '抽奖'],
      mode: 'screen',
      after: (page) => page.instance.onOpenLottery(),
    },
    { name: 'live-room-upcoming', label: '直播间 · 预告', path: 'packages/live/pages/room/index', query: { roomId: enc(s.liveUpcomingRoomId) }, ready: ['提醒我'] },
    { name: 'live-replay', label: '直播回放', path: 'packages/live/pages/room/index', query: { roomId: enc(s.liveReplayRoomId) }, ready: ['回放', '直播商品'] },
    {
      name: 'detail-live',
      label: '商品详情 · 直播中',
      path: 'packages/goods/pages/detail/index',
      query: { id: enc(s.liveProductId), room_id: enc(s.liveRoomId) },
      ready: ['直播中', '直播价', '已售'],
    },
  ];
}

/** Every page path of app.json: the main package's and each subpackage's (root + page). */
export function appPages(app: { pages: string[]; subpackages?: Array<{ root: string; pages: string[] }>; subPackages?: Array<{ root: string; pages: string[] }> }): string[] {
  const subs = app.subpackages ?? app.subPackages ?? [];
  return [...app.pages, ...subs.flatMap((p) => p.pages.map((page) => `${p.root.replace(/\/$/, '')}/${page}`))];
}
