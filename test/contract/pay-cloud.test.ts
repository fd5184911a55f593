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

// ---------- refunds ----------

const refundInput = { outTradeNo: input.outTradeNo, outRefundNo: 'AS261120abcdefghijklmnop', totalFee: 28880, refundFee: 16800, reason: '不想要了' };
const refundAccepted = {
  return_code: 'SUCCESS', return_msg: 'OK', result_code: 'SUCCESS', sub_mch_id: '1900000109', transaction_id: '4200000001',
  out_trade_no: input.outTradeNo, out_refund_no: refundInput.outRefundNo, refund_id: '50300000012026112000000000001',
  refund_fee: 16800, total_fee: 28880, cash_fee: 28880,
};

test('refund sends one WeChat Pay request: our order number (no transaction id), the after-sale id, both amounts, the reason and refundNotify as the callback', async () => {
  replyInTurn(refundAccepted);
  const reason = `商品与描述不符：${'颜色偏差明显'.repeat(20)}`;
  const r = await cloudPayGateway(sdk, { subMchId: '1900000109', envId: 'prod-env-1' }).refund({ ...refundInput, reason });
  expect(captured).toHaveLength(1);
  expect(captured[0].apiName).toBe('refund');
  const body = captured[0].body;
  expect(body).toMatchObject({
    function_name: 'refundNotify',
    env_id: 'prod-env-1',
    sub_mch_id: '1900000109',
    out_trade_no: input.outTradeNo,
    out_refund_no: refundInput.outRefundNo,
    total_fee: 28880,
    refund_fee: 16800,
  });
  expect(body).not.toHaveProperty('transaction_id');
  expect(String(body.nonce_str)).toMatch(/^[0-9a-f]{32}$/);
  expect(String(body.refund_desc).length).toBeLessThanOrEqual(80);
  expect(body.refund_desc).toBe(reason.slice(0, 80));
  expect(r).toEqual({ ok: true, state: 'accepted', refundId: '50300000012026112000000000001' });
});

