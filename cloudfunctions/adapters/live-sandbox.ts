/**
 * The local cloud's stand-in for WeChat's mini program live APIs (小程序直播) and subscribe messages: a stateful
 * model of what WeChat keeps, driven by the local clock (every decision reads `clock.now()`, which /dev/clock moves).
 *
 * - Rooms (room/create): validated as WeChat validates them (start 10 minutes .. 6 months ahead, 30 minutes .. 24 hours
 *   long, name 3..17 and anchor name 2..15 Chinese characters, anchor WeChat id, cover and share images). Times are
 *   kept in whole seconds, as WeChat keeps them. Room ids count up from 1001.
 * - live_status follows the clock: 102 before the start, 101 until the end, 103 after it; `setLiveStatus` pins
 *   another code (104 banned, 105 paused, 107 expired...). The replay appears 10 minutes after the end.
 * - Goods (goods/add): names of at most 14 Chinese characters, prices in integer fen; the audit is 1 (auditing) for
 *   5 minutes, then 2 (approved), or 3 (rejected) when the name holds 违禁. Goods ids count up from 1.
 * - Subscribe messages: one-time consent. `grantSubscribe` (the page's wx.requestSubscribeMessage accept) adds one
 *   send for (openid, template); a send spends one; none left answers 43101. Accepted messages are kept (`sent()`).
 *
 * Errcodes are WeChat's own (小程序直播 global error codes; subscribeMessage.send). Where the exact code for a case
 * could not be confirmed in WeChat's documentation or developers' reports, the comment at the code says so.
 *
 * Failure knobs for tests: `refuseNext(method, errcode, errmsg)` makes the next call of a method answer that refusal
 * and do nothing; `loseNextAnswer(method)` makes the next call act and then throw (a timeout: the caller cannot know
 * that WeChat acted).
 *
 * WeChat does not forget: with a journal (the local cloud passes its store) every room, goods, consent and sent
 * message is written to `sandbox_live` before the sandbox answers, and `load()` reads it back after a restart.
 */
import { createHash } from 'crypto';
import type { Clock } from '../ports/clock';
import {
  ERR_NO_SUBSCRIBE_QUOTA, LIVE_STATUS,
  type AddGoodsInput, type CreateRoomInput, type LiveAnswer, type LiveGateway, type SubscribeMessageInput, type WxGoodsAudit, type WxRoom,
} from '../ports/live';
import type { Doc, Store } from '../ports/store';

/** The journal's collection (local cloud only; not part of a cloud deployment). */
export const SANDBOX_LIVE_JOURNAL = 'sandbox_live';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** room/create: the start must be at least this far ahead. */
export const ROOM_MIN_LEAD_MS = 10 * MINUTE;
export const ROOM_MIN_DURATION_MS = 30 * MINUTE;
export const ROOM_MAX_DURATION_MS = 24 * HOUR;
/** The replay source video is ready about this long after the end. */
export const REPLAY_DELAY_MS = 10 * MINUTE;
/** How long the sandbox's goods audit takes. */
export const AUDIT_MS = 5 * MINUTE;
/** A goods name holding this is rejected by the audit. */
export const AUDIT_REJECT_WORD = '违禁';
export const FIRST_ROOM_ID = 1001;

/**
 * WeChat's length rule for live texts: "1个汉字相当于2个字符". A Chinese character - here any non-ASCII character -
 * counts 2, an ASCII character 1. A room name is 6..34 of these, an anchor name 4..30, a goods name at most 28.
 */
export function liveTextWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) <= 0x7f ? 1 : 2;
  return w;
}
export const ROOM_NAME_WIDTH = { min: 6, max: 34 } as const;
export const ANCHOR_NAME_WIDTH = { min: 4, max: 30 } as const;
export const GOODS_NAME_WIDTH = { min: 1, max: 28 } as const;

/**
 * The errcodes the sandbox answers. Confirmed: in WeChat's documentation of that API, or in WeChat's 小程序直播
 * global error code table together with a developer's report of the API answering it.
 */
