/**
 * utils/errors.ts: every error code of the contract has a Chinese line; the line fits what the shopper was doing;
 * the server's Chinese message is preferred for the expected business refusals; INVALID_INPUT never shows English
 * validation details (they go to console.warn).
 */
import type { ErrorCode } from '../../typings/api';
import { accountInfo } from './support/fake-backend';

type Api = typeof import('../../miniprogram/services/api');
type Errors = typeof import('../../miniprogram/utils/errors');
type Result = typeof import('../../miniprogram/utils/result');

/** Every ErrorCode of typings/api.ts (the `satisfies` makes a code added to the contract a compile error here). */
const ALL_CODES = Object.keys({
  INVALID_INPUT: 1,
  UNAUTHENTICATED: 1,
  FORBIDDEN: 1,
  NOT_FOUND: 1,
  OUT_OF_STOCK: 1,
  COUPON_UNAVAILABLE: 1,
  CONFLICT: 1,
  REFUND_NOT_ALLOWED: 1,
  REFUND_QTY_EXCEEDED: 1,
  INSUFFICIENT_BALANCE: 1,
  LIVE_ONLY: 1,
  NOT_LIVE: 1,
  LOTTERY_CLOSED: 1,
  WECHAT_REFUSED: 1,
  PRICE_CHANGED: 1,
  BUSY: 1,
  RATE_LIMITED: 1,
  UNKNOWN_ACTION: 1,
  UNKNOWN_FUNCTION: 1,
  INTERNAL: 1,
} satisfies Record<ErrorCode, 1>) as ErrorCode[];

let api: Api;
let errors: Errors;
let result: Result;
let warn: jest.SpyInstance;

