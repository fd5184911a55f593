/**
 * The local stand-in for WeChat's live APIs: rooms whose live_status follows the local clock, room/create's limits,
 * goods audits that pass after 5 minutes (or fail on 违禁), goods in rooms, goods/push, one-time subscribe consent,
 * the failure knobs, and the journal that lets it remember across a restart.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { ANCHOR_NAME_WIDTH, GOODS_NAME_WIDTH, LIVE_ERR, liveTextWidth, ROOM_NAME_WIDTH, SANDBOX_LIVE_JOURNAL, sandboxLive, SandboxLive } from '../../cloudfunctions/adapters/live-sandbox';
import { openPgStore } from '../../cloudfunctions/adapters/store-pg';
import { ControlledClock } from '../../cloudfunctions/ports/clock';
import { ERR_NO_SUBSCRIBE_QUOTA, type CreateRoomInput, type LiveAnswer } from '../../cloudfunctions/ports/live';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** 2026-11-20 10:00 Asia/Shanghai. */
const T0 = Date.UTC(2026, 10, 20, 2, 0, 0);

let clock: ControlledClock;
let live: SandboxLive;
beforeEach(() => {
  clock = new ControlledClock(() => T0);
  live = sandboxLive(clock);
});

const value = <T>(a: LiveAnswer<T>): T => {
  if (!a.ok) throw new Error(`refused ${a.errcode}: ${a.errmsg}`);
  return a.value;
};
const refused = (errcode: number) => ({ ok: false, errcode, errmsg: expect.any(String) });

const roomInput = (over: Partial<CreateRoomInput> = {}): CreateRoomInput => ({
  name: '冬季新品直播', anchorName: '小美', anchorWechat: 'xiaomei_88', startTime: T0 + HOUR, endTime: T0 + 3 * HOUR,
  coverImg: 'media-cover', shareImg: 'media-share', ...over,
});
const goodsInput = (name = '羊绒围巾', price = 19900) => ({ name, coverImg: 'media-goods', price, url: `packages/goods/pages/detail/index?id=${encodeURIComponent(name)}` });

async function approvedGoods(name = '羊绒围巾'): Promise<number> {
  const { goodsId } = value(await live.addGoods(goodsInput(name)));
  clock.advance(5 * MIN);
  return goodsId;
}