export const LIVE_ERR = {
  /** 入参错误 - "parameter shareImg must no be null" (confirmed for room/create, room/addgoods). Also used, unconfirmed, for bad times, limits and id lists. */
  badParam: 200002,
  /** 名称长度不符合规则 (global table; confirmed for goods/add; for a room name unconfirmed). */
  nameLength: 300002,
  /** 价格输入不合规 (global table, goods/add). */
  badPrice: 300003,
  /** 审核中，无法删除 (global table, goods/delete). */
  deleteInAudit: 300014,
  /** 此房间号不存在 - "roomid is not exsit" (confirmed: room/addgoods, goods/deleteInRoom). */
  noRoom: 300022,
  /** 房间状态拦截 - "the current room status does not allow this operation" (confirmed: room/addgoods, goods/push). */
  roomState: 300023,
  /** 商品不存在 (confirmed: room/addgoods, goods/push). */
  noGoods: 300024,
  /** 商品审核未通过 (confirmed: room/addgoods). */
  notApproved: 300025,
  /** 主播微信昵称长度不符合要求 (global table; room/create). */
  anchorNameLength: 300034,
  /** 直播间未添加此商品 (confirmed: goods/push; for goods/deleteInRoom unconfirmed). */
  notInRoom: 300053,
  /** 商品id不存在 (global table; for goods/delete and getgoodswarehouse unconfirmed). */
  noGoodsId: 1003,
  /** subscribeMessage.send: invalid openid. */
  badOpenid: 40003,
  /** subscribeMessage.send: invalid template_id. */
  badTemplate: 40037,
  /** subscribeMessage.send: argument invalid (a data value breaks its keyword's rule). */
  badArgument: 47003,
  /** subscribeMessage.send: user refuse to accept the msg (no consent left). */
  noQuota: ERR_NO_SUBSCRIBE_QUOTA,
} as const;

export type LiveMethod = keyof LiveGateway;

/** A room as the sandbox keeps it. */
export interface SandboxRoom extends WxRoom {
  /** null for an imported room (created in WeChat's console). */
  anchorWechat: string | null;
  shareImg: string | null;
  feedsImg: string | null;
  /** The code `setLiveStatus` pinned, or null (the clock decides). */
  pinnedStatus: number | null;
  /** The goods the anchor explains now (the last goods/push) and when it was pushed. */
  explaining: { goodsId: number; at: number } | null;
}

/** Goods as the sandbox keeps them. */
export interface SandboxGoods {
  goodsId: number;
  auditId: number;
  name: string;
  coverImg: string;
  /** Fen. */
  price: number;
  url: string;
  submittedAt: number;
  auditStatus: WxGoodsAudit['auditStatus'];
}

export interface SentSubscribeMessage extends SubscribeMessageInput {
  at: number;
}

export interface ImportedRoom {
  roomId: number;
  name: string;
  anchorName: string;
  coverImg: string;
  /** Epoch ms. */
  startTime: number;
  endTime: number;
}

export interface SandboxLive extends LiveGateway {
  /** Subscribe messages WeChat accepted, in order, with the clock time they were sent. */
  sent(): SentSubscribeMessage[];
  /** One-time consent the page got with wx.requestSubscribeMessage (one accept = one send). */
  grantSubscribe(openid: string, templateId: string): Promise<void>;
  /** Sends left for (openid, template). */
  subscribeQuota(openid: string, templateId: string): number;
  /** Pins a room's live_status (104 banned, 105 paused, 106 abnormal, 107 expired...); null gives it back to the clock. */
  setLiveStatus(roomId: number, code: number | null): Promise<void>;
  /** The last goods pushed in the room (goods/push) and when, or null. */
  explaining(roomId: number): { goodsId: number; at: number } | null;
  /** A room that exists at WeChat already (the demo fixture's, one created in WeChat's console): no validation of its times. */
  importRoom(room: ImportedRoom): Promise<WxRoom>;
  /** Goods already approved and in a room at WeChat (the demo fixture's): no audit, no validation. */
  importGoods(roomId: number, g: { goodsId: number; name: string; coverImg: string; price: number; url: string }): Promise<void>;
  room(roomId: number): SandboxRoom | null;
  goods(goodsId: number): SandboxGoods | null;
  /** The next call of `method` answers this refusal and does nothing. */
  refuseNext(method: LiveMethod, errcode: number, errmsg: string): void;
  /** The next call of `method` acts, then throws (a timeout: the caller cannot know WeChat acted). */
  loseNextAnswer(method: LiveMethod): void;
  /** Forgets everything (and empties the journal). */
  reset(): Promise<void>;
  /** Reads the journal back (after a restart). */
  load(): Promise<void>;
}

