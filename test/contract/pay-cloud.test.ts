/**
 * The real WeChat Pay adapter (cloud.cloudPay.unifiedOrder) checked offline: what wx-server-sdk serialises for
 * WeChat Pay is captured at @cloudbase/node-sdk's callWxPayApi and answered the way the platform answers.
 */
import { cloudPayGateway, CloudPaySdk } from '../../cloudfunctions/adapters/pay-cloud';

interface Captured { apiName: string; body: Record<string, unknown> }
const captured: Captured[] = [];
let reply: Record<string, unknown> = {};
let sdk: CloudPaySdk;

beforeAll(() => {
  process.env.TENCENTCLOUD_SECRETID ??= 'dummy-secret-id';
  process.env.TENCENTCLOUD_SECRETKEY ??= 'dummy-secret-key';
  const { CloudBase } = require('@cloudbase/node-sdk/dist/cloudbase') as { CloudBase: { prototype: Record<string, unknown> } };
  CloudBase.prototype.callWxPayApi = async function (opts: { apiName: string; requestData: Buffer }) {
    captured.push({ apiName: opts.apiName, body: JSON.parse(Buffer.from(opts.requestData).toString('utf8')) });
    return Buffer.from(JSON.stringify(reply));
  };
  const cloud = require('wx-server-sdk') as CloudPaySdk & { init(o: { env: string }): void };
  cloud.init({ env: 'prod-env-1' });
  sdk = cloud;
});

beforeEach(() => {
  captured.length = 0;
  reply = {
    return_code: 'SUCCESS', result_code: 'SUCCESS', prepay_id: 'wx2026prepay',
    payment: { app_id: 'wxapp', time_stamp: '1795000000', nonce_str: 'abc', package: 'prepay_id=wx2026prepay', sign_type: 'MD5', pay_sign: 'SIGN' },
  };
});

const input = { orderId: 'D261120100000abcdefghijkl', outTradeNo: 'D261120100000abcdefghijkl', totalFee: 28880, body: '降噪耳机 等 3 件', openid: 'o-alice', timeExpire: Date.UTC(2026, 10, 20, 2, 30, 0) };

test('unifiedOrder sends one WeChat Pay request with our order number, the stored fee and payNotify as the callback', async () => {
  const r = await cloudPayGateway(sdk, { subMchId: '1900000109', envId: 'prod-env-1' }).unifiedOrder(input);
  expect(captured).toHaveLength(1);
  expect(captured[0].apiName).toBe('unifiedOrder');
  expect(captured[0].body).toMatchObject({
    function_name: 'payNotify',
    env_id: 'prod-env-1',
    sub_mch_id: '1900000109',
    out_trade_no: input.outTradeNo,
    total_fee: 28880,
    body: '降噪耳机 等 3 件',
    trade_type: 'JSAPI',
    spbill_create_ip: '127.0.0.1',
    attach: input.orderId,
    time_expire: '20261120103000',
  });
  expect(String(captured[0].body.nonce_str)).toMatch(/^[0-9a-f]{32}$/);
  expect(r).toEqual({
    ok: true,
    prepay: { mode: 'wechat', orderId: input.orderId, payment: { timeStamp: '1795000000', nonceStr: 'abc', package: 'prepay_id=wx2026prepay', signType: 'MD5', paySign: 'SIGN' } },
  });
});

test('a refusal from WeChat Pay is a failure with its reason, not a payment', async () => {
  reply = { return_code: 'SUCCESS', result_code: 'FAIL', err_code: 'ORDERPAID', err_code_des: '该订单已支付' };
  expect(await cloudPayGateway(sdk, { subMchId: '1900000109' }).unifiedOrder(input)).toEqual({ ok: false, message: '该订单已支付' });
});

test('without a merchant id nothing is sent', async () => {
  expect(await cloudPayGateway(sdk, { subMchId: '' }).unifiedOrder(input)).toMatchObject({ ok: false });
  expect(captured).toHaveLength(0);
});

/** Answers the next WeChat Pay requests in turn (then `reply`). */
function replyInTurn(...replies: Array<Record<string, unknown>>): void {
  const { CloudBase } = require('@cloudbase/node-sdk/dist/cloudbase') as { CloudBase: { prototype: Record<string, unknown> } };
  CloudBase.prototype.callWxPayApi = async function (opts: { apiName: string; requestData: Buffer }) {
    captured.push({ apiName: opts.apiName, body: JSON.parse(Buffer.from(opts.requestData).toString('utf8')) });
    return Buffer.from(JSON.stringify(replies.shift() ?? reply));
  };
}
const notPaid = { return_code: 'SUCCESS', result_code: 'SUCCESS', trade_state: 'NOTPAY' };
const closedState = { return_code: 'SUCCESS', result_code: 'SUCCESS', trade_state: 'CLOSED' };
const paidState = { return_code: 'SUCCESS', result_code: 'SUCCESS', trade_state: 'SUCCESS', transaction_id: '4200000001', total_fee: 28880, time_end: '20261120101500' };