describe('rooms', () => {
  test('room ids count up from 1001; live_status is 102 before the start, 101 from the start, 103 from the end (by the clock)', async () => {
    const a = value(await live.createRoom(roomInput()));
    const b = value(await live.createRoom(roomInput({ startTime: T0 + 2 * HOUR })));
    expect([a.roomId, b.roomId]).toEqual([1001, 1002]);
    const status = async () => value(await live.rooms(0, 10)).rooms.find((r) => r.roomId === 1001)?.liveStatus;
    expect(await status()).toBe(102);
    clock.set(T0 + HOUR - 1);
    expect(await status()).toBe(102);
    clock.set(T0 + HOUR);
    expect(await status()).toBe(101);
    clock.set(T0 + 3 * HOUR - 1);
    expect(await status()).toBe(101);
    clock.set(T0 + 3 * HOUR);
    expect(await status()).toBe(103);
    expect(live.room(1001)).toMatchObject({ roomId: 1001, liveStatus: 103, anchorWechat: 'xiaomei_88', shareImg: 'media-share', feedsImg: null });
  });

  test('rooms: newest first, paged by start and limit, with the total; limit is 1..100', async () => {
    for (let i = 0; i < 5; i++) value(await live.createRoom(roomInput()));
    const page1 = value(await live.rooms(0, 2));
    const page3 = value(await live.rooms(4, 2));
    expect(page1.total).toBe(5);
    expect(page1.rooms.map((r) => r.roomId)).toEqual([1005, 1004]);
    expect(page3.rooms.map((r) => r.roomId)).toEqual([1001]);
    expect(value(await live.rooms(10, 100)).rooms).toEqual([]);
    expect(page1.rooms[0]).toEqual({
      roomId: 1005, name: '冬季新品直播', anchorName: '小美', coverImg: 'media-cover', startTime: T0 + HOUR, endTime: T0 + 3 * HOUR, liveStatus: 102, goodsIds: [],
    });
    expect(await live.rooms(0, 0)).toEqual(refused(LIVE_ERR.badParam));
    expect(await live.rooms(0, 101)).toEqual(refused(LIVE_ERR.badParam));
    expect(await live.rooms(-1, 10)).toEqual(refused(LIVE_ERR.badParam));
    expect(await live.rooms(0, 1.5)).toEqual(refused(LIVE_ERR.badParam));
    expect(value(await live.rooms(0, 100)).rooms).toHaveLength(5);
  });

  test('room/create\'s time limits: start 10 minutes to 6 months ahead, 30 minutes to 24 hours long', async () => {
    const at = (startTime: number, endTime: number) => live.createRoom(roomInput({ startTime, endTime }));
    expect(await at(T0 + 10 * MIN - 1000, T0 + HOUR)).toEqual({ ok: false, errcode: 200002, errmsg: expect.stringContaining('startTime or endTime') });
    expect((await at(T0 + 10 * MIN, T0 + 40 * MIN)).ok).toBe(true);
    expect(await at(T0 - HOUR, T0 + HOUR)).toEqual(refused(200002));
    expect(await at(T0 + HOUR, T0 + HOUR + 30 * MIN - 1000)).toEqual(refused(200002));
    expect((await at(T0 + HOUR, T0 + HOUR + 30 * MIN)).ok).toBe(true);
    expect((await at(T0 + HOUR, T0 + 25 * HOUR)).ok).toBe(true);
    expect(await at(T0 + HOUR, T0 + 25 * HOUR + 1000)).toEqual(refused(200002));
    // 2026-11-20 + 6 months = 2027-05-20.
    const sixMonths = Date.UTC(2027, 4, 20, 2, 0, 0);
    expect((await at(sixMonths, sixMonths + HOUR)).ok).toBe(true);
    expect(await at(sixMonths + 1000, sixMonths + HOUR)).toEqual(refused(200002));
    expect(await live.createRoom(roomInput({ startTime: Number.NaN }))).toEqual(refused(200002));
    // Kept in whole seconds, as WeChat keeps them.
    const { roomId } = value(await at(T0 + HOUR + 999, T0 + 2 * HOUR + 1));
    expect(live.room(roomId)).toMatchObject({ startTime: T0 + HOUR, endTime: T0 + 2 * HOUR });
  });

  test('room/create\'s name rules: room name 3..17 Chinese characters, anchor 2..15 (a Chinese character counts 2)', async () => {
    expect([ROOM_NAME_WIDTH, ANCHOR_NAME_WIDTH, GOODS_NAME_WIDTH]).toEqual([{ min: 6, max: 34 }, { min: 4, max: 30 }, { min: 1, max: 28 }]);
    expect(liveTextWidth('冬季a1')).toBe(6);
    const name = (n: string) => live.createRoom(roomInput({ name: n }));
    expect((await name('新品会')).ok).toBe(true);
    expect(await name('新品')).toEqual({ ok: false, errcode: LIVE_ERR.nameLength, errmsg: expect.stringContaining('名称长度不符合规则') });
    expect((await name('abcdef')).ok).toBe(true);
    expect(await name('abcde')).toEqual(refused(300002));
    expect((await name('冬'.repeat(17))).ok).toBe(true);
    expect(await name('冬'.repeat(17) + 'a')).toEqual(refused(300002));
    const anchor = (n: string) => live.createRoom(roomInput({ anchorName: n }));
    expect((await anchor('小美')).ok).toBe(true);
    expect(await anchor('美')).toEqual(refused(LIVE_ERR.anchorNameLength));
    expect(await anchor('abc')).toEqual(refused(300034));
    expect((await anchor('美'.repeat(15))).ok).toBe(true);
    expect(await anchor('美'.repeat(16))).toEqual(refused(300034));
  });

  test('room/create names the missing parameter like WeChat (200002 "parameter shareImg must no be null")', async () => {
    for (const field of ['name', 'coverImg', 'anchorName', 'anchorWechat', 'shareImg'] as const) {
      expect(await live.createRoom(roomInput({ [field]: '' }))).toEqual({ ok: false, errcode: 200002, errmsg: `parameter ${field} must no be null` });
    }
    expect(await live.createRoom(roomInput({ feedsImg: ' ' }))).toEqual(refused(200002));
    expect(live.room(1001)).toBeNull();
    // Nothing refused took an id.
    expect(value(await live.createRoom(roomInput({ feedsImg: 'media-feeds' }))).roomId).toBe(1001);
    expect(live.room(1001)?.feedsImg).toBe('media-feeds');
  });

  test('the replay appears 10 minutes after the end; an unknown room is refused', async () => {
    const { roomId } = value(await live.createRoom(roomInput()));
    clock.set(T0 + 2 * HOUR);
    expect(value(await live.replays(roomId))).toEqual({ urls: [] });
    clock.set(T0 + 3 * HOUR + 10 * MIN - 1);
    expect(value(await live.replays(roomId))).toEqual({ urls: [] });
    clock.set(T0 + 3 * HOUR + 10 * MIN);
    expect(value(await live.replays(roomId))).toEqual({ urls: [`https://sandbox.live.local/replay/${roomId}.mp4`] });
    expect(await live.replays(4242)).toEqual({ ok: false, errcode: 300022, errmsg: 'roomid is not exsit' });
  });

  test('setLiveStatus pins 104/105/107 over the clock, null gives it back; a banned or expired room has no replay', async () => {
    const { roomId } = value(await live.createRoom(roomInput()));
    clock.set(T0 + 2 * HOUR);
    await live.setLiveStatus(roomId, 105);
    expect(value(await live.rooms(0, 1)).rooms[0].liveStatus).toBe(105);
    await live.setLiveStatus(roomId, 104);
    expect(live.room(roomId)?.liveStatus).toBe(104);
    await live.setLiveStatus(roomId, null);
    expect(live.room(roomId)?.liveStatus).toBe(101);
    clock.set(T0 + 4 * HOUR);
    await live.setLiveStatus(roomId, 107);
    expect(value(await live.replays(roomId))).toEqual({ urls: [] });
    await expect(live.setLiveStatus(roomId, 99)).rejects.toThrow(/101\.\.107/);
    await expect(live.setLiveStatus(4242, 104)).rejects.toThrow(/no room/);
  });

  test('importRoom: a room that exists at WeChat already, without the time rules; later rooms get higher ids', async () => {
    const imported = await live.importRoom({ roomId: 2001, name: '上周直播', anchorName: '小王', coverImg: 'https://x/c.jpg', startTime: T0 - 7 * 24 * HOUR, endTime: T0 - 7 * 24 * HOUR + HOUR });
    expect(imported).toEqual({ roomId: 2001, name: '上周直播', anchorName: '小王', coverImg: 'https://x/c.jpg', startTime: T0 - 7 * 24 * HOUR, endTime: T0 - 7 * 24 * HOUR + HOUR, liveStatus: 103, goodsIds: [] });
    expect(value(await live.replays(2001)).urls).toHaveLength(1);
    expect(value(await live.createRoom(roomInput())).roomId).toBe(2002);
    // Importing again updates it and keeps what WeChat holds for it.
    const live2001 = await live.importRoom({ roomId: 2001, name: '上周直播(重播)', anchorName: '小王', coverImg: 'c', startTime: T0 - HOUR, endTime: T0 + HOUR });
    expect(live2001).toMatchObject({ name: '上周直播(重播)', liveStatus: 101 });
    await expect(live.importRoom({ roomId: 0, name: 'x', anchorName: 'y', coverImg: 'c', startTime: T0, endTime: T0 })).rejects.toThrow(/roomId/);
  });
});

