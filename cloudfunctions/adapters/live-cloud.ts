/**
 * WeChat's mini program live APIs (小程序直播) and subscribe messages through wx-server-sdk's cloud calls
 * (`cloud.openapi.<namespace>.<method>(data)`): no access_token, no AppSecret.
 *
 * Permissions: every function that uses this gateway must list the cloud calls it makes in its config.json,
 * `"permissions": {"openapi": [...LIVE_OPENAPI]}`; without them WeChat answers -604101 ("function has no permission to
 * call this API"), and a changed config takes up to 10 minutes to apply.
 *
 *   port method          HTTPS API (api.weixin.qq.com)              cloud call
 *   createRoom           POST /wxaapi/broadcast/room/create          liveBroadcast.createRoom
 *   rooms, replays       POST /wxa/business/getliveinfo              liveBroadcast.getLiveInfo
 *   addGoods             POST /wxaapi/broadcast/goods/add            liveBroadcast.goodsAdd
 *   goodsAudit           POST /wxa/business/getgoodswarehouse        liveBroadcast.goodsInfo
 *   deleteGoods          POST /wxaapi/broadcast/goods/delete         none: "本接口不支持云调用" -> answers 48001, sends nothing
 *   addGoodsToRoom       POST /wxaapi/broadcast/room/addgoods        liveBroadcast.addGoods
 *   removeGoodsFromRoom  POST /wxaapi/broadcast/goods/deleteInRoom   liveBroadcast.goodsDelete (sic: it removes from a room)
 *   pushGoods            POST /wxaapi/broadcast/goods/push           liveBroadcast.goodsPush
 *   sendSubscribeMessage POST /cgi-bin/message/subscribe/send        subscribeMessage.send
 *
 * How wx-server-sdk sends a cloud call: `cloud.openapi` is a proxy; the property path is the API name
 * (`liveBroadcast.createRoom`), and each top-level key of `data` becomes one protobuf pair whose value is its JSON.
 * By default it first renames every key, recursively, from camelCase to snake_case (and the answer back). The live
 * APIs take camelCase (coverImg, startTime, goodsInfo.coverImgUrl, roomId) next to snake_case (room_id, goods_ids),
 * and WeChat documents the cloud call's "出入参和 HTTPS 调用相同": so every call here goes through
 * `cloud.openapi({convertCase: false})` and carries WeChat's HTTPS field names exactly, and answers are read with
 * WeChat's names (room_info, live_status, audit_status...).
 *
 * Units: the port speaks epoch ms and integer fen; WeChat takes and answers seconds and yuan (numbers with at most two
 * decimals). 1990 fen is sent as 19.9; an answer in yuan comes back as Math.round(yuan * 100) fen.
 *
 * Answers and errors: wx-server-sdk throws for every failure, with an errCode. WeChat's own refusals (a positive
 * errcode from the API: 300022, 43101, 47003...) and the platform's deterministic refusals of the call itself
 * (-604101 no permission, -601004 permission denied, -601002 bad arguments) become `{ok: false, errcode, errmsg}`:
 * nothing happened. Everything else - transport and platform errors (-501xxx, -601001, -601008 timeouts, the SDK's
 * own -1, WeChat's -1 "system busy") - is rethrown: the caller cannot know whether WeChat acted.
 */
import {
  ERR_API_UNAUTHORIZED,
  type AddGoodsInput, type CreateRoomInput, type LiveAnswer, type LiveGateway, type SubscribeMessageInput, type WxGoodsAudit, type WxRoom,
} from '../ports/live';

/** The cloud calls this gateway makes: list them in the function's config.json permissions.openapi. */
export const LIVE_OPENAPI = [
  'liveBroadcast.createRoom',
  'liveBroadcast.getLiveInfo',
  'liveBroadcast.goodsAdd',
  'liveBroadcast.goodsInfo',
  'liveBroadcast.addGoods',
  'liveBroadcast.goodsDelete',
  'liveBroadcast.goodsPush',
  'subscribeMessage.send',
] as const;

export type OpenApiCall = (data: Record<string, unknown>) => Promise<Record<string, unknown>>;
export type OpenApiNamespaces = Record<string, Record<string, OpenApiCall>>;

