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

const input = { orderId: 'D261120100000abcdefghijkl', outTradeNo: 'D261120100000abcdefghijkl', totalFee: 28880, body: '降噪耳机 等 3 件', openid: 'o-alice' };

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
