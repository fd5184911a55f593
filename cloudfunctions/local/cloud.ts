/**
 * The local cloud, in process: every function invoked exactly as the cloud would (same `invoke`), on the
 * PostgreSQL store (PGlite embedded by default), with a clock that /dev/clock moves for every use case.
 * The HTTP gateway (gateway.ts) and the tests both drive this object.
 */
import type { Envelope } from '../../typings/api';
import { randomIds } from '../adapters/ids-random';
import { SandboxPay, sandboxPay } from '../adapters/pay-sandbox';
import { openPgStore } from '../adapters/store-pg';
import { SandboxWechat, sandboxWechat } from '../adapters/wechat-sandbox';
import { SandboxPayout, sandboxPayout } from '../adapters/payout-sandbox';
import { SandboxLive, sandboxLive } from '../adapters/live-sandbox';
import { FUNCTIONS } from '../functions';
import { FunctionDef, InvokeOutcome, invoke } from '../functions/kit';
import type { UserRecord } from '../app/records';
import { ControlledClock } from '../ports/clock';
import type { CallContext, Deps, Logger } from '../ports/context';
import type { Store } from '../ports/store';
import { DEMO_SHOP } from './demo-shop';
import { Fixture, FixtureData, FixtureInput } from './fixture';
import { goodsName } from '../domain/live';
import { PRODUCT_PAGE } from '../app/live';
import { SeedSummary, loadFixture, seededGoodsId, seededRoomStart } from './seed';
import type { Result } from '../app/result';
import { getSettings } from '../app/settings';

export interface LocalCloudOptions {
  /** PGlite data folder; undefined = in memory. Ignored when databaseUrl is set. */
  dataDir?: string;
  /** A PostgreSQL server instead of PGlite. */
  databaseUrl?: string;
  /** Replace the world with this fixture at start ('demo' = the demo shop; 'demo-if-empty' = only on an empty store). */
  seed?: FixtureInput | 'demo' | 'demo-if-empty';
  functions?: Record<string, FunctionDef>;
  log?: Logger;
  /** A store to run on instead of PostgreSQL (tests: the cloud database adapter on its simulator). */
  store?: Store;
  /** Wraps the store the functions see (tests inject faults here); `cloud.store` stays the plain one. */
  wrapStore?: (store: Store) => Store;
}

export interface Identity {
  openid: string;
  nickname: string;
  roles: string[];
}

export interface LocalCloud {
  readonly store: Store;
  readonly clock: ControlledClock;
  readonly deps: Deps;
  /** The WeChat Pay stand-in (its order states: open, paid, closed). */
  readonly pay: SandboxPay;
  /** The stand-in for WeChat's open APIs (mini program codes drawn as QR codes, served under /static/wxacode). */
  readonly wechat: SandboxWechat;
  /** The merchant-transfer stand-in (withdrawals paid out by WeChat Pay). */
  readonly payout: SandboxPayout;
  /** The stand-in for WeChat's live APIs: rooms follow the local clock, goods audits pass after 5 minutes, subscribe messages are kept. */
  readonly live: SandboxLive;
  readonly functions: Record<string, FunctionDef>;
  /** A client call (SOURCE wx_client). openid null = no identity. Returns the envelope. */
  call<T = unknown>(fn: string, event: { action: string; data?: unknown } | unknown, openid: string | null): Promise<Envelope<T>>;
  /** Like call, with the label and error code for logging. */
  invokeRaw(fn: string, event: unknown, ctx: CallContext, fresh?: boolean): Promise<InvokeOutcome>;
  trigger(fn: string, triggerName: string): Promise<Envelope<unknown>>;
  payCallback(fn: string, fields: Record<string, unknown>): Promise<unknown>;
  /** Waits until every refund callback the sandbox has queued so far was delivered to refundNotify. */
  settled(): Promise<void>;
  seed(fixture: unknown): Promise<Result<SeedSummary>>;
  identities(): Promise<Identity[]>;
  close(): Promise<void>;
}

export const silentLogger: Logger = { info: () => undefined, error: () => undefined };
export const consoleLogger: Logger = {
  info: (msg, f) => console.log(msg, f ? JSON.stringify(f) : ''),
  error: (msg, f) => console.error(msg, f ? JSON.stringify(f) : ''),
};