/** The part of wx-server-sdk this adapter uses: `cloud.openapi`, called with options to turn the key renaming off. */
export interface LiveCloudSdk {
  openapi: OpenApiNamespaces & ((options: { convertCase?: boolean }) => OpenApiNamespaces);
}

export interface LiveCloudConfig {
  /** subscribeMessage.send miniprogram_state: developer | trial | formal (WeChat's default: formal). */
  miniprogramState?: string;
}

/** wx-server-sdk / platform codes that mean the call was refused as such: nothing happened. */
const PLATFORM_REFUSALS = new Set([-604101, -601004, -601002]);

/** getliveinfo's "no rooms": 1 未创建直播间, 9410000 直播间列表为空. An empty list, not a failure. */
const NO_ROOMS = new Set([1, 9410000]);

type Refusal = { ok: false; errcode: number; errmsg: string };

/** A thrown wx-server-sdk error as WeChat's refusal, or null when the outcome is unknown (rethrow it). */
export function refusalOf(err: unknown, api: string): Refusal | null {
  const e = (err ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown };
  const code = typeof e.errCode === 'number' ? e.errCode : typeof e.errCode === 'string' && /^-?\d+$/.test(e.errCode) ? Number(e.errCode) : null;
  if (code === null || !(code > 0 || PLATFORM_REFUSALS.has(code))) return null;
  const raw = typeof e.errMsg === 'string' ? e.errMsg : typeof e.message === 'string' ? e.message : String(err);
  // wx-server-sdk prefixes WeChat's errmsg with "openapi.<api>:fail ".
  const errmsg = raw.replace(/^openapi\.[\w.]+:fail /, '');
  const hint = code === -604101 ? ` (list "${api}" in the function's config.json permissions.openapi)` : '';
  return { ok: false, errcode: code, errmsg: errmsg + hint };
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(String(v)));
const toSeconds = (ms: number): number => Math.floor(ms / 1000);
const fromSeconds = (s: unknown): number => num(s) * 1000;
/** Integer fen -> yuan as WeChat takes it (at most two decimals; 1990 -> 19.9). */
export const fenToYuan = (fen: number): number => fen / 100;
/** Yuan as WeChat answers it -> integer fen. */
export const yuanToFen = (yuan: unknown): number => Math.round(num(yuan) * 100);