interface RoomState {
  roomId: number;
  name: string;
  anchorName: string;
  anchorWechat: string | null;
  coverImg: string;
  shareImg: string | null;
  feedsImg: string | null;
  startTime: number;
  endTime: number;
  goodsIds: number[];
  pinnedStatus: number | null;
  explaining: { goodsId: number; at: number } | null;
}

interface GoodsState {
  goodsId: number;
  auditId: number;
  name: string;
  coverImg: string;
  price: number;
  url: string;
  submittedAt: number;
}

interface QuotaState {
  openid: string;
  templateId: string;
  n: number;
}

interface Counters {
  nextRoomId: number;
  nextGoodsId: number;
  nextAuditId: number;
  nextSent: number;
}

type JournalKind = 'room' | 'goods' | 'quota' | 'sent' | 'meta';

interface JournalDoc extends Doc {
  kind: JournalKind;
  key: string;
  value: unknown;
}

const FIRST_AUDIT_ID = 800001;
const freshCounters = (): Counters => ({ nextRoomId: FIRST_ROOM_ID, nextGoodsId: 1, nextAuditId: FIRST_AUDIT_ID, nextSent: 1 });

const refuse = (errcode: number, errmsg: string): { ok: false; errcode: number; errmsg: string } => ({ ok: false, errcode, errmsg });
const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The same instant 6 calendar months later (Asia/Shanghai has no DST, so UTC month arithmetic is exact enough). */
function sixMonthsAfter(t: number): number {
  const d = new Date(t);
  d.setUTCMonth(d.getUTCMonth() + 6);
  return d.getTime();
}

/**
 * subscribeMessage data rules by keyword (the key without its number: thing1 -> thing). Lengths in characters.
 * thing <= 20, phrase <= 5 Chinese characters, name <= 10 Chinese characters or 20 letters, number / letter /
 * character_string <= 32, symbol <= 5, phone_number <= 17, car_number <= 8, amount <= 10 digits after a currency
 * sign; time and date non-empty. Every value must be a non-empty string.
 */
function subscribeValueProblem(key: string, value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return `data.${key}.value is empty`;
  const kind = key.replace(/\d+$/, '');
  const n = Array.from(value).length;
  const max: Record<string, number> = { thing: 20, phrase: 5, number: 32, letter: 32, symbol: 5, character_string: 32, phone_number: 17, car_number: 8 };
  if (kind in max && n > max[kind]) return `data.${key}.value exceeds the limit of ${max[kind]} characters`;
  if (kind === 'name' && (/^[\x20-\x7e]*$/.test(value) ? n > 20 : n > 10)) return `data.${key}.value exceeds the limit of 10 Chinese characters or 20 letters`;
  if (kind === 'number' && !/^[0-9.]+$/.test(value)) return `data.${key}.value must be a number`;
  if (kind === 'amount' && !/^[^0-9.]?[0-9]{1,10}(\.[0-9]{1,2})?[^0-9.]?$/.test(value)) return `data.${key}.value must be an amount such as ¥100.00`;
  return null;
}