test('wx-server-sdk overwrites WeChat Pay\'s err_code with 0 (why closeOrder asks queryOrder instead of reading it)', async () => {
  replyInTurn({ return_code: 'SUCCESS', result_code: 'FAIL', err_code: 'ORDERPAID', err_code_des: '订单已支付' });
  const raw = await sdk.cloudPay.closeOrder({ subMchId: '1900000109', outTradeNo: input.outTradeNo, nonceStr: 'n' });
  expect(raw).toMatchObject({ resultCode: 'FAIL', errCode: 0, errCodeDes: '订单已支付' });
});

test('closeOrder: closed now reads closed with one request', async () => {
  replyInTurn({ return_code: 'SUCCESS', result_code: 'SUCCESS' });
  expect(await cloudPayGateway(sdk, { subMchId: '1900000109' }).closeOrder(input.outTradeNo)).toEqual({ ok: true, order: { state: 'closed' } });
  expect(captured).toHaveLength(1);
  expect(captured[0]).toMatchObject({ apiName: 'closeOrder', body: { sub_mch_id: '1900000109', out_trade_no: input.outTradeNo } });
});

test('closeOrder refused: queryOrder decides - paid (with the transaction), already closed, never created; still open is a failure', async () => {
  const gw = cloudPayGateway(sdk, { subMchId: '1900000109' });
  const fail = (code: string, des: string) => ({ return_code: 'SUCCESS', result_code: 'FAIL', err_code: code, err_code_des: des });
  replyInTurn(fail('ORDERPAID', '订单已支付'), paidState);
  expect(await gw.closeOrder(input.outTradeNo)).toEqual({ ok: true, order: { state: 'paid', transactionId: '4200000001', totalFee: 28880, timeEnd: '20261120101500' } });
  expect(captured.map((c) => c.apiName)).toEqual(['closeOrder', 'queryOrder']);
  replyInTurn(fail('ORDERCLOSED', '订单已关闭'), closedState);
  expect(await gw.closeOrder(input.outTradeNo)).toEqual({ ok: true, order: { state: 'closed' } });
  replyInTurn(fail('ORDERNOTEXIST', '此交易订单号不存在'), fail('ORDERNOTEXIST', '此交易订单号不存在'));
  expect(await gw.closeOrder(input.outTradeNo)).toEqual({ ok: true, order: { state: 'closed' } });
  replyInTurn(fail('SYSTEMERROR', '系统错误'), notPaid);
  expect(await gw.closeOrder(input.outTradeNo)).toEqual({ ok: false, message: 'closeOrder failed: 系统错误' });
});

test('queryOrder maps trade states: NOTPAY/USERPAYING open, CLOSED/REVOKED closed, REFUND paid; failures are failures', async () => {
  const gw = cloudPayGateway(sdk, { subMchId: '1900000109' });
  const cases: Array<[Record<string, unknown>, unknown]> = [
    [notPaid, { ok: true, order: { state: 'open' } }],
    [{ return_code: 'SUCCESS', result_code: 'SUCCESS', trade_state: 'USERPAYING' }, { ok: true, order: { state: 'open' } }],
    [closedState, { ok: true, order: { state: 'closed' } }],
    [{ return_code: 'SUCCESS', result_code: 'SUCCESS', trade_state: 'REVOKED' }, { ok: true, order: { state: 'closed' } }],
    [{ ...paidState, trade_state: 'REFUND' }, { ok: true, order: { state: 'paid', transactionId: '4200000001', totalFee: 28880, timeEnd: '20261120101500' } }],
    [{ return_code: 'FAIL', return_msg: '签名错误' }, { ok: false, message: '签名错误' }],
    [{ return_code: 'SUCCESS', result_code: 'FAIL', err_code: 'SYSTEMERROR', err_code_des: '系统超时' }, { ok: false, message: '系统超时' }],
    [{ return_code: 'SUCCESS', result_code: 'SUCCESS', trade_state: 'SUCCESS' }, { ok: false, message: 'queryOrder: paid without a transaction' }],
  ];
  for (const [r, expected] of cases) {
    replyInTurn(r);
    expect(await gw.queryOrder(input.outTradeNo)).toEqual(expected);
  }
  expect(captured.every((c) => c.apiName === 'queryOrder')).toBe(true);
});
