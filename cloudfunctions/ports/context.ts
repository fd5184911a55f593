import type { CallSource } from '../../typings/api';
import type { Clock } from './clock';
import type { Ids } from './ids';
import type { PayGateway } from './pay';
import type { Store } from './store';
import type { WechatGateway } from './wechat';
import type { PayoutGateway } from './payout';
import type { LiveGateway } from './live';

/** Who is calling, as the platform says: cloud.getWXContext() in the cloud, the gateway locally. */
export interface CallContext {
  openid: string | null;
  source: CallSource | string;
  appid?: string;
}

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Everything a use case may touch. */
export interface Deps {
  store: Store;
  clock: Clock;
  ids: Ids;
  log: Logger;
  pay: PayGateway;
  wechat: WechatGateway;
  payout: PayoutGateway;
  /** Mini program live (live-player-plugin) server APIs and subscribe messages. */
  live: LiveGateway;
}