beforeEach(() => {
  jest.resetModules();
  (globalThis as unknown as { wx: unknown }).wx = { getAccountInfoSync: () => accountInfo('develop'), getStorageSync: () => '', setStorageSync: () => undefined };
  api = require('../../miniprogram/services/api') as Api;
  errors = require('../../miniprogram/utils/errors') as Errors;
  result = require('../../miniprogram/utils/result') as Result;
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => warn.mockRestore());

const apiError = (code: ErrorCode | 'NETWORK', message: string) => new api.ApiCallError(code, message);
const CONTEXTS = ['catalog', 'product', 'cart', 'address', 'coupon', 'checkout', 'order', 'payment', 'account', 'aftersale', 'merchant', 'distribution', 'live'] as const;

test('every code of the contract (and NETWORK) has a Chinese line in every context, with no Latin words', () => {
  for (const code of [...ALL_CODES, 'NETWORK' as const]) {
    expect(errors.ERROR_TEXT[code]).toBeTruthy();
    for (const context of CONTEXTS) {
      const text = errors.errorText(code, context);
      expect(errors.hasCjk(text)).toBe(true);
      expect(text).not.toMatch(/[A-Za-z]/);
    }
  }
  // No line for a code the contract does not have.
  expect(Object.keys(errors.ERROR_TEXT).sort()).toEqual([...ALL_CODES, 'NETWORK'].sort());
});

test('NOT_FOUND says what is missing: the address, the order, the product, the coupon', () => {
  const notFound = apiError('NOT_FOUND', 'not found');
  expect(errors.errorMessage(notFound, 'address')).toBe('收货地址不存在');
  expect(errors.errorMessage(notFound, 'order')).toBe('订单不存在');
  expect(errors.errorMessage(notFound, 'product')).toBe('商品不存在或已下架');
  expect(errors.errorMessage(notFound, 'coupon')).toBe('优惠券不存在');
  expect(errors.errorMessage(notFound, 'address')).not.toBe(errors.errorMessage(notFound, 'product'));
});

test("the server's Chinese message wins for the expected business refusals", () => {
  expect(errors.errorMessage(apiError('OUT_OF_STOCK', 'T 恤 库存不足（剩 2 件）'), 'checkout')).toBe('T 恤 库存不足（剩 2 件）');
  expect(errors.errorMessage(apiError('COUPON_UNAVAILABLE', '优惠券已被领完'), 'coupon')).toBe('优惠券已被领完');
  expect(errors.errorMessage(apiError('CONFLICT', '订单已支付，不能取消'), 'order')).toBe('订单已支付，不能取消');
  expect(errors.errorMessage(apiError('NOT_FOUND', '商品已下架: 纯棉 T 恤'), 'checkout')).toBe('商品已下架: 纯棉 T 恤');
  // An English message for the same codes falls back to the context's line.
  expect(errors.errorMessage(apiError('NOT_FOUND', 'no such address'), 'address')).toBe('收货地址不存在');
  expect(errors.errorMessage(apiError('CONFLICT', 'version mismatch'), 'cart')).toBe('购物车已在别处更新，请刷新后重试');
});

test("live refusals show the server's Chinese words; WeChat's own refusal (errcode, English) gets the client line", () => {
  expect(errors.errorMessage(apiError('NOT_LIVE', '直播已结束，直播专享券不可领取'), 'live')).toBe('直播已结束，直播专享券不可领取');
  expect(errors.errorMessage(apiError('LIVE_ONLY', '该券仅限直播间领取'), 'coupon')).toBe('该券仅限直播间领取');
  expect(errors.errorMessage(apiError('LOTTERY_CLOSED', '抽奖已截止'), 'live')).toBe('抽奖已截止');
  expect(errors.errorMessage(apiError('NOT_LIVE', 'room 1001 is not live'), 'live')).toBe('直播未开始或已结束');
  expect(errors.errorMessage(apiError('WECHAT_REFUSED', 'WeChat 300001: room not allowed'), 'live')).toBe('微信暂时无法处理此操作，请稍后重试');
  expect(errors.errorMessage(apiError('NOT_FOUND', 'no room'), 'live')).toBe('直播间不存在或已删除');
});

test('codes whose server text is not for shoppers get the client line: PRICE_CHANGED, BUSY, INTERNAL, FORBIDDEN, NETWORK', () => {
  expect(errors.errorMessage(apiError('PRICE_CHANGED', '应付金额已变为 ¥12.00，请确认后重新提交'), 'checkout')).toBe('价格有变化，请确认后重新提交');
  expect(errors.errorMessage(apiError('BUSY', 'tx conflict'), 'checkout')).toBe('当前人多，请稍后重试');
  expect(errors.errorMessage(apiError('INTERNAL', 'internal error'), 'order')).toBe('服务开小差了，请稍后重试');
  expect(errors.errorMessage(apiError('INTERNAL', 'internal error'), 'payment')).toBe('支付失败，请稍后重试');
  expect(errors.errorMessage(apiError('FORBIDDEN', 'source wx_http may not call actions'), 'order')).toBe('没有权限进行此操作');
  expect(errors.errorMessage(apiError('NETWORK', 'request:fail timeout'), 'cart')).toBe('网络不给力，请检查网络后重试');
  expect(errors.errorMessage(apiError('UNAUTHENTICATED', 'no caller identity'), 'cart')).toBe('登录状态已失效，请重新进入小程序');
});

test('INVALID_INPUT never shows English validation details: a Chinese line for the context, the details in console.warn', () => {
  const zod = apiError('INVALID_INPUT', 'items.0.qty: Too big: expected number to be <=99; remark: Invalid input');
  expect(errors.errorMessage(zod, 'checkout')).toBe('订单信息有误，请返回重新选择商品');
  expect(warn).toHaveBeenCalledWith(expect.stringContaining('items.0.qty: Too big'));
  expect(errors.errorMessage(apiError('INVALID_INPUT', 'unexpected keys: openid'), 'address')).toBe('收货地址填写有误，请检查后重试');
  expect(errors.errorMessage(apiError('INVALID_INPUT', 'unexpected keys: openid'), 'account')).toBe('提交的信息有误，请检查后重试');
  // Half English is still English.
  expect(errors.errorMessage(apiError('INVALID_INPUT', 'phone: 请填写正确的手机号; name: Required'), 'address')).toBe('收货地址填写有误，请检查后重试');
  expect(warn).toHaveBeenCalledTimes(4);
});

test('INVALID_INPUT written in Chinese for the shopper (the address rules) is shown without the field names', () => {
  expect(errors.errorMessage(apiError('INVALID_INPUT', 'phone: 请填写正确的手机号; name: 收货人须为 1-20 个字'), 'address')).toBe('请填写正确的手机号；收货人须为 1-20 个字');
  expect(errors.errorMessage(apiError('INVALID_INPUT', '最多保存 20 个收货地址，请先删除不用的地址'), 'address')).toBe('最多保存 20 个收货地址，请先删除不用的地址');
  expect(warn).not.toHaveBeenCalled();
});

test('what is not an API error gets the fallback, or the context line; failure() and toUiError() keep the code', () => {
  expect(errors.errorMessage(new TypeError('x is undefined'), 'cart', '操作失败，请稍后重试')).toBe('操作失败，请稍后重试');
  expect(errors.errorMessage('boom', 'order')).toBe('服务开小差了，请稍后重试');
  expect(result.failure(apiError('NOT_FOUND', 'gone'), 'address')).toEqual({ ok: false, code: 'NOT_FOUND', message: '收货地址不存在' });
  expect(result.failure(new Error('bug'), 'cart')).toEqual({ ok: false, code: 'INTERNAL', message: '操作失败，请稍后重试' });
  expect(errors.toUiError(apiError('NOT_FOUND', 'gone'), 'order')).toEqual({ code: 'NOT_FOUND', message: '订单不存在' });
  expect(errors.toUiError(new Error('bug'), 'catalog')).toEqual({ code: 'INTERNAL', message: '加载失败，请稍后重试' });
});