describe('goods', () => {
  test('goods/add: ids from 1; audit 1 for 5 minutes, then 2; 3 when the name holds 违禁', async () => {
    const a = value(await live.addGoods(goodsInput('羊绒围巾')));
    const b = value(await live.addGoods(goodsInput('违禁商品')));
    expect([a.goodsId, b.goodsId]).toEqual([1, 2]);
    expect(a.auditId).not.toBe(b.auditId);
    expect(value(await live.goodsAudit([1, 2]))).toEqual([{ goodsId: 1, auditStatus: 1 }, { goodsId: 2, auditStatus: 1 }]);
    clock.advance(5 * MIN - 1);
    expect(value(await live.goodsAudit([2, 1]))).toEqual([{ goodsId: 2, auditStatus: 1 }, { goodsId: 1, auditStatus: 1 }]);
    clock.advance(1);
    expect(value(await live.goodsAudit([1, 2]))).toEqual([{ goodsId: 1, auditStatus: 2 }, { goodsId: 2, auditStatus: 3 }]);
    expect(live.goods(1)).toMatchObject({ goodsId: 1, name: '羊绒围巾', price: 19900, auditStatus: 2, submittedAt: T0 });
  });

  test('goods/add: a name of at most 14 Chinese characters (300002), a positive integer fen price (300003), a url and a cover', async () => {
    expect((await live.addGoods(goodsInput('围'.repeat(14)))).ok).toBe(true);
    expect(await live.addGoods(goodsInput('围'.repeat(15)))).toEqual({ ok: false, errcode: 300002, errmsg: expect.stringContaining('名称长度不符合规则') });
    expect(await live.addGoods(goodsInput('围'.repeat(14) + 'a'))).toEqual(refused(300002));
    expect((await live.addGoods(goodsInput('a'.repeat(28)))).ok).toBe(true);
    expect(await live.addGoods(goodsInput('a'.repeat(29)))).toEqual(refused(300002));
    expect(await live.addGoods(goodsInput(''))).toEqual(refused(300002));
    for (const price of [0, -100, 19.9, Number.NaN]) expect(await live.addGoods(goodsInput('围巾', price))).toEqual(refused(LIVE_ERR.badPrice));
    expect(await live.addGoods({ ...goodsInput(), url: '' })).toEqual(refused(200002));
    expect(await live.addGoods({ ...goodsInput(), coverImg: '' })).toEqual(refused(200002));
    expect(value(await live.addGoods(goodsInput())).goodsId).toBe(3);
  });

  test('goodsAudit: 1..20 known ids', async () => {
    for (let i = 0; i < 21; i++) value(await live.addGoods(goodsInput(`商品${i}`)));
    const ids = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(value(await live.goodsAudit(ids))).toHaveLength(20);
    expect(await live.goodsAudit([...ids, 21])).toEqual(refused(200002));
    expect(await live.goodsAudit([])).toEqual(refused(200002));
    expect(await live.goodsAudit([1, 99])).toEqual({ ok: false, errcode: 1003, errmsg: expect.stringContaining('99') });
  });

  test('goods in rooms: approved goods only, idempotent; not into an ended or expired room; deleteGoods takes it out of every room', async () => {
    const room = value(await live.createRoom(roomInput())).roomId;
    const other = value(await live.createRoom(roomInput())).roomId;
    const scarf = value(await live.addGoods(goodsInput('羊绒围巾'))).goodsId;
    const banned = value(await live.addGoods(goodsInput('违禁品'))).goodsId;
    expect(await live.addGoodsToRoom(room, [scarf])).toEqual({ ok: false, errcode: 300025, errmsg: expect.any(String) });
    clock.advance(5 * MIN);
    expect(await live.addGoodsToRoom(room, [scarf, banned])).toEqual(refused(300025));
    expect(live.room(room)?.goodsIds).toEqual([]);
    expect(await live.addGoodsToRoom(room, [scarf, 77])).toEqual(refused(300024));
    expect(await live.addGoodsToRoom(4242, [scarf])).toEqual({ ok: false, errcode: 300022, errmsg: 'roomid is not exsit' });
    expect(await live.addGoodsToRoom(room, [])).toEqual(refused(200002));
    expect(value(await live.addGoodsToRoom(room, [scarf]))).toBeNull();
    expect(value(await live.addGoodsToRoom(room, [scarf, scarf]))).toBeNull();
    expect(value(await live.addGoodsToRoom(other, [scarf]))).toBeNull();
    const mitts = await approvedGoods('手套');
    value(await live.addGoodsToRoom(room, [mitts, scarf]));
    expect(value(await live.rooms(0, 10)).rooms.map((r) => [r.roomId, r.goodsIds])).toEqual([[other, [scarf]], [room, [scarf, mitts]]]);

    value(await live.removeGoodsFromRoom(room, mitts));
    expect(live.room(room)?.goodsIds).toEqual([scarf]);
    expect(await live.removeGoodsFromRoom(room, mitts)).toEqual(refused(300053));
    expect(await live.removeGoodsFromRoom(4242, mitts)).toEqual(refused(300022));

    value(await live.deleteGoods(scarf));
    expect(live.goods(scarf)).toBeNull();
    expect([live.room(room)?.goodsIds, live.room(other)?.goodsIds]).toEqual([[], []]);
    expect(await live.deleteGoods(scarf)).toEqual(refused(1003));
    expect(await live.goodsAudit([scarf])).toEqual(refused(1003));

    clock.set(T0 + 3 * HOUR);
    expect(await live.addGoodsToRoom(room, [mitts])).toEqual({ ok: false, errcode: 300023, errmsg: 'the current room status does not allow this operation' });
    await live.setLiveStatus(other, 107);
    expect(await live.addGoodsToRoom(other, [mitts])).toEqual(refused(300023));
  });

  test('goods/delete refuses goods still in audit (300014)', async () => {
    const id = value(await live.addGoods(goodsInput())).goodsId;
    expect(await live.deleteGoods(id)).toEqual({ ok: false, errcode: 300014, errmsg: expect.stringContaining('审核中') });
    clock.advance(5 * MIN);
    expect(value(await live.deleteGoods(id))).toBeNull();
  });

  test('goods/push: only in a live room, only goods in the room; the explaining goods and when are kept', async () => {
    const room = value(await live.createRoom(roomInput())).roomId;
    const scarf = await approvedGoods('羊绒围巾');
    const mitts = await approvedGoods('手套');
    value(await live.addGoodsToRoom(room, [scarf]));
    expect(await live.pushGoods(room, scarf)).toEqual({ ok: false, errcode: 300023, errmsg: expect.any(String) });
    clock.set(T0 + HOUR + 5 * MIN);
    expect(await live.pushGoods(room, mitts)).toEqual({ ok: false, errcode: 300053, errmsg: '直播间未添加此商品' });
    expect(await live.pushGoods(room, 999)).toEqual(refused(300024));
    expect(await live.pushGoods(4242, scarf)).toEqual(refused(300022));
    expect(live.explaining(room)).toBeNull();
    value(await live.pushGoods(room, scarf));
    expect(live.explaining(room)).toEqual({ goodsId: scarf, at: T0 + HOUR + 5 * MIN });
    value(await live.addGoodsToRoom(room, [mitts]));
    clock.advance(MIN);
    value(await live.pushGoods(room, mitts));
    expect(live.explaining(room)).toEqual({ goodsId: mitts, at: T0 + HOUR + 6 * MIN });
    await live.setLiveStatus(room, 105);
    expect(await live.pushGoods(room, scarf)).toEqual(refused(300023));
    await live.setLiveStatus(room, null);
    value(await live.removeGoodsFromRoom(room, mitts));
    expect(live.explaining(room)).toBeNull();
  });
});

