/**
 * The real live adapter (cloud.openapi.liveBroadcast.* and subscribeMessage.send) checked offline against the real
 * wx-server-sdk, with the capture of test/contract/wechat-cloud.test.ts: `request` of
 * @cloudbase/node-sdk/dist/utils/request-core is replaced before wx-server-sdk is required; an openapi call arrives as a
 * multipart POST `action=wx.openApi` whose `requestData` is the SDK's protobuf CommApiData (one key / JSON-value pair
 * per top-level parameter), decoded with the SDK's own codec and answered with a CommOpenApiResp the way WeChat
 * answers: a JSON body (errcode 0 with the data, or WeChat's errcode and errmsg), a platform error code, or an HTTP
 * failure.
 */
import { createRequire } from 'module';
import path from 'path';
import { Writable } from 'stream';
import { cloudLiveGateway, fenToYuan, LIVE_OPENAPI, LiveCloudSdk, refusalOf, yuanToFen } from '../../cloudfunctions/adapters/live-cloud';
import { ERR_API_UNAUTHORIZED, ERR_NO_SUBSCRIBE_QUOTA, type LiveGateway } from '../../cloudfunctions/ports/live';

type Callback = (err: Error | null, res?: { statusCode: number; headers: Record<string, string> }, body?: unknown) => void;
interface RequestOpts { method: string; url: string; headers: Record<string, unknown>; formData?: Record<string, unknown>; body?: Record<string, unknown> }
interface PbMessage { encode(m: Record<string, unknown>): { finish(): Uint8Array }; decode(b: Uint8Array): unknown; toObject(m: unknown, o?: Record<string, unknown>): Record<string, unknown> }
interface Pb { CommApiData: PbMessage; CommOpenApiResp: PbMessage }

/** One openapi call as sent: the API name and its parameters (each pair's JSON value parsed). */
interface OpenApiCall { apiName: string; apiType: number; params: Record<string, unknown>; raw: Record<string, string> }

type Answer =
  | { kind: 'json'; body: Record<string, unknown> }
  | { kind: 'pbError'; errorCode: number }
  | { kind: 'http'; status: number };

const calls: OpenApiCall[] = [];
const other: RequestOpts[] = [];
let answers: Answer[] = [];
const ENV = 'prod-env-1';
const SCF_ENV: Record<string, string> = {
  TENCENTCLOUD_SECRETID: 'dummy-secret-id',
  TENCENTCLOUD_SECRETKEY: 'dummy-secret-key',
  TENCENTCLOUD_RUNENV: 'SCF',
  TENCENTCLOUD_REGION: 'ap-shanghai',
  SCF_NAMESPACE: ENV,
};
const savedEnv: Record<string, string | undefined> = {};
let pb: Pb;
let sdk: LiveCloudSdk;

const ok = (body: Record<string, unknown> = {}): Answer => ({ kind: 'json', body: { errcode: 0, errmsg: 'ok', ...body } });
const wxError = (errcode: number, errmsg: string): Answer => ({ kind: 'json', body: { errcode, errmsg } });

function fakeRequest(opts: RequestOpts, cb: Callback): Writable {
  const answer = (statusCode: number, body: unknown, headers: Record<string, string> = {}) => setImmediate(() => cb(null, { statusCode, headers }, body));
  const sink = new Writable({ write(_c, _e, next) { next(); } });
  const form = opts.formData;
  if (form && form.action === 'wx.openApi') {
    const decoded = pb.CommApiData.toObject(pb.CommApiData.decode(form.requestData as Uint8Array), { enums: Number, defaults: true });
    const pairs = ((decoded.openapiData as { pairs?: Array<{ key: string; value: Uint8Array }> }).pairs ?? []);
    const raw = Object.fromEntries(pairs.map((p) => [p.key, Buffer.from(p.value).toString('utf8')]));
    calls.push({ apiName: String(form.apiName), apiType: Number(decoded.apiType), params: Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, JSON.parse(v)])), raw });
    const a = answers.shift() ?? ok();
    if (a.kind === 'http') answer(a.status, Buffer.from('bad gateway'));
    else {
      const resp = a.kind === 'json'
        ? { respData: Buffer.from(JSON.stringify(a.body)), contentType: 'application/json; charset=UTF-8', httpCode: 200 }
        : { errorCode: a.errorCode };
      answer(200, Buffer.from(pb.CommOpenApiResp.encode(resp).finish()), { 'content-type': 'application/octet-stream' });
    }
    return sink;
  }
  other.push(opts);
  answer(500, { code: 'SYS_ERR', message: `unexpected request ${opts.method} ${opts.url}` });
  return sink;
}