export function cloudLiveGateway(sdk: LiveCloudSdk, cfg: LiveCloudConfig = {}): LiveGateway {
  /** One cloud call with WeChat's field names as they are; WeChat's refusals as values, unknown outcomes thrown. */
  async function wx(api: (typeof LIVE_OPENAPI)[number], data: Record<string, unknown>): Promise<{ ok: true; value: Record<string, unknown> } | Refusal> {
    const [ns, method] = api.split('.');
    try {
      const value = await sdk.openapi({ convertCase: false })[ns][method](data);
      const code = num(value?.errcode ?? value?.errCode ?? 0);
      // wx-server-sdk throws on a non-zero errcode; an answer that still carries one is WeChat's refusal too.
      if (Number.isFinite(code) && code !== 0) return { ok: false, errcode: code, errmsg: String(value.errmsg ?? value.errMsg ?? '') };
      return { ok: true, value: value ?? {} };
    } catch (err) {
      const refusal = refusalOf(err, api);
      if (refusal) return refusal;
      throw err;
    }
  }

  const done = <T>(r: { ok: true; value: Record<string, unknown> } | Refusal, map: (v: Record<string, unknown>) => T): LiveAnswer<T> =>
    r.ok ? { ok: true, value: map(r.value) } : r;

  return {
    async createRoom(input: CreateRoomInput) {
      const r = await wx('liveBroadcast.createRoom', {
        name: input.name,
        coverImg: input.coverImg,
        startTime: toSeconds(input.startTime),
        endTime: toSeconds(input.endTime),
        anchorName: input.anchorName,
        anchorWechat: input.anchorWechat,
        shareImg: input.shareImg,
        feedsImg: input.feedsImg ?? input.shareImg,
        // 0: the anchor broadcasts from the phone (1 would be a push stream); portrait; likes, shelf and comments on.
        type: 0,
        screenType: 0,
        closeLike: 0,
        closeGoods: 0,
        closeComment: 0,
      });
      return done(r, (v) => ({ roomId: num(v.roomId) }));
    },

    async rooms(start: number, limit: number) {
      const r = await wx('liveBroadcast.getLiveInfo', { start, limit });
      if (!r.ok && NO_ROOMS.has(r.errcode)) return { ok: true, value: { rooms: [], total: 0 } };
      return done(r, (v) => {
        const list = Array.isArray(v.room_info) ? (v.room_info as Array<Record<string, unknown>>) : [];
        const rooms: WxRoom[] = list.map((x) => ({
          roomId: num(x.roomid),
          name: String(x.name ?? ''),
          anchorName: String(x.anchor_name ?? ''),
          coverImg: String(x.cover_img ?? ''),
          startTime: fromSeconds(x.start_time),
          endTime: fromSeconds(x.end_time),
          liveStatus: num(x.live_status),
          goodsIds: (Array.isArray(x.goods) ? (x.goods as Array<Record<string, unknown>>) : [])
            .map((g) => num(g.goods_id ?? g.goodsId))
            .filter((id) => Number.isSafeInteger(id)),
        }));
        return { rooms, total: num(v.total ?? rooms.length) };
      });
    },

    async replays(roomId: number) {
      const r = await wx('liveBroadcast.getLiveInfo', { action: 'get_replay', room_id: roomId, start: 0, limit: 100 });
      return done(r, (v) => ({
        urls: (Array.isArray(v.live_replay) ? (v.live_replay as Array<Record<string, unknown>>) : [])
          .map((x) => x.media_url)
          .filter((u): u is string => typeof u === 'string' && u !== ''),
      }));
    },

    async addGoods(input: AddGoodsInput) {
      const r = await wx('liveBroadcast.goodsAdd', {
        goodsInfo: { coverImgUrl: input.coverImg, name: input.name, priceType: 1, price: fenToYuan(input.price), url: input.url },
      });
      return done(r, (v) => ({ goodsId: num(v.goodsId), auditId: num(v.auditId) }));
    },

    async goodsAudit(goodsIds: number[]) {
      const r = await wx('liveBroadcast.goodsInfo', { goods_ids: goodsIds });
      return done(r, (v) => {
        const byId = new Map<number, WxGoodsAudit['auditStatus']>();
        for (const g of Array.isArray(v.goods) ? (v.goods as Array<Record<string, unknown>>) : []) {
          const s = num(g.audit_status);
          byId.set(num(g.goods_id), (s === 1 || s === 2 || s === 3 ? s : 0) as WxGoodsAudit['auditStatus']);
        }
        // In the order asked; goods WeChat did not answer are left out.
        return goodsIds.filter((id) => byId.has(id)).map((id) => ({ goodsId: id, auditStatus: byId.get(id) as WxGoodsAudit['auditStatus'] }));
      });
    },

    async deleteGoods(_goodsId: number): Promise<LiveAnswer<null>> {
      // goods/delete has no cloud call: nothing is sent.
      return {
        ok: false,
        errcode: ERR_API_UNAUTHORIZED,
        errmsg: 'api unauthorized: goods/delete cannot be called from a cloud function (本接口不支持云调用); delete the goods in the 小程序直播 console',
      };
    },

    async addGoodsToRoom(roomId: number, goodsIds: number[]) {
      return done(await wx('liveBroadcast.addGoods', { ids: goodsIds, roomId }), () => null);
    },

    async removeGoodsFromRoom(roomId: number, goodsId: number) {
      return done(await wx('liveBroadcast.goodsDelete', { roomId, goodsId }), () => null);
    },

    async pushGoods(roomId: number, goodsId: number) {
      return done(await wx('liveBroadcast.goodsPush', { roomId, goodsId }), () => null);
    },

    async sendSubscribeMessage(input: SubscribeMessageInput) {
      const data: Record<string, unknown> = { touser: input.touser, template_id: input.templateId, data: input.data };
      if (input.page) data.page = input.page;
      if (cfg.miniprogramState) data.miniprogram_state = cfg.miniprogramState;
      return done(await wx('subscribeMessage.send', data), () => null);
    },
  };
}
