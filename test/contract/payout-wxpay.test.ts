/**
 * The real merchant-transfer adapter (WeChat Pay APIv3) checked offline: the HTTPS requests it would send are captured
 * (method, URL, JSON body, headers), the Authorization signature is verified with the public half of a key made here,
 * and WeChat Pay's documented answers are mapped to transfer states.
 */
import { createVerify, generateKeyPairSync } from 'crypto';
import { HttpFetch, authorization, wxpayPayout } from '../../cloudfunctions/adapters/payout-wxpay';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
const cfg = { mchId: '1900000109', appId: 'wxappid0001', serialNo: '5157F09EFDC096DE15EBE81A47057A72', privateKey, sceneId: '1000' };
const NOW = Date.UTC(2026, 11, 3, 2, 0, 0);

interface Sent { url: string; method: string; headers: Record<string, string>; body?: string }
function fakeHttp(status: number, answer: unknown): { http: HttpFetch; sent: Sent[] } {
  const sent: Sent[] = [];
  const http: HttpFetch = async (url, init) => {
    sent.push({ url, ...init });
    return { status, text: async () => (typeof answer === 'string' ? answer : JSON.stringify(answer)) };
  };
  return { http, sent };
}

function verifies(header: string, method: string, path: string, body: string): boolean {
  const f = Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const message = `${method}\n${path}\n${f.timestamp}\n${f.nonce_str}\n${body}\n`;
  return createVerify('RSA-SHA256').update(message).verify(publicKey, f.signature, 'base64') && f.mchid === cfg.mchId && f.serial_no === cfg.serialNo;
}

test('transfer: one signed POST to transfer-bills with our withdrawal id as out_bill_no; WAIT_USER_CONFIRM answers the package', async () => {
  const { http, sent } = fakeHttp(200, { out_bill_no: 'W0mx1', transfer_bill_no: '1330000071100999991182020050700019480001', create_time: '2026-12-03T10:00:00+08:00', state: 'WAIT_USER_CONFIRM', package_info: 'affffddafdfafddffda==' });
  const r = await wxpayPayout(cfg, http, () => NOW).transfer({ billNo: 'W0mx1', openid: 'o-d1', amount: 1000, remark: '分销佣金提现' });
  expect(r).toEqual({ ok: true, transfer: { state: 'wait_user_confirm', packageInfo: 'affffddafdfafddffda==', transferBillNo: '1330000071100999991182020050700019480001' } });
  expect(sent).toHaveLength(1);
  expect(sent[0].method).toBe('POST');
  expect(sent[0].url).toBe('https://api.mch.weixin.qq.com/v3/fund-app/mch-transfer/transfer-bills');
  expect(JSON.parse(sent[0].body!)).toEqual({
    appid: 'wxappid0001', out_bill_no: 'W0mx1', transfer_scene_id: '1000', openid: 'o-d1', transfer_amount: 1000, transfer_remark: '分销佣金提现',
    user_recv_perception: '现金奖励', transfer_scene_report_infos: [{ info_type: '活动名称', info_content: '分销推广' }, { info_type: '奖励说明', info_content: '分销佣金提现' }],
  });
  expect(sent[0].headers).toMatchObject({ Accept: 'application/json', 'Content-Type': 'application/json' });
  expect(sent[0].headers.Authorization).toMatch(/^WECHATPAY2-SHA256-RSA2048 mchid="1900000109",nonce_str="[0-9a-f]{32}",signature="[^"]+",timestamp="1796263200",serial_no="5157F09EFDC096DE15EBE81A47057A72"$/);
  expect(verifies(sent[0].headers.Authorization, 'POST', '/v3/fund-app/mch-transfer/transfer-bills', sent[0].body!)).toBe(true);
});

test('query by out_bill_no: a signed GET; SUCCESS, FAIL / CANCELLED, ACCEPTED / PROCESSING, 404 NOT_FOUND', async () => {
  const cases: Array<[number, unknown, unknown]> = [
    [200, { state: 'SUCCESS', transfer_bill_no: 'T1' }, { state: 'success', transferBillNo: 'T1' }],
    [200, { state: 'FAIL', fail_reason: 'PAYEE_ACCOUNT_ABNORMAL' }, { state: 'failed', message: 'PAYEE_ACCOUNT_ABNORMAL' }],
    [200, { state: 'CANCELLED' }, { state: 'failed', message: 'CANCELLED' }],
    [200, { state: 'PROCESSING' }, { state: 'processing' }],
    [200, { state: 'ACCEPTED' }, { state: 'processing' }],
    [404, { code: 'NOT_FOUND', message: '记录不存在' }, { state: 'none' }],
  ];
  for (const [status, answer, want] of cases) {
    const { http, sent } = fakeHttp(status, answer);
    expect(await wxpayPayout(cfg, http, () => NOW).queryTransfer('W0mx1')).toEqual({ ok: true, transfer: want });
    expect(sent[0]).toMatchObject({ method: 'GET', url: 'https://api.mch.weixin.qq.com/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/W0mx1' });
    expect(sent[0].body).toBeUndefined();
    expect(verifies(sent[0].headers.Authorization, 'GET', '/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/W0mx1', '')).toBe(true);
  }
});

test('errors are failures to ask again with the same out_bill_no (never a new bill); no configuration sends nothing', async () => {
  const busy = fakeHttp(429, { code: 'FREQUENCY_LIMITED', message: '频率超限' });
  expect(await wxpayPayout(cfg, busy.http, () => NOW).transfer({ billNo: 'W1', openid: 'o', amount: 100, remark: 'x' })).toEqual({ ok: false, message: '429 FREQUENCY_LIMITED 频率超限' });
  const broken = fakeHttp(500, '<html>bad gateway</html>');
  expect(await wxpayPayout(cfg, broken.http, () => NOW).queryTransfer('W1')).toMatchObject({ ok: false });
  const thrown: HttpFetch = async () => { throw new Error('ECONNRESET'); };
  expect(await wxpayPayout(cfg, thrown, () => NOW).transfer({ billNo: 'W1', openid: 'o', amount: 100, remark: 'x' })).toEqual({ ok: false, message: 'Error: ECONNRESET' });
  const none = fakeHttp(200, {});
  expect(await wxpayPayout({ ...cfg, privateKey: '' }, none.http).transfer({ billNo: 'W1', openid: 'o', amount: 100, remark: 'x' })).toMatchObject({ ok: false });
  expect(none.sent).toHaveLength(0);
  // the signature covers the body: a changed body does not verify
  const h = authorization(cfg, 'POST', '/p', '{"a":1}', NOW, 'n');
  expect(verifies(h, 'POST', '/p', '{"a":2}')).toBe(false);
});