test('refund by WeChat Pay\'s transaction id sends transaction_id and not out_trade_no (WeChat Pay refuses both); the environment defaults to the function\'s own', async () => {
  const gw = cloudPayGateway(sdk, { subMchId: '1900000109' });
  // What a cloud function's process carries: getWXContext().ENV is TCB_ENV once WX_CONTEXT_KEYS is set.
  const saved = { keys: process.env.WX_CONTEXT_KEYS, env: process.env.TCB_ENV };
  process.env.WX_CONTEXT_KEYS = 'WX_OPENID';
  process.env.TCB_ENV = 'prod-env-2';
  try {
    replyInTurn(refundAccepted);
    await gw.refund({ transactionId: '4200000001', outRefundNo: 'U4200000001', totalFee: 28880, refundFee: 28880 });
    replyInTurn(refundAccepted);
    await gw.refund({ ...refundInput, transactionId: '4200000001' });
  } finally {
    for (const [k, v] of [['WX_CONTEXT_KEYS', saved.keys], ['TCB_ENV', saved.env]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  expect(captured.map((c) => c.apiName)).toEqual(['refund', 'refund']);
  for (const { body } of captured) {
    expect(body).toMatchObject({ transaction_id: '4200000001', function_name: 'refundNotify', sub_mch_id: '1900000109' });
    expect(body).not.toHaveProperty('out_trade_no');
  }
  expect(captured[0].body).toMatchObject({ out_refund_no: 'U4200000001', total_fee: 28880, refund_fee: 28880 });
  expect(captured[0].body).not.toHaveProperty('refund_desc');
  expect(captured.map((c) => c.body.env_id)).toEqual(['prod-env-2', 'prod-env-2']);
});

test('refund replies: accepted, refused for good (balance, amount), retryable (system busy, frequency), transport failure', async () => {
  const gw = cloudPayGateway(sdk, { subMchId: '1900000109' });
  const fail = (code: string, des: string) => ({ return_code: 'SUCCESS', return_msg: 'OK', result_code: 'FAIL', err_code: code, err_code_des: des });
  const cases: Array<[Record<string, unknown>, unknown]> = [
    [refundAccepted, { ok: true, state: 'accepted', refundId: '50300000012026112000000000001' }],
    [{ ...refundAccepted, refund_id: undefined }, { ok: true, state: 'accepted', refundId: null }],
    [fail('NOTENOUGH', '基本账户余额不足，请充值后重新发起'), { ok: true, state: 'rejected', message: '基本账户余额不足，请充值后重新发起' }],
    [fail('ERROR', '订单已全额退款'), { ok: true, state: 'rejected', message: '订单已全额退款' }],
    [fail('TRADE_OVERDUE', '订单已经超过退款期限'), { ok: true, state: 'rejected', message: '订单已经超过退款期限' }],
    [fail('SYSTEMERROR', '系统繁忙，请稍后再试'), { ok: false, message: '系统繁忙，请稍后再试' }],
    [fail('SYSTEMERROR', 'SYSTEMERROR'), { ok: false, message: 'SYSTEMERROR' }],
    [fail('FREQUENCY_LIMITED', '该笔退款未受理，请降低频率后重试'), { ok: false, message: '该笔退款未受理，请降低频率后重试' }],
    [{ return_code: 'FAIL', return_msg: '特约子商户商户号未授权服务商的产品权限' }, { ok: false, message: '特约子商户商户号未授权服务商的产品权限' }],
  ];
  for (const [r, expected] of cases) {
    replyInTurn(r);
    expect(await gw.refund(refundInput)).toEqual(expected);
  }
  expect(captured).toHaveLength(cases.length);
  expect(captured.every((c) => c.apiName === 'refund')).toBe(true);
});

test('without a merchant id neither refund nor queryRefund sends anything', async () => {
  const gw = cloudPayGateway(sdk, { subMchId: '' });
  expect(await gw.refund(refundInput)).toMatchObject({ ok: false });
  expect(await gw.queryRefund(refundInput.outRefundNo)).toMatchObject({ ok: false });
  expect(captured).toHaveLength(0);
});

// queryRefund. WeChat Pay v2 answers one field per refund with an index suffix (out_refund_no_0, refund_status_0...);
// wx-server-sdk has also been seen answering lists instead (outRefundNoList, refundStatusList..., sometimes empty).
const queried = (extra: Record<string, unknown>) => ({
  return_code: 'SUCCESS', return_msg: 'OK', result_code: 'SUCCESS', sub_mch_id: '1900000109', transaction_id: '4200000001',
  out_trade_no: input.outTradeNo, total_fee: 28880, cash_fee: 28880, ...extra,
});
const indexed = (status: string, extra: Record<string, unknown> = {}) => queried({
  refund_count: 1, refund_fee: 16800,
  out_refund_no_0: refundInput.outRefundNo, refund_id_0: '50300000012026112000000000001', refund_channel_0: 'ORIGINAL',
  refund_fee_0: 16800, refund_status_0: status, refund_recv_accout_0: '支付用户的零钱', ...extra,
});
const listed = (statuses: string[], nos = statuses.map((_s, i) => (i === statuses.length - 1 ? refundInput.outRefundNo : `AS-earlier-${i}`))) => queried({
  refund_count: statuses.length,
  out_refund_no_list: nos,
  refund_id_list: nos.map((_n, i) => `5030000001202611200000000000${i}`),
  refund_channel: [],
  refund_fee_list: nos.map((_n, i) => (i === nos.length - 1 ? 16800 : 1000)),
  settlement_refund_fee_list: [],
  refund_status_list: statuses,
  refund_account_list: [],
  refund_recv_accout_list: nos.map(() => '支付用户的零钱'),
  refund_success_time_list: statuses.map((s) => (s === 'SUCCESS' ? '2026-11-20 10:20:00' : '')),
});

test('queryRefund asks by our refund number', async () => {
  replyInTurn(listed(['SUCCESS']));
  await cloudPayGateway(sdk, { subMchId: '1900000109' }).queryRefund(refundInput.outRefundNo);
  expect(captured).toHaveLength(1);
  expect(captured[0]).toMatchObject({ apiName: 'queryRefund', body: { sub_mch_id: '1900000109', out_refund_no: refundInput.outRefundNo } });
  expect(String(captured[0].body.nonce_str)).toMatch(/^[0-9a-f]{32}$/);
  expect(captured[0].body).not.toHaveProperty('out_trade_no');
});

test('queryRefund, list form: finds our refund among several and maps SUCCESS / PROCESSING / CHANGE / REFUNDCLOSE', async () => {
  const gw = cloudPayGateway(sdk, { subMchId: '1900000109' });
  const cases: Array<[Record<string, unknown>, unknown]> = [
    [listed(['SUCCESS']), { ok: true, refund: { state: 'success', refundFee: 16800, refundId: '50300000012026112000000000000', successTime: '2026-11-20 10:20:00' } }],
    // ours is the second; the first (another refund of the same order) is still processing
    [listed(['PROCESSING', 'SUCCESS']), { ok: true, refund: { state: 'success', refundFee: 16800, refundId: '50300000012026112000000000001', successTime: '2026-11-20 10:20:00' } }],
    [listed(['SUCCESS', 'PROCESSING']), { ok: true, refund: { state: 'processing' } }],
    [listed(['PROCESSING']), { ok: true, refund: { state: 'processing' } }],
    [listed(['CHANGE']), { ok: true, refund: { state: 'failed', message: 'CHANGE' } }],
    [listed(['REFUNDCLOSE']), { ok: true, refund: { state: 'failed', message: 'REFUNDCLOSE' } }],
    // amounts as strings (WeChat Pay's XML origin) read the same
    [{ ...listed(['SUCCESS']), refund_fee_list: ['16800'] }, { ok: true, refund: { state: 'success', refundFee: 16800, refundId: '50300000012026112000000000000', successTime: '2026-11-20 10:20:00' } }],
    // the reply seen from the cloud with every list empty: nothing can be read, so nothing is decided
    [listed([], []), { ok: false, message: 'queryRefund: the refund is not in the answer' }],
    [{ ...listed([], []), refund_count: 1 }, { ok: false, message: 'queryRefund: the refund is not in the answer' }],
    // someone else's refund only
    [listed(['SUCCESS'], ['AS-other']), { ok: false, message: 'queryRefund: the refund is not in the answer' }],
  ];
  for (const [r, expected] of cases) {
    replyInTurn(r);
    expect(await gw.queryRefund(refundInput.outRefundNo)).toEqual(expected);
  }
});

test('wx-server-sdk camel-cases WeChat Pay\'s indexed refund fields as outRefundNo_0 (the digit keeps its underscore), lists as outRefundNoList', async () => {
  replyInTurn(indexed('SUCCESS', { refund_success_time_0: '2026-11-20 10:20:00' }));
  const raw = await sdk.cloudPay.queryRefund({ subMchId: '1900000109', outRefundNo: refundInput.outRefundNo, nonceStr: 'n' });
  expect(raw).toMatchObject({
    refundCount: 1, outRefundNo_0: refundInput.outRefundNo, refundStatus_0: 'SUCCESS', refundFee_0: 16800,
    refundId_0: '50300000012026112000000000001', refundSuccessTime_0: '2026-11-20 10:20:00',
  });
  expect(raw).not.toHaveProperty('outRefundNo0');
  replyInTurn(listed(['SUCCESS']));
  const rawList = await sdk.cloudPay.queryRefund({ subMchId: '1900000109', outRefundNo: refundInput.outRefundNo, nonceStr: 'n' });
  expect(rawList).toMatchObject({ outRefundNoList: [refundInput.outRefundNo], refundStatusList: ['SUCCESS'], refundFeeList: [16800], refundSuccessTimeList: ['2026-11-20 10:20:00'] });
});

// wx-server-sdk turns out_refund_no_0 into outRefundNo_0 (test above): the adapter reads those keys.
test('queryRefund, indexed form (WeChat Pay\'s own): SUCCESS with fee, id and time; PROCESSING; CHANGE and REFUNDCLOSE failed', async () => {
  const gw = cloudPayGateway(sdk, { subMchId: '1900000109' });
  const cases: Array<[Record<string, unknown>, unknown]> = [
    [indexed('SUCCESS', { refund_success_time_0: '2026-11-20 10:20:00' }), { ok: true, refund: { state: 'success', refundFee: 16800, refundId: '50300000012026112000000000001', successTime: '2026-11-20 10:20:00' } }],
    [indexed('PROCESSING'), { ok: true, refund: { state: 'processing' } }],
    [indexed('CHANGE'), { ok: true, refund: { state: 'failed', message: 'CHANGE' } }],
    [indexed('REFUNDCLOSE'), { ok: true, refund: { state: 'failed', message: 'REFUNDCLOSE' } }],
  ];
  for (const [r, expected] of cases) {
    replyInTurn(r);
    expect(await gw.queryRefund(refundInput.outRefundNo)).toEqual(expected);
  }
});

test('queryRefund refused: a refund WeChat Pay does not have is none (read from the description: the err_code is lost); other refusals are failures', async () => {
  const gw = cloudPayGateway(sdk, { subMchId: '1900000109' });
  const fail = (code: string, des: string) => ({ return_code: 'SUCCESS', return_msg: 'OK', result_code: 'FAIL', err_code: code, err_code_des: des });
  const cases: Array<[Record<string, unknown>, unknown]> = [
    [fail('REFUNDNOTEXIST', 'REFUNDNOTEXIST'), { ok: true, refund: { state: 'none' } }],
    [fail('REFUNDNOTEXIST', '退款单不存在'), { ok: true, refund: { state: 'none' } }],
    [fail('SYSTEMERROR', '系统超时'), { ok: false, message: '系统超时' }],
    [{ return_code: 'FAIL', return_msg: '签名错误' }, { ok: false, message: '签名错误' }],
  ];
  for (const [r, expected] of cases) {
    replyInTurn(r);
    expect(await gw.queryRefund(refundInput.outRefundNo)).toEqual(expected);
  }
});