describe('subscribe messages', () => {
  const msg = (over: Record<string, unknown> = {}) => ({
    touser: 'o-alice', templateId: 'TPL-live', page: 'packages/live/pages/room/index?roomId=1001',
    data: { thing1: { value: '冬季新品直播' }, time2: { value: '2026年11月20日 11:00' }, phrase3: { value: '即将开播' } },
    ...over,
  });

  test('one accepted consent is exactly one send; without consent WeChat answers 43101', async () => {
    expect(await live.sendSubscribeMessage(msg())).toEqual({ ok: false, errcode: ERR_NO_SUBSCRIBE_QUOTA, errmsg: 'user refuse to accept the msg' });
    await live.grantSubscribe('o-alice', 'TPL-live');
    await live.grantSubscribe('o-alice', 'TPL-live');
    await live.grantSubscribe('o-alice', 'TPL-other');
    expect(live.subscribeQuota('o-alice', 'TPL-live')).toBe(2);
    expect(value(await live.sendSubscribeMessage(msg()))).toBeNull();
    clock.advance(MIN);
    expect(value(await live.sendSubscribeMessage(msg()))).toBeNull();
    expect(await live.sendSubscribeMessage(msg())).toEqual(refused(43101));
    // Consent is per user and template.
    expect(await live.sendSubscribeMessage(msg({ touser: 'o-bob' }))).toEqual(refused(43101));
    expect(live.subscribeQuota('o-alice', 'TPL-other')).toBe(1);
    expect(live.sent()).toEqual([{ ...msg(), at: T0 }, { ...msg(), at: T0 + MIN }]);
  });

  test('data values are checked like WeChat (47003) before any consent is spent', async () => {
    await live.grantSubscribe('o-alice', 'TPL-live');
    const bad = async (data: Record<string, { value: string }>) => live.sendSubscribeMessage(msg({ data }));
    expect(await bad({ thing1: { value: '一'.repeat(21) } })).toEqual({ ok: false, errcode: 47003, errmsg: expect.stringMatching(/^argument invalid!.*thing1/) });
    expect(await bad({ phrase3: { value: '六个字的短语' } })).toEqual(refused(47003));
    expect(await bad({ time2: { value: '' } })).toEqual(refused(47003));
    expect(await bad({ date4: { value: '' } })).toEqual(refused(47003));
    expect(await bad({ number5: { value: '12a' } })).toEqual(refused(47003));
    expect(await bad({})).toEqual(refused(47003));
    expect(await live.sendSubscribeMessage(msg({ touser: '' }))).toEqual(refused(40003));
    expect(await live.sendSubscribeMessage(msg({ templateId: '' }))).toEqual(refused(40037));
    expect(live.subscribeQuota('o-alice', 'TPL-live')).toBe(1);
    expect(value(await bad({ thing1: { value: '一'.repeat(20) }, phrase3: { value: '五个字短语' }, amount6: { value: '¥199.00' } }))).toBeNull();
    expect(live.sent()).toHaveLength(1);
  });
});

