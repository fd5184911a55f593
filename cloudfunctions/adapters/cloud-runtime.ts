/**
 * The cloud entry every deployed function uses: identity and source from cloud.getWXContext() (never from the
 * event), the cloud database behind the Store port, the system clock, WeChat Pay (cloudPay) and WeChat's open APIs
 * (cloud.openapi + cloud storage). wx-server-sdk is provided by the runtime
 * (kept external to the bundle).
 */
import type { FunctionDef } from '../functions/kit';
import { invoke } from '../functions/kit';
import { systemClock } from '../ports/clock';
import type { Deps, Logger } from '../ports/context';
import { randomIds } from './ids-random';
import { CloudStore } from './store-cloud';
import { cloudPayGateway, CloudPaySdk } from './pay-cloud';
import { cloudWechatGateway, envVersionFrom, WechatCloudSdk } from './wechat-cloud';
import { wxpayPayout } from './payout-wxpay';
import { cloudLiveGateway, LiveCloudSdk } from './live-cloud';

const jsonLogger: Logger = {
  info: (msg, fields) => console.log(JSON.stringify({ level: 'info', msg, ...fields })),
  error: (msg, fields) => console.error(JSON.stringify({ level: 'error', msg, ...fields })),
};

interface WxServerSdk {
  init(opts: { env: unknown }): void;
  DYNAMIC_CURRENT_ENV: unknown;
  database(): unknown;
  getWXContext(): { OPENID?: string; APPID?: string; SOURCE?: string };
}

export function cloudMain(def: FunctionDef, loadSdk: () => WxServerSdk = () => require('wx-server-sdk') as WxServerSdk) {
  let sdk: WxServerSdk | null = null;
  let deps: Deps | null = null;
  return async function main(event: unknown, _context: unknown): Promise<unknown> {
    const started = Date.now();
    if (!sdk || !deps) {
      sdk = loadSdk();
      sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
      deps = {
        store: new CloudStore(sdk.database() as never),
        clock: systemClock,
        ids: randomIds,
        log: jsonLogger,
        pay: cloudPayGateway(sdk as unknown as CloudPaySdk, { subMchId: process.env.WXPAY_SUB_MCH_ID ?? '', clientIp: process.env.WXPAY_CLIENT_IP }),
        // openapi calls need the API in the function's config.json permissions.openapi (e.g. wxacode.getUnlimited).
        wechat: cloudWechatGateway(sdk as unknown as WechatCloudSdk, { envVersion: envVersionFrom(process.env.WXACODE_ENV_VERSION) }),
        payout: wxpayPayout({
          mchId: process.env.WXPAY_MCH_ID ?? '', appId: process.env.WXPAY_APPID ?? '', serialNo: process.env.WXPAY_SERIAL_NO ?? '',
          privateKey: process.env.WXPAY_PRIVATE_KEY ?? '', sceneId: process.env.WXPAY_TRANSFER_SCENE_ID,
        }),
        // liveBroadcast.* and subscribeMessage.send: listed in the function's config.json permissions.openapi.
        live: cloudLiveGateway(sdk as unknown as LiveCloudSdk, { miniprogramState: process.env.SUBSCRIBE_MINIPROGRAM_STATE }),
      };
    }
    const wxc = sdk.getWXContext();
    const out = await invoke(def, event, { openid: wxc.OPENID || null, source: wxc.SOURCE ?? 'unknown', appid: wxc.APPID }, deps);
    console.log(JSON.stringify({ at: out.label, openid: wxc.OPENID ?? null, ms: Date.now() - started, result: out.code ?? 'ok' }));
    return out.response;
  };
}