export function sandboxLive(clock: Clock, journal?: Store): SandboxLive {
  const rooms = new Map<number, RoomState>();
  const goods = new Map<number, GoodsState>();
  const quotas = new Map<string, QuotaState>();
  let sent: SentSubscribeMessage[] = [];
  let counters = freshCounters();
  const refusals = new Map<LiveMethod, { errcode: number; errmsg: string }>();
  const losses = new Set<LiveMethod>();

  // Journal writes in the order the changes were made (each writes the state as it was then), awaited before answering.
  let writes: Promise<unknown> = Promise.resolve();
  const chain = (step: (j: Store) => Promise<unknown>): Promise<unknown> => {
    if (!journal) return Promise.resolve();
    const j = journal;
    writes = writes.catch(() => undefined).then(() => step(j));
    return writes;
  };
  const docId = (kind: JournalKind, key: string) => `${kind}:${key}`;
  const persist = (kind: JournalKind, key: string, value: unknown): Promise<unknown> => {
    const snapshot = clone(value);
    return chain(async (j) => {
      const _id = docId(kind, key);
      const n = await j.update(SANDBOX_LIVE_JOURNAL, { _id }, { set: { kind, key, value: snapshot as never } });
      if (n === 0) await j.insert(SANDBOX_LIVE_JOURNAL, { _id, kind, key, value: snapshot });
    });
  };
  const forget = (kind: JournalKind, key: string): Promise<unknown> => chain((j) => j.remove(SANDBOX_LIVE_JOURNAL, { _id: docId(kind, key) }));
  const saveRoom = (r: RoomState) => persist('room', String(r.roomId), r);
  const saveGoods = (g: GoodsState) => persist('goods', String(g.goodsId), g);
  const saveCounters = () => persist('meta', 'counters', counters);
  const quotaKey = (openid: string, templateId: string) => createHash('sha1').update(`${openid}\n${templateId}`).digest('hex');

  const statusOf = (r: RoomState, now = clock.now()): number =>
    r.pinnedStatus ?? (now < r.startTime ? LIVE_STATUS.notStarted : now < r.endTime ? LIVE_STATUS.live : LIVE_STATUS.ended);
  const auditOf = (g: GoodsState, now = clock.now()): WxGoodsAudit['auditStatus'] =>
    now < g.submittedAt + AUDIT_MS ? 1 : g.name.includes(AUDIT_REJECT_WORD) ? 3 : 2;
  const wxRoom = (r: RoomState, now = clock.now()): WxRoom => ({
    roomId: r.roomId, name: r.name, anchorName: r.anchorName, coverImg: r.coverImg, startTime: r.startTime, endTime: r.endTime,
    liveStatus: statusOf(r, now), goodsIds: [...r.goodsIds],
  });

  /** Knobs first: a refusal answers without acting; a lost answer acts, then throws. */
  async function call<T>(method: LiveMethod, act: () => Promise<LiveAnswer<T>>): Promise<LiveAnswer<T>> {
    const refusal = refusals.get(method);
    if (refusal) {
      refusals.delete(method);
      return refuse(refusal.errcode, refusal.errmsg);
    }
    const lose = losses.delete(method);
    const out = await act();
    if (lose) throw new Error(`sandbox live: ${method} timed out (WeChat ${out.ok ? 'acted' : `refused: ${out.errcode}`}; the caller cannot know)`);
    return out;
  }

  const sandbox: SandboxLive = {
    createRoom: (input: CreateRoomInput) => call('createRoom', async () => {
      const i = (input ?? {}) as Partial<CreateRoomInput>;
      // WeChat names the first missing parameter: "parameter shareImg must no be null".
      for (const field of ['name', 'coverImg', 'anchorName', 'anchorWechat', 'shareImg'] as const) {
        if (!nonEmpty(i[field])) return refuse(LIVE_ERR.badParam, `parameter ${field} must no be null`);
      }
      if (i.feedsImg !== undefined && !nonEmpty(i.feedsImg)) return refuse(LIVE_ERR.badParam, 'parameter feedsImg must no be null');
      const name = i.name as string;
      const anchorName = i.anchorName as string;
      const nameWidth = liveTextWidth(name);
      if (nameWidth < ROOM_NAME_WIDTH.min || nameWidth > ROOM_NAME_WIDTH.max) return refuse(LIVE_ERR.nameLength, '名称长度不符合规则: a room name is 3..17 Chinese characters (1 Chinese character = 2 characters)');
      const anchorWidth = liveTextWidth(anchorName);
      if (anchorWidth < ANCHOR_NAME_WIDTH.min || anchorWidth > ANCHOR_NAME_WIDTH.max) return refuse(LIVE_ERR.anchorNameLength, '主播微信昵称长度不符合要求: an anchor name is 2..15 Chinese characters');
      // WeChat takes seconds and keeps seconds. The errcode for bad times is unconfirmed (200002, the message developers report).
      if (typeof i.startTime !== 'number' || typeof i.endTime !== 'number' || !Number.isFinite(i.startTime) || !Number.isFinite(i.endTime)) {
        return refuse(LIVE_ERR.badParam, 'parameter startTime or endTime is invalid');
      }
      const now = clock.now();
      const nowSec = Math.floor(now / 1000) * 1000;
      const start = Math.floor(i.startTime / 1000) * 1000;
      const end = Math.floor(i.endTime / 1000) * 1000;
      if (start < nowSec + ROOM_MIN_LEAD_MS || start > sixMonthsAfter(nowSec)) {
        return refuse(LIVE_ERR.badParam, 'parameter startTime or endTime is invalid: the start must be 10 minutes to 6 months from now');
      }
      if (end - start < ROOM_MIN_DURATION_MS || end - start > ROOM_MAX_DURATION_MS) {
        return refuse(LIVE_ERR.badParam, 'parameter startTime or endTime is invalid: a room lasts 30 minutes to 24 hours');
      }
      const roomId = counters.nextRoomId++;
      const r: RoomState = {
        roomId, name, anchorName, anchorWechat: i.anchorWechat as string, coverImg: i.coverImg as string, shareImg: i.shareImg as string,
        feedsImg: i.feedsImg ?? null, startTime: start, endTime: end, goodsIds: [], pinnedStatus: null, explaining: null,
      };
      rooms.set(roomId, r);
      await Promise.all([saveRoom(r), saveCounters()]);
      return ok({ roomId });
    }),

    rooms: (start: number, limit: number) => call('rooms', async () => {
      // The errcode for a bad start/limit is unconfirmed (200002).
      if (!Number.isSafeInteger(start) || start < 0) return refuse(LIVE_ERR.badParam, 'invalid start');
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100) return refuse(LIVE_ERR.badParam, 'invalid limit: 1..100');
      const now = clock.now();
      const all = [...rooms.values()].sort((a, b) => b.roomId - a.roomId);
      return ok({ rooms: all.slice(start, start + limit).map((r) => wxRoom(r, now)), total: all.length });
    }),

    replays: (roomId: number) => call('replays', async () => {
      const r = rooms.get(roomId);
      // The errcode for an unknown room here is unconfirmed (300022, as the other room APIs answer).
      if (!r) return refuse(LIVE_ERR.noRoom, 'roomid is not exsit');
      const now = clock.now();
      const status = statusOf(r, now);
      // A banned or expired (never broadcast) room has no replay.
      const ready = now >= r.endTime + REPLAY_DELAY_MS && status !== LIVE_STATUS.banned && status !== LIVE_STATUS.expired;
      return ok({ urls: ready ? [`https://sandbox.live.local/replay/${roomId}.mp4`] : [] });
    }),

    addGoods: (input: AddGoodsInput) => call('addGoods', async () => {
      const i = (input ?? {}) as Partial<AddGoodsInput>;
      if (!nonEmpty(i.coverImg)) return refuse(LIVE_ERR.badParam, 'parameter coverImgUrl must no be null');
      if (typeof i.name !== 'string') return refuse(LIVE_ERR.badParam, 'parameter name must no be null');
      const w = liveTextWidth(i.name.trim());
      if (w < GOODS_NAME_WIDTH.min || w > GOODS_NAME_WIDTH.max) return refuse(LIVE_ERR.nameLength, '名称长度不符合规则: a goods name is at most 14 Chinese characters (1 Chinese character = 2 characters)');
      if (typeof i.price !== 'number' || !Number.isSafeInteger(i.price) || i.price <= 0) return refuse(LIVE_ERR.badPrice, '价格输入不合规: the price is a positive amount with at most 2 decimals');
      // Unconfirmed errcode for a missing url (200002).
      if (!nonEmpty(i.url)) return refuse(LIVE_ERR.badParam, 'parameter url must no be null');
      const g: GoodsState = {
        goodsId: counters.nextGoodsId++, auditId: counters.nextAuditId++, name: i.name, coverImg: i.coverImg, price: i.price, url: i.url,
        submittedAt: clock.now(),
      };
      goods.set(g.goodsId, g);
      await Promise.all([saveGoods(g), saveCounters()]);
      return ok({ goodsId: g.goodsId, auditId: g.auditId });
    }),

    goodsAudit: (goodsIds: number[]) => call('goodsAudit', async () => {
      // getgoodswarehouse takes at most 20 ids; the errcodes for a bad list and unknown ids are unconfirmed.
      if (!Array.isArray(goodsIds) || goodsIds.length < 1 || goodsIds.length > 20 || !goodsIds.every(isId)) {
        return refuse(LIVE_ERR.badParam, 'goods_ids: 1..20 goods ids');
      }
      const unknown = goodsIds.filter((id) => !goods.has(id));
      if (unknown.length) return refuse(LIVE_ERR.noGoodsId, `商品id不存在: ${unknown.join(',')}`);
      const now = clock.now();
      return ok(goodsIds.map((id) => ({ goodsId: id, auditStatus: auditOf(goods.get(id) as GoodsState, now) })));
    }),

    deleteGoods: (goodsId: number) => call('deleteGoods', async () => {
      const g = goods.get(goodsId);
      if (!g) return refuse(LIVE_ERR.noGoodsId, '商品id不存在');
      // Goods in audit cannot be deleted (WeChat's table: 300014 审核中，无法删除); withdraw the audit first.
      if (auditOf(g) === 1) return refuse(LIVE_ERR.deleteInAudit, '审核中，无法删除: the goods is being audited');
      goods.delete(goodsId);
      const changed: RoomState[] = [];
      for (const r of rooms.values()) {
        if (!r.goodsIds.includes(goodsId)) continue;
        r.goodsIds = r.goodsIds.filter((id) => id !== goodsId);
        if (r.explaining?.goodsId === goodsId) r.explaining = null;
        changed.push(r);
      }
      await Promise.all([forget('goods', String(goodsId)), ...changed.map(saveRoom)]);
      return ok(null);
    }),

    addGoodsToRoom: (roomId: number, goodsIds: number[]) => call('addGoodsToRoom', async () => {
      if (!Array.isArray(goodsIds) || goodsIds.length < 1 || !goodsIds.every(isId)) return refuse(LIVE_ERR.badParam, 'parameter ids must no be null');
      const r = rooms.get(roomId);
      if (!r) return refuse(LIVE_ERR.noRoom, 'roomid is not exsit');
      const status = statusOf(r);
      if (status === LIVE_STATUS.ended || status === LIVE_STATUS.expired) return refuse(LIVE_ERR.roomState, 'the current room status does not allow this operation');
      const now = clock.now();
      const missing = goodsIds.filter((id) => !goods.has(id));
      if (missing.length) return refuse(LIVE_ERR.noGoods, `商品不存在: ${missing.join(',')}`);
      const unapproved = goodsIds.filter((id) => auditOf(goods.get(id) as GoodsState, now) !== 2);
      if (unapproved.length) return refuse(LIVE_ERR.notApproved, `商品审核未通过: ${unapproved.join(',')}`);
      const fresh = [...new Set(goodsIds)].filter((id) => !r.goodsIds.includes(id));
      if (fresh.length) {
        r.goodsIds = [...r.goodsIds, ...fresh];
        await saveRoom(r);
      }
      return ok(null);
    }),

    removeGoodsFromRoom: (roomId: number, goodsId: number) => call('removeGoodsFromRoom', async () => {
      const r = rooms.get(roomId);
      if (!r) return refuse(LIVE_ERR.noRoom, 'roomid is not exsit');
      if (!r.goodsIds.includes(goodsId)) return refuse(LIVE_ERR.notInRoom, '直播间未添加此商品');
      r.goodsIds = r.goodsIds.filter((id) => id !== goodsId);
      if (r.explaining?.goodsId === goodsId) r.explaining = null;
      await saveRoom(r);
      return ok(null);
    }),

    pushGoods: (roomId: number, goodsId: number) => call('pushGoods', async () => {
      const r = rooms.get(roomId);
      if (!r) return refuse(LIVE_ERR.noRoom, 'roomid is not exsit');
      const now = clock.now();
      if (statusOf(r, now) !== LIVE_STATUS.live) return refuse(LIVE_ERR.roomState, 'the current room status does not allow this operation');
      if (!goods.has(goodsId)) return refuse(LIVE_ERR.noGoods, '商品不存在');
      if (!r.goodsIds.includes(goodsId)) return refuse(LIVE_ERR.notInRoom, '直播间未添加此商品');
      r.explaining = { goodsId, at: now };
      await saveRoom(r);
      return ok(null);
    }),

    sendSubscribeMessage: (input: SubscribeMessageInput) => call('sendSubscribeMessage', async () => {
      const i = (input ?? {}) as Partial<SubscribeMessageInput>;
      if (!nonEmpty(i.touser)) return refuse(LIVE_ERR.badOpenid, 'invalid openid');
      if (!nonEmpty(i.templateId)) return refuse(LIVE_ERR.badTemplate, 'invalid template_id');
      if (!i.data || typeof i.data !== 'object' || Array.isArray(i.data) || Object.keys(i.data).length === 0) {
        return refuse(LIVE_ERR.badArgument, 'argument invalid! data is empty');
      }
      for (const [key, entry] of Object.entries(i.data)) {
        const problem = subscribeValueProblem(key, (entry as { value?: unknown } | null)?.value);
        if (problem) return refuse(LIVE_ERR.badArgument, `argument invalid! ${problem}`);
      }
      // A refused argument spends no consent; a send WeChat accepts spends one.
      const qk = quotaKey(i.touser, i.templateId);
      const q = quotas.get(qk);
      if (!q || q.n < 1) return refuse(LIVE_ERR.noQuota, 'user refuse to accept the msg');
      q.n -= 1;
      const msg: SentSubscribeMessage = { touser: i.touser, templateId: i.templateId, page: i.page ?? '', data: clone(i.data), at: clock.now() };
      sent.push(msg);
      const seq = counters.nextSent++;
      if (q.n === 0) quotas.delete(qk);
      await Promise.all([
        q.n === 0 ? forget('quota', qk) : persist('quota', qk, q),
        persist('sent', String(seq).padStart(9, '0'), msg),
        saveCounters(),
      ]);
      return ok(null);
    }),

    sent: () => clone(sent),

    async grantSubscribe(openid: string, templateId: string) {
      const qk = quotaKey(openid, templateId);
      const q = quotas.get(qk) ?? { openid, templateId, n: 0 };
      q.n += 1;
      quotas.set(qk, q);
      await persist('quota', qk, q);
    },

    subscribeQuota: (openid: string, templateId: string) => quotas.get(quotaKey(openid, templateId))?.n ?? 0,

    async setLiveStatus(roomId: number, code: number | null) {
      const r = rooms.get(roomId);
      if (!r) throw new Error(`sandbox live: no room ${roomId}`);
      if (code !== null && !(Number.isInteger(code) && code >= 101 && code <= 107)) throw new Error(`sandbox live: live_status is 101..107, not ${code}`);
      r.pinnedStatus = code;
      await saveRoom(r);
    },

    explaining: (roomId: number) => {
      const e = rooms.get(roomId)?.explaining;
      return e ? { ...e } : null;
    },

    async importRoom(room: ImportedRoom) {
      if (!isId(room?.roomId)) throw new Error('sandbox live: importRoom needs a positive integer roomId');
      for (const f of ['startTime', 'endTime'] as const) {
        if (typeof room[f] !== 'number' || !Number.isFinite(room[f])) throw new Error(`sandbox live: importRoom needs ${f} (epoch ms)`);
      }
      const known = rooms.get(room.roomId);
      const r: RoomState = {
        roomId: room.roomId, name: String(room.name), anchorName: String(room.anchorName), coverImg: String(room.coverImg),
        anchorWechat: known?.anchorWechat ?? null, shareImg: known?.shareImg ?? null, feedsImg: known?.feedsImg ?? null,
        startTime: Math.floor(room.startTime / 1000) * 1000, endTime: Math.floor(room.endTime / 1000) * 1000,
        goodsIds: known?.goodsIds ?? [], pinnedStatus: known?.pinnedStatus ?? null, explaining: known?.explaining ?? null,
      };
      rooms.set(r.roomId, r);
      // WeChat never hands out an id twice: rooms created later get ids above the imported ones.
      const bump = counters.nextRoomId <= r.roomId;
      if (bump) counters.nextRoomId = r.roomId + 1;
      await Promise.all([saveRoom(r), bump ? saveCounters() : Promise.resolve()]);
      return wxRoom(r);
    },

    async importGoods(roomId: number, i: { goodsId: number; name: string; coverImg: string; price: number; url: string }) {
      const r = rooms.get(roomId);
      if (!r) throw new Error(`sandbox live: importGoods into unknown room ${roomId}`);
      // Submitted long ago: the audit has passed.
      const g: GoodsState = { goodsId: i.goodsId, auditId: i.goodsId, name: i.name, coverImg: i.coverImg, price: i.price, url: i.url, submittedAt: 0 };
      goods.set(g.goodsId, g);
      if (!r.goodsIds.includes(g.goodsId)) r.goodsIds.push(g.goodsId);
      const bump = counters.nextGoodsId <= g.goodsId;
      if (bump) counters.nextGoodsId = g.goodsId + 1;
      await Promise.all([saveGoods(g), saveRoom(r), bump ? saveCounters() : Promise.resolve()]);
    },

    room: (roomId: number) => {
      const r = rooms.get(roomId);
      if (!r) return null;
      return {
        ...wxRoom(r), anchorWechat: r.anchorWechat, shareImg: r.shareImg, feedsImg: r.feedsImg, pinnedStatus: r.pinnedStatus,
        explaining: r.explaining ? { ...r.explaining } : null,
      };
    },

    goods: (goodsId: number) => {
      const g = goods.get(goodsId);
      return g ? { ...g, auditStatus: auditOf(g) } : null;
    },

    refuseNext(method: LiveMethod, errcode: number, errmsg: string) {
      refusals.set(method, { errcode, errmsg });
    },

    loseNextAnswer(method: LiveMethod) {
      losses.add(method);
    },

    async reset() {
      rooms.clear();
      goods.clear();
      quotas.clear();
      sent = [];
      counters = freshCounters();
      refusals.clear();
      losses.clear();
      await chain((j) => j.remove(SANDBOX_LIVE_JOURNAL, {}));
    },

    async load() {
      if (!journal) return;
      await writes.catch(() => undefined);
      const loadedSent: Array<{ seq: string; msg: SentSubscribeMessage }> = [];
      for (let cursor: string | null = null; ;) {
        const page: { items: JournalDoc[]; nextCursor: string | null } = await journal.find<JournalDoc>(SANDBOX_LIVE_JOURNAL, {}, { limit: 1000, cursor });
        for (const d of page.items) {
          if (d.kind === 'room') {
            const r = d.value as RoomState;
            rooms.set(r.roomId, r);
          } else if (d.kind === 'goods') {
            const g = d.value as GoodsState;
            goods.set(g.goodsId, g);
          } else if (d.kind === 'quota') {
            quotas.set(d.key, d.value as QuotaState);
          } else if (d.kind === 'sent') {
            loadedSent.push({ seq: d.key, msg: d.value as SentSubscribeMessage });
          } else if (d.kind === 'meta' && d.key === 'counters') {
            counters = { ...freshCounters(), ...(d.value as Partial<Counters>) };
          }
        }
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      sent = loadedSent.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0)).map((s) => s.msg);
      // Never below what the journal holds, even if the counters document was lost.
      const maxRoom = Math.max(FIRST_ROOM_ID - 1, ...rooms.keys());
      const maxGoods = Math.max(0, ...goods.keys());
      counters.nextRoomId = Math.max(counters.nextRoomId, maxRoom + 1);
      counters.nextGoodsId = Math.max(counters.nextGoodsId, maxGoods + 1);
    },
  };
  return sandbox;
}