describe('knobs', () => {
  test('refuseNext: the next call answers the refusal and does nothing; the one after acts', async () => {
    live.refuseNext('createRoom', 300036, 'anchorWechat has no realName');
    expect(await live.createRoom(roomInput())).toEqual({ ok: false, errcode: 300036, errmsg: 'anchorWechat has no realName' });
    expect(live.room(1001)).toBeNull();
    expect(value(await live.createRoom(roomInput())).roomId).toBe(1001);
    await live.grantSubscribe('o-alice', 'T');
    live.refuseNext('sendSubscribeMessage', 45009, 'reach max api daily quota limit');
    expect(await live.sendSubscribeMessage({ touser: 'o-alice', templateId: 'T', page: 'p', data: { thing1: { value: 'x' } } })).toEqual(refused(45009));
    expect(live.subscribeQuota('o-alice', 'T')).toBe(1);
  });

  test('loseNextAnswer: the next call acts, then throws; the caller finds its effect afterwards', async () => {
    live.loseNextAnswer('createRoom');
    await expect(live.createRoom(roomInput())).rejects.toThrow(/timed out/);
    expect(value(await live.rooms(0, 10)).rooms.map((r) => r.roomId)).toEqual([1001]);
    const g = await approvedGoods();
    live.loseNextAnswer('addGoodsToRoom');
    await expect(live.addGoodsToRoom(1001, [g])).rejects.toThrow();
    expect(live.room(1001)?.goodsIds).toEqual([g]);
    // Retrying is safe: adding goods already in the room is idempotent.
    expect(value(await live.addGoodsToRoom(1001, [g]))).toBeNull();
    await live.grantSubscribe('o-alice', 'T');
    live.loseNextAnswer('sendSubscribeMessage');
    await expect(live.sendSubscribeMessage({ touser: 'o-alice', templateId: 'T', page: 'p', data: { thing1: { value: 'x' } } })).rejects.toThrow();
    expect(live.sent()).toHaveLength(1);
    expect(live.subscribeQuota('o-alice', 'T')).toBe(0);
  });

  test('reset forgets everything', async () => {
    value(await live.createRoom(roomInput()));
    await approvedGoods();
    await live.grantSubscribe('o-alice', 'T');
    live.refuseNext('rooms', 1, 'x');
    await live.reset();
    expect(value(await live.rooms(0, 10))).toEqual({ rooms: [], total: 0 });
    expect(live.goods(1)).toBeNull();
    expect(live.subscribeQuota('o-alice', 'T')).toBe(0);
    expect(value(await live.createRoom(roomInput())).roomId).toBe(1001);
    expect(value(await live.addGoods(goodsInput())).goodsId).toBe(1);
  });
});