export async function createLocalCloud(opts: LocalCloudOptions = {}): Promise<LocalCloud> {
  const store: Store = opts.store ?? await openPgStore({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  const clock = new ControlledClock();
  // The sandbox journals to the same store (WeChat Pay remembers across restarts); a test's own store stays unjournaled.
  const pay = sandboxPay(clock, opts.store ? undefined : store);
  await pay.load();
  const wechat = sandboxWechat();
  const payout = sandboxPayout();
  // Like WeChat Pay's, the live stand-in journals to the store: rooms and goods survive a restart.
  const live = sandboxLive(clock, opts.store ? undefined : store);
  await live.load();
  const deps: Deps = { store: opts.wrapStore ? opts.wrapStore(store) : store, clock, ids: randomIds, log: opts.log ?? silentLogger, pay, wechat, payout, live };
  const functions = opts.functions ?? FUNCTIONS;

  /** `fresh`: the event was just parsed from JSON (the gateway) and shares nothing with the caller. */
  async function invokeRaw(fn: string, event: unknown, ctx: CallContext, fresh = false): Promise<InvokeOutcome> {
    const def = Object.prototype.hasOwnProperty.call(functions, fn) ? functions[fn] : undefined;
    if (!def) {
      return { label: `${fn}.?`, response: { ok: false, error: { code: 'UNKNOWN_FUNCTION', message: `no function ${fn}` } }, code: 'UNKNOWN_FUNCTION' };
    }
    const ev = fresh ? event : JSON.parse(JSON.stringify(event ?? {}));
    // A success callback means WeChat Pay took the money - which it cannot for an order that was closed or expired.
    if (ctx.source === 'wx_paycallback' && def.payCallback && ev && typeof ev === 'object' && !(await pay.settle(ev as Record<string, unknown>))) {
      return { label: `${def.name}:payCallback`, response: { errcode: 0, errmsg: 'ORDERCLOSED: WeChat Pay took no money for a closed order' }, code: 'ORDERCLOSED' };
    }
    // The cloud hands functions a fresh deserialised event: never share objects with the caller.
    const out = await invoke(def, ev, ctx, deps);
    deliverRefundCallbacks();
    await grantReminderConsent(fn, ev, ctx, out);
    return out;
  }

  // The page asks wx.requestSubscribeMessage in the tap before live.remind: WeChat then holds one send for that shopper
  // and template. The stand-in gives that consent when the remind succeeds (a shopper who declines never calls remind).
  async function grantReminderConsent(fn: string, ev: unknown, ctx: CallContext, out: InvokeOutcome): Promise<void> {
    if (fn !== 'live' || (ev as { action?: unknown } | null)?.action !== 'remind' || out.code !== null || !ctx.openid) return;
    const templateId = (await getSettings(deps)).live.reminderTemplateId;
    if (templateId) await live.grantSubscribe(ctx.openid, templateId);
  }

  // WeChat Pay calls refundNotify once a refund is done: right after the invocation that asked for it returns.
  const inFlight = new Set<Promise<unknown>>();
  function deliverRefundCallbacks(): void {
    for (const fields of pay.takeRefundCallbacks()) {
      // Like WeChat Pay, a callback not answered {errcode: 0} is sent again (here at once, a few times).
      const send = async (attempt: number): Promise<unknown> => {
        const out = await invokeRaw('refundNotify', fields, { openid: null, source: 'wx_paycallback' });
        const answered = (out.response as { errcode?: unknown } | null)?.errcode === 0;
        return answered || attempt >= 3 ? out : send(attempt + 1);
      };
      const p: Promise<unknown> = new Promise((resolve) => setImmediate(resolve))
        .then(() => send(1))
        .catch((err) => deps.log.error('sandbox refund callback failed', { err: String(err) }))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
  }

  async function seed(fixture: unknown): Promise<Result<SeedSummary>> {
    const parsed = Fixture.safeParse(fixture);
    if (!parsed.success) {
      const msg = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return { ok: false, error: { code: 'INVALID_INPUT', message: msg } };
    }
    // One `now` for both: the store and the stand-in must agree on the seeded rooms' times to the second.
    const now = clock.now();
    const r = await loadFixture(store, parsed.data, now);
    if (r.ok) await tellWechatAboutRooms(parsed.data, now);
    return r;
  }

  /** The fixture's rooms and their goods exist at WeChat already: the stand-in starts over with exactly them. */
  async function tellWechatAboutRooms(f: FixtureData, now: number): Promise<void> {
    await live.reset();
    for (let i = 0; i < f.liveRooms.length; i++) {
      const r = f.liveRooms[i];
      const startTime = seededRoomStart(now, r.startOffsetMinutes);
      await live.importRoom({ roomId: r.roomId, name: r.name, anchorName: r.anchorName, coverImg: r.cover, startTime, endTime: startTime + r.durationMinutes * 60_000 });
      for (let j = 0; j < r.goods.length; j++) {
        const g = r.goods[j];
        const p = f.products.find((x) => x.id === g.productId)!;
        await live.importGoods(r.roomId, {
          goodsId: seededGoodsId(i, j), name: goodsName(p.title), coverImg: p.images[0] ?? r.cover,
          price: g.livePrice ?? Math.min(...p.skus.map((s) => s.price)), url: `${PRODUCT_PAGE}?id=${p.id}`,
        });
      }
    }
  }

  const cloud: LocalCloud = {
    store,
    clock,
    deps,
    pay,
    wechat,
    payout,
    live,
    functions,
    invokeRaw,
    async call<T>(fn: string, event: unknown, openid: string | null) {
      return (await invokeRaw(fn, event, { openid, source: 'wx_client' })).response as Envelope<T>;
    },
    async trigger(fn, triggerName) {
      return (await invokeRaw(fn, { Type: 'Timer', TriggerName: triggerName, Time: new Date(clock.now()).toISOString() }, { openid: null, source: 'wx_trigger' })).response as Envelope<unknown>;
    },
    async payCallback(fn, fields) {
      return (await invokeRaw(fn, fields, { openid: null, source: 'wx_paycallback' })).response;
    },
    async settled() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    seed,
    async identities() {
      // Only the users the last seed wrote (seed.ts marks them `seeded`), not every openid that has called since.
      const { items } = await store.find<UserRecord>('users', { seeded: true }, { limit: 100 });
      return items.map((u) => ({ openid: u._id, nickname: u.nickname, roles: u.roles }));
    },
    close: async () => { await cloud.settled(); await store.close?.(); },
  };

  if (opts.seed === 'demo') {
    await mustSeed(seed, DEMO_SHOP);
  } else if (opts.seed === 'demo-if-empty') {
    const empty = (await store.count('products', {})) === 0 && (await store.count('categories', {})) === 0 && (await store.count('users', {})) === 0;
    if (empty) await mustSeed(seed, DEMO_SHOP);
  } else if (opts.seed) {
    await mustSeed(seed, opts.seed);
  }
  return cloud;
}

async function mustSeed(seed: (f: unknown) => Promise<Result<SeedSummary>>, fixture: unknown): Promise<void> {
  const r = await seed(fixture);
  if (!r.ok) throw new Error(`seed failed: ${r.error.message}`);
}
