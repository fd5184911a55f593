/**
 * WeChat Pay's merchant transfer (商家转账, user-confirm mode) over APIv3: POST /v3/fund-app/mch-transfer/transfer-bills
 * and GET .../transfer-bills/out-bill-no/{out_bill_no}, signed with the merchant's API certificate key
 * (Authorization: WECHATPAY2-SHA256-RSA2048). cloudPay has no transfer API, so this is plain HTTPS from the function.
 *
 * Configuration (on the functions that pay out: `merchant`, `dist`, `jobs`): WXPAY_MCH_ID, WXPAY_APPID, WXPAY_SERIAL_NO
 * (the API certificate's serial number), WXPAY_PRIVATE_KEY (its PEM key), WXPAY_TRANSFER_SCENE_ID (default 1000,
 * 现金营销). Not done: verifying WeChat Pay's signature on answers (Wechatpay-Signature) - the answers only move our
 * state forward after a query by out_bill_no, never money.
 */
import { createSign, randomBytes } from 'crypto';
import type { PayoutGateway, TransferInput, TransferResult, TransferState } from '../ports/payout';

export interface WxPayV3Config {
  mchId: string;
  appId: string;
  serialNo: string;
  privateKey: string;
  sceneId?: string;
  host?: string;
}

export type HttpFetch = (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => Promise<{ status: number; text(): Promise<string> }>;

/** The APIv3 Authorization header for one request. */
export function authorization(cfg: Pick<WxPayV3Config, 'mchId' | 'serialNo' | 'privateKey'>, method: string, path: string, body: string, now: number, nonce: string): string {
  const timestamp = Math.floor(now / 1000);
  const message = `${method}\n${path}\n${timestamp}\n${nonce}\n${body}\n`;
  const signature = createSign('RSA-SHA256').update(message).sign(cfg.privateKey, 'base64');
  return `WECHATPAY2-SHA256-RSA2048 mchid="${cfg.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${cfg.serialNo}"`;
}

function stateOf(json: Record<string, unknown>): TransferState {
  const bill = typeof json.transfer_bill_no === 'string' ? json.transfer_bill_no : null;
  switch (json.state) {
    case 'WAIT_USER_CONFIRM':
    case 'TRANSFERING':
      return typeof json.package_info === 'string' ? { state: 'wait_user_confirm', packageInfo: json.package_info, transferBillNo: bill } : { state: 'processing' };
    case 'SUCCESS':
      return { state: 'success', transferBillNo: bill };
    case 'FAIL':
    case 'CANCELLED':
      return { state: 'failed', message: String(json.fail_reason ?? json.state) };
    default: // ACCEPTED, PROCESSING, CANCELING
      return { state: 'processing' };
  }
}

export function wxpayPayout(cfg: WxPayV3Config, http: HttpFetch = fetch as unknown as HttpFetch, now: () => number = Date.now): PayoutGateway {
  const host = cfg.host ?? 'https://api.mch.weixin.qq.com';
  const send = async (method: 'GET' | 'POST', path: string, body?: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> => {
    const text = body ? JSON.stringify(body) : '';
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: authorization(cfg, method, path, text, now(), randomBytes(16).toString('hex')),
      'User-Agent': 'live-storefront',
    };
    if (body) headers['Content-Type'] = 'application/json';
    const res = await http(`${host}${path}`, { method, headers, ...(body ? { body: text } : {}) });
    const raw = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      json = { message: raw.slice(0, 200) };
    }
    return { status: res.status, json };
  };
  const configured = (): string | null => (cfg.mchId && cfg.appId && cfg.serialNo && cfg.privateKey ? null : 'WeChat Pay transfer is not configured (WXPAY_MCH_ID, WXPAY_APPID, WXPAY_SERIAL_NO, WXPAY_PRIVATE_KEY)');
  const gateway: PayoutGateway = {
    confirmParams: { mchId: cfg.mchId, appId: cfg.appId },
    async transfer(input: TransferInput): Promise<TransferResult> {
      const missing = configured();
      if (missing) return { ok: false, message: missing };
      try {
        const r = await send('POST', '/v3/fund-app/mch-transfer/transfer-bills', {
          appid: cfg.appId,
          out_bill_no: input.billNo,
          transfer_scene_id: cfg.sceneId ?? '1000',
          openid: input.openid,
          transfer_amount: input.amount,
          transfer_remark: input.remark.slice(0, 32),
          user_recv_perception: '现金奖励',
          transfer_scene_report_infos: [
            { info_type: '活动名称', info_content: '分销推广' },
            { info_type: '奖励说明', info_content: '分销佣金提现' },
          ],
        });
        if (r.status === 200) return { ok: true, transfer: stateOf(r.json) };
        // Any other answer: never a new bill number - WeChat Pay may have taken it; the query decides (its docs say so).
        return { ok: false, message: `${r.status} ${String(r.json.code ?? '')} ${String(r.json.message ?? '')}`.trim() };
      } catch (err) {
        return { ok: false, message: String(err) };
      }
    },
    async queryTransfer(billNo: string): Promise<TransferResult> {
      const missing = configured();
      if (missing) return { ok: false, message: missing };
      try {
        const r = await send('GET', `/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/${encodeURIComponent(billNo)}`);
        if (r.status === 200) return { ok: true, transfer: stateOf(r.json) };
        if (r.status === 404 || r.json.code === 'NOT_FOUND') return { ok: true, transfer: { state: 'none' } };
        return { ok: false, message: `${r.status} ${String(r.json.code ?? '')} ${String(r.json.message ?? '')}`.trim() };
      } catch (err) {
        return { ok: false, message: String(err) };
      }
    },
  };
  return gateway;
}