describe('journal', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-sandbox-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('rooms, goods, consents and sent messages survive a restart of the local cloud (the store reopened)', async () => {
    const first = await openPgStore({ dataDir: dir });
    const a = sandboxLive(clock, first);
    await a.load();
    const room = value(await a.createRoom(roomInput())).roomId;
    await a.importRoom({ roomId: 3001, name: '演示直播', anchorName: '店长', coverImg: 'c', startTime: T0 - HOUR, endTime: T0 + HOUR });
    const scarf = value(await a.addGoods(goodsInput('羊绒围巾'))).goodsId;
    const gone = value(await a.addGoods(goodsInput('旧商品'))).goodsId;
    clock.advance(5 * MIN);
    value(await a.addGoodsToRoom(room, [scarf, gone]));
    value(await a.addGoodsToRoom(3001, [scarf]));
    value(await a.deleteGoods(gone));
    value(await a.pushGoods(3001, scarf));
    await a.setLiveStatus(room, 104);
    await a.grantSubscribe('o-alice', 'TPL');
    await a.grantSubscribe('o-alice', 'TPL');
    await a.grantSubscribe('o-bob', 'TPL');
    value(await a.sendSubscribeMessage({ touser: 'o-alice', templateId: 'TPL', page: 'p', data: { thing1: { value: '开播了' } } }));
    value(await a.sendSubscribeMessage({ touser: 'o-bob', templateId: 'TPL', page: 'p', data: { thing1: { value: '开播了' } } }));
    const before = { rooms: value(await a.rooms(0, 100)), explaining: a.explaining(3001), sent: a.sent() };
    await first.close();

    const second = await openPgStore({ dataDir: dir });
    try {
      const b = sandboxLive(clock, second);
      await b.load();
      expect(value(await b.rooms(0, 100))).toEqual(before.rooms);
      expect(before.rooms.rooms.map((r) => [r.roomId, r.liveStatus, r.goodsIds])).toEqual([[3001, 101, [scarf]], [room, 104, [scarf]]]);
      expect(b.explaining(3001)).toEqual(before.explaining);
      expect(b.sent()).toEqual(before.sent);
      expect(b.goods(gone)).toBeNull();
      expect(value(await b.goodsAudit([scarf]))).toEqual([{ goodsId: scarf, auditStatus: 2 }]);
      expect([b.subscribeQuota('o-alice', 'TPL'), b.subscribeQuota('o-bob', 'TPL')]).toEqual([1, 0]);
      // Ids go on where they stopped (WeChat never hands one out twice).
      expect(value(await b.createRoom(roomInput())).roomId).toBe(3002);
      expect(value(await b.addGoods(goodsInput('新品'))).goodsId).toBe(3);
      // reset empties the journal too.
      await b.reset();
      expect(await second.count(SANDBOX_LIVE_JOURNAL, {})).toBe(0);
      const c = sandboxLive(clock, second);
      await c.load();
      expect(value(await c.rooms(0, 10)).total).toBe(0);
    } finally {
      await second.close();
    }
  }, 60_000);
});