beforeAll(() => {
  for (const [k, v] of Object.entries(SCF_ENV)) {
    savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
  const core = require('@cloudbase/node-sdk/dist/utils/request-core') as { request: unknown };
  core.request = fakeRequest;
  const cloud = require('wx-server-sdk') as LiveCloudSdk & { init(o: { env: unknown }): void; DYNAMIC_CURRENT_ENV: unknown };
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  sdk = cloud;
  const sdkDir = path.dirname(createRequire(__filename).resolve('wx-server-sdk'));
  pb = (require(createRequire(path.join(sdkDir, 'index.js')).resolve('protobufjs/minimal')) as { roots: { default: Pb } }).roots.default;
  expect(pb.CommApiData).toBeDefined();
});

afterAll(() => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

let gw: LiveGateway;
beforeEach(() => {
  calls.length = 0;
  other.length = 0;
  answers = [];
  gw = cloudLiveGateway(sdk, {});
});

afterEach(() => {
  expect(other).toEqual([]);
});

// 2026-12-01 20:00 and 22:00 Asia/Shanghai.
const START = Date.UTC(2026, 11, 1, 12, 0, 0);
const END = Date.UTC(2026, 11, 1, 14, 0, 0);

test('createRoom: one liveBroadcast.createRoom with WeChat\'s own field names, times in seconds; the answer is the roomId', async () => {
  answers = [ok({ roomId: 1033, qrcode_url: 'https://res.wx.qq.com/x' })];
  const r = await gw.createRoom({
    name: '冬季新品直播', anchorName: '小美', anchorWechat: 'xiaomei_88', startTime: START, endTime: END, coverImg: 'media-cover', shareImg: 'media-share',
  });
  expect(r).toEqual({ ok: true, value: { roomId: 1033 } });
  expect(calls).toHaveLength(1);
  expect(calls[0].apiName).toBe('liveBroadcast.createRoom');
  expect(calls[0].apiType).toBe(0); // OPEN_API
  // Exactly the HTTPS body of room/create: camelCase kept (no snake_case renaming), seconds, feedsImg defaulting to the share image.
  expect(calls[0].params).toEqual({
    name: '冬季新品直播', coverImg: 'media-cover', startTime: START / 1000, endTime: END / 1000, anchorName: '小美', anchorWechat: 'xiaomei_88',
    shareImg: 'media-share', feedsImg: 'media-share', type: 0, screenType: 0, closeLike: 0, closeGoods: 0, closeComment: 0,
  });
  expect(calls[0].raw.startTime).toBe(String(START / 1000));
});

test('createRoom: milliseconds are cut to whole seconds; an explicit feeds image is sent as given', async () => {
  await gw.createRoom({
    name: '冬季新品直播', anchorName: '小美', anchorWechat: 'x', startTime: START + 999, endTime: END + 1, coverImg: 'c', shareImg: 's', feedsImg: 'f',
  });
  expect(calls[0].params).toMatchObject({ startTime: START / 1000, endTime: END / 1000, feedsImg: 'f' });
});

test('rooms: getLiveInfo {start, limit}; room_info is mapped to WxRoom with ms times and the goods ids', async () => {
  answers = [ok({
    room_info: [
      {
        name: '冬季新品直播', roomid: 1033, cover_img: 'https://mmbiz.qpic.cn/cover.jpg', share_img: 'https://mmbiz.qpic.cn/share.jpg', live_status: 101,
        start_time: START / 1000, end_time: END / 1000, anchor_name: '小美', live_type: 0, close_like: 0, close_goods: 0, close_comment: 0,
        goods: [
          { cover_img: 'https://x/1.jpg', url: 'packages/goods/pages/detail/index?id=p1', name: '羊绒围巾', price: 199, price2: 0, price_type: 1, goods_id: 7 },
          { cover_img: 'https://x/2.jpg', url: 'packages/goods/pages/detail/index?id=p2', name: '手套', price: 19.9, price2: 0, price_type: 1, goods_id: 9 },
        ],
      },
      { name: '旧直播', roomid: 1001, cover_img: 'c', live_status: 103, start_time: 1795000000, end_time: 1795003600, anchor_name: '小王', goods: [] },
    ],
    total: 12,
  })];
  const r = await gw.rooms(0, 2);
  expect(calls.map((c) => [c.apiName, c.params])).toEqual([['liveBroadcast.getLiveInfo', { start: 0, limit: 2 }]]);
  expect(r).toEqual({
    ok: true,
    value: {
      total: 12,
      rooms: [
        { roomId: 1033, name: '冬季新品直播', anchorName: '小美', coverImg: 'https://mmbiz.qpic.cn/cover.jpg', startTime: START, endTime: END, liveStatus: 101, goodsIds: [7, 9] },
        { roomId: 1001, name: '旧直播', anchorName: '小王', coverImg: 'c', startTime: 1795000000000, endTime: 1795003600000, liveStatus: 103, goodsIds: [] },
      ],
    },
  });
});

test('rooms: WeChat\'s "no room created" answers (1, 9410000) are an empty list, not a failure', async () => {
  answers = [wxError(1, 'no room'), wxError(9410000, 'room list is empty')];
  expect(await gw.rooms(0, 10)).toEqual({ ok: true, value: { rooms: [], total: 0 } });
  expect(await gw.rooms(0, 10)).toEqual({ ok: true, value: { rooms: [], total: 0 } });
});

test('replays: getLiveInfo with action get_replay and room_id; the media urls in order', async () => {
  answers = [ok({
    live_replay: [
      { expire_time: '2027-03-01T20:00:00Z', create_time: '2026-12-01T22:10:00Z', media_url: 'https://wx.qq.com/replay/1033-1.mp4' },
      { expire_time: '2027-03-01T20:00:00Z', create_time: '2026-12-01T22:11:00Z', media_url: 'https://wx.qq.com/replay/1033-2.mp4' },
    ],
    total: 2,
  })];
  const r = await gw.replays(1033);
  expect(calls[0].apiName).toBe('liveBroadcast.getLiveInfo');
  expect(calls[0].params).toEqual({ action: 'get_replay', room_id: 1033, start: 0, limit: 100 });
  expect(r).toEqual({ ok: true, value: { urls: ['https://wx.qq.com/replay/1033-1.mp4', 'https://wx.qq.com/replay/1033-2.mp4'] } });
  answers = [ok({ live_replay: [], total: 0 })];
  expect(await gw.replays(1033)).toEqual({ ok: true, value: { urls: [] } });
});

test('addGoods: goodsAdd with goodsInfo {coverImgUrl, name, priceType 1, price in yuan, url}; goodsId and auditId back', async () => {
  answers = [ok({ goodsId: 51, auditId: 525022786 })];
  const r = await gw.addGoods({ name: '羊绒围巾', coverImg: 'media-goods', price: 1990, url: 'packages/goods/pages/detail/index?id=p1' });
  expect(r).toEqual({ ok: true, value: { goodsId: 51, auditId: 525022786 } });
  expect(calls[0].apiName).toBe('liveBroadcast.goodsAdd');
  expect(calls[0].params).toEqual({ goodsInfo: { coverImgUrl: 'media-goods', name: '羊绒围巾', priceType: 1, price: 19.9, url: 'packages/goods/pages/detail/index?id=p1' } });
  // On the wire: 19.9, not 19.900000000000002.
  expect(calls[0].raw.goodsInfo).toContain('"price":19.9,');
});

test('fen <-> yuan is exact for every fen amount up to 1,000,000 yuan', () => {
  const wrong: number[] = [];
  for (let fen = 1; fen <= 100_000_000; fen += fen < 100_000 ? 1 : 9_973) {
    const wire = JSON.stringify(fenToYuan(fen));
    if (!/^\d+(\.\d{1,2})?$/.test(wire) || yuanToFen(JSON.parse(wire)) !== fen) wrong.push(fen);
  }
  expect(wrong).toEqual([]);
  expect(fenToYuan(1990)).toBe(19.9);
  expect(fenToYuan(1)).toBe(0.01);
  expect(yuanToFen(0.29)).toBe(29);
  expect(yuanToFen('12.3')).toBe(1230);
});

test('goodsAudit: goodsInfo {goods_ids}; audit_status per goods, in the order asked', async () => {
  answers = [ok({
    goods: [
      { goods_id: 9, cover_img_url: 'x', name: '手套', price: 19.9, url: 'u', price_type: 1, price2: 0, audit_status: 2, third_party_tag: 2 },
      { goods_id: '7', cover_img_url: 'x', name: '围巾', price: 199, url: 'u', price_type: 1, price2: 0, audit_status: '1', third_party_tag: 2 },
      { goods_id: 8, name: '违禁', audit_status: 3 },
    ],
    total: 3,
  })];
  const r = await gw.goodsAudit([7, 8, 9]);
  expect(calls[0].apiName).toBe('liveBroadcast.goodsInfo');
  expect(calls[0].params).toEqual({ goods_ids: [7, 8, 9] });
  expect(r).toEqual({ ok: true, value: [{ goodsId: 7, auditStatus: 1 }, { goodsId: 8, auditStatus: 3 }, { goodsId: 9, auditStatus: 2 }] });
});

test('deleteGoods: goods/delete has no cloud call - refused with 48001, nothing sent', async () => {
  expect(await gw.deleteGoods(51)).toEqual({ ok: false, errcode: ERR_API_UNAUTHORIZED, errmsg: expect.stringContaining('goods/delete') });
  expect(calls).toHaveLength(0);
});

test('addGoodsToRoom, removeGoodsFromRoom, pushGoods: addGoods {ids, roomId}, goodsDelete {roomId, goodsId}, goodsPush {roomId, goodsId}', async () => {
  expect(await gw.addGoodsToRoom(1033, [7, 9])).toEqual({ ok: true, value: null });
  expect(await gw.removeGoodsFromRoom(1033, 7)).toEqual({ ok: true, value: null });
  expect(await gw.pushGoods(1033, 9)).toEqual({ ok: true, value: null });
  expect(calls.map((c) => [c.apiName, c.params])).toEqual([
    ['liveBroadcast.addGoods', { ids: [7, 9], roomId: 1033 }],
    ['liveBroadcast.goodsDelete', { roomId: 1033, goodsId: 7 }],
    ['liveBroadcast.goodsPush', { roomId: 1033, goodsId: 9 }],
  ]);
});

test('sendSubscribeMessage: subscribeMessage.send {touser, template_id, page, data, miniprogram_state}', async () => {
  const data = { thing1: { value: '冬季新品直播' }, time2: { value: '2026年12月1日 20:00' }, character_string3: { value: 'R1033' } };
  const input = { touser: 'o-alice', templateId: 'TPL-live-start', page: 'packages/live/pages/room/index?roomId=1033', data };
  expect(await cloudLiveGateway(sdk, { miniprogramState: 'trial' }).sendSubscribeMessage(input)).toEqual({ ok: true, value: null });
  expect(await gw.sendSubscribeMessage({ ...input, page: '' })).toEqual({ ok: true, value: null });
  expect(calls.map((c) => [c.apiName, c.params])).toEqual([
    ['subscribeMessage.send', { touser: 'o-alice', template_id: 'TPL-live-start', page: 'packages/live/pages/room/index?roomId=1033', data, miniprogram_state: 'trial' }],
    // No state: WeChat's default (formal); no page: the message opens nothing.
    ['subscribeMessage.send', { touser: 'o-alice', template_id: 'TPL-live-start', data }],
  ]);
});

test('WeChat\'s refusals (wx-server-sdk throws them) are values with WeChat\'s errcode and errmsg', async () => {
  answers = [
    wxError(300022, 'roomid is not exsit rid: 60e51703-01e91312'),
    wxError(300023, 'the current room status does not allow this operation'),
    wxError(300025, 'goods audit not passed'),
    wxError(ERR_NO_SUBSCRIBE_QUOTA, 'user refuse to accept the msg rid: 6571c3d2-1a2b'),
    wxError(47003, 'argument invalid! data.thing1.value exceeds limit'),
    wxError(300002, 'name length invalid'),
  ];
  expect(await gw.addGoodsToRoom(99, [7])).toEqual({ ok: false, errcode: 300022, errmsg: 'roomid is not exsit rid: 60e51703-01e91312' });
  expect(await gw.pushGoods(1033, 7)).toEqual({ ok: false, errcode: 300023, errmsg: 'the current room status does not allow this operation' });
  expect(await gw.addGoodsToRoom(1033, [8])).toEqual({ ok: false, errcode: 300025, errmsg: 'goods audit not passed' });
  const msg = { touser: 'o-bob', templateId: 'T', page: 'p', data: { thing1: { value: 'x' } } };
  expect(await gw.sendSubscribeMessage(msg)).toEqual({ ok: false, errcode: 43101, errmsg: 'user refuse to accept the msg rid: 6571c3d2-1a2b' });
  expect(await gw.sendSubscribeMessage(msg)).toEqual({ ok: false, errcode: 47003, errmsg: 'argument invalid! data.thing1.value exceeds limit' });
  expect(await gw.addGoods({ name: 'x'.repeat(40), coverImg: 'c', price: 1, url: 'u' })).toEqual({ ok: false, errcode: 300002, errmsg: 'name length invalid' });
});

test('a function without the permission is refused (-604101) with a hint; transport failures and "system busy" are thrown', async () => {
  answers = [{ kind: 'pbError', errorCode: -604101 }];
  expect(await gw.rooms(0, 10)).toEqual({ ok: false, errcode: -604101, errmsg: expect.stringMatching(/permissions\.openapi/) });
  // A 502 from the gateway: wx-server-sdk's -501001. WeChat may or may not have acted.
  answers = [{ kind: 'http', status: 502 }];
  await expect(gw.createRoom({ name: '冬季新品直播', anchorName: '小美', anchorWechat: 'x', startTime: START, endTime: END, coverImg: 'c', shareImg: 's' }))
    .rejects.toMatchObject({ errCode: -501001 });
  answers = [wxError(-1, 'system error')];
  await expect(gw.pushGoods(1033, 7)).rejects.toMatchObject({ errCode: -1 });
  answers = [{ kind: 'pbError', errorCode: -601008 }];
  await expect(gw.addGoodsToRoom(1033, [7])).rejects.toMatchObject({ errCode: -601008 });
});

test('refusalOf: positive errcodes and the platform\'s refusals of the call are refusals; anything else is unknown', () => {
  expect(refusalOf({ errCode: 300024, errMsg: 'openapi.liveBroadcast.goodsPush:fail goods not exist' }, 'liveBroadcast.goodsPush'))
    .toEqual({ ok: false, errcode: 300024, errmsg: 'goods not exist' });
  expect(refusalOf({ errCode: '43101', errMsg: 'x' }, 'subscribeMessage.send')).toEqual({ ok: false, errcode: 43101, errmsg: 'x' });
  expect(refusalOf(new Error('socket hang up'), 'x')).toBeNull();
  expect(refusalOf({ errCode: -501002, errMsg: 'timeout' }, 'x')).toBeNull();
  expect(refusalOf({ errCode: -1, errMsg: 'unknown' }, 'x')).toBeNull();
  expect(refusalOf(null, 'x')).toBeNull();
});

test('LIVE_OPENAPI names every cloud call the gateway makes', async () => {
  answers = [ok({ roomId: 1 }), ok({ room_info: [], total: 0 }), ok({ live_replay: [] }), ok({ goodsId: 1, auditId: 2 }), ok({ goods: [] }), ok(), ok(), ok(), ok()];
  await gw.createRoom({ name: '冬季新品直播', anchorName: '小美', anchorWechat: 'x', startTime: START, endTime: END, coverImg: 'c', shareImg: 's' });
  await gw.rooms(0, 1);
  await gw.replays(1);
  await gw.addGoods({ name: 'n', coverImg: 'c', price: 1, url: 'u' });
  await gw.goodsAudit([1]);
  await gw.deleteGoods(1);
  await gw.addGoodsToRoom(1, [1]);
  await gw.removeGoodsFromRoom(1, 1);
  await gw.pushGoods(1, 1);
  await gw.sendSubscribeMessage({ touser: 'o', templateId: 't', page: 'p', data: { thing1: { value: 'v' } } });
  expect(new Set(calls.map((c) => c.apiName))).toEqual(new Set(LIVE_OPENAPI));
});
