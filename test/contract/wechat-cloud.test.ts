/**
 * The real WeChat open-API adapter (cloud.openapi.wxacode.getUnlimited + cloud.uploadFile) checked offline against
 * the real wx-server-sdk.
 *
 * Where the requests are caught: every HTTP request @cloudbase/node-sdk makes goes through one function,
 * `request` of @cloudbase/node-sdk/dist/utils/request-core (both the signed tcb API calls and the upload to COS); it is
 * replaced, before wx-server-sdk is required, by one that records the request as it would go on the wire and answers
 * it the way the platform does. An openapi call is a multipart POST `action=wx.openApi` whose `requestData` is
 * wx-server-sdk's protobuf `CommApiData` (one key/JSON-value pair per parameter, snake_cased): it is decoded with the
 * SDK's own generated codec (protobufjs' default root, which wx-server-sdk fills) and answered with a
 * `CommOpenApiResp`. uploadFile is `storage.getUploadMetadata` (a signed JSON POST) then a PUT of the bytes to the COS
 * URL it answered. The process looks like a cloud function (TENCENTCLOUD_RUNENV=SCF, region, namespace), so the SDK
 * makes no metadata lookups and uses the internal endpoint, as in the cloud.
 */
import { createRequire } from 'module';
import path from 'path';
import { Writable } from 'stream';
import { cloudMain } from '../../cloudfunctions/adapters/cloud-runtime';
import { checkUnlimitedCode, cloudWechatGateway, unlimitedCodeName, WechatCloudSdk } from '../../cloudfunctions/adapters/wechat-cloud';
import type { FunctionDef } from '../../cloudfunctions/functions/kit';

type Callback = (err: Error | null, res?: { statusCode: number; headers: Record<string, string> }, body?: unknown) => void;
interface RequestOpts { method: string; url: string; headers: Record<string, unknown>; formData?: Record<string, unknown>; body?: Record<string, unknown> }

interface PbMessage { encode(m: Record<string, unknown>): { finish(): Uint8Array }; decode(b: Uint8Array): unknown; toObject(m: unknown, o?: Record<string, unknown>): Record<string, unknown> }
interface Pb { CommApiData: PbMessage; CommOpenApiResp: PbMessage }

/** One openapi call as sent: the API and its parameters (each pair's JSON value parsed). */
interface OpenApiCall { url: string; apiName: string; apiType: number; params: Record<string, unknown> }
interface UploadCall { path: string; url: string }
interface PutCall { url: string; headers: Record<string, unknown>; body: Buffer }

const openapiCalls: OpenApiCall[] = [];
const metadataCalls: UploadCall[] = [];
const puts: PutCall[] = [];
const other: RequestOpts[] = [];

/** How the next openapi call is answered. */
type OpenApiAnswer =
  | { kind: 'image'; contentType: string; bytes: Buffer }
  | { kind: 'wxError'; errcode: number; errmsg: string }
  | { kind: 'pbError'; errorCode: number }
  | { kind: 'http'; status: number };
let openapiAnswer: OpenApiAnswer;
/** How the COS upload is answered: '' is success, else COS's XML error. */
let cosAnswer = '';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x80, 0x00, 0xfe, 0x7f, 0xff, 0xd9]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const ENV = 'prod-env-1';
const FILE_ID_PREFIX = `cloud://${ENV}.7072-${ENV}-1250000000/`;

const SCF_ENV: Record<string, string> = {
  TENCENTCLOUD_SECRETID: 'dummy-secret-id',
  TENCENTCLOUD_SECRETKEY: 'dummy-secret-key',
  TENCENTCLOUD_RUNENV: 'SCF',
  TENCENTCLOUD_REGION: 'ap-shanghai',
  SCF_NAMESPACE: ENV,
};
const savedEnv: Record<string, string | undefined> = {};
let pb: Pb;
let sdk: WechatCloudSdk;

function fakeRequest(opts: RequestOpts, cb: Callback): Writable {
  const answer = (statusCode: number, body: unknown, headers: Record<string, string> = {}) => setImmediate(() => cb(null, { statusCode, headers }, body));
  if (opts.method.toLowerCase() === 'put') {
    const chunks: Buffer[] = [];
    return new Writable({
      write(chunk: Buffer, _enc, next) { chunks.push(Buffer.from(chunk)); next(); },
      final(done) {
        puts.push({ url: opts.url, headers: opts.headers, body: Buffer.concat(chunks) });
        answer(200, Buffer.from(cosAnswer));
        done();
      },
    });
  }
  const sink = new Writable({ write(_c, _e, next) { next(); } });
  const form = opts.formData;
  if (form && form.action === 'wx.openApi') {
    const decoded = pb.CommApiData.toObject(pb.CommApiData.decode(form.requestData as Uint8Array), { enums: Number, defaults: true });
    const pairs = ((decoded.openapiData as { pairs?: Array<{ key: string; value: Uint8Array }> }).pairs ?? []);
    const params = Object.fromEntries(pairs.map((p) => [p.key, JSON.parse(Buffer.from(p.value).toString('utf8'))]));
    openapiCalls.push({ url: opts.url, apiName: String(form.apiName), apiType: Number(decoded.apiType), params });
    const a = openapiAnswer;
    if (a.kind === 'http') answer(a.status, Buffer.from('bad gateway'));
    else {
      const resp = a.kind === 'image'
        ? { respData: a.bytes, contentType: a.contentType, httpCode: 200 }
        : a.kind === 'wxError'
          ? { respData: Buffer.from(JSON.stringify({ errcode: a.errcode, errmsg: a.errmsg })), contentType: 'application/json; charset=UTF-8', httpCode: 200 }
          : { errorCode: a.errorCode };
      answer(200, Buffer.from(pb.CommOpenApiResp.encode(resp).finish()), { 'content-type': 'application/octet-stream' });
    }
    return sink;
  }
  if (opts.body && opts.body.action === 'storage.getUploadMetadata') {
    const p = String(opts.body.path);
    const url = `https://${ENV}-1250000000.cos.ap-shanghai.myqcloud.com/${p}`;
    metadataCalls.push({ path: p, url: opts.url });
    answer(200, { requestId: 'req-1', data: { url, token: 'cos-token', authorization: 'q-sign-algorithm=sha1&q-signature=abc', fileId: FILE_ID_PREFIX + p, cosFileId: 'cos-file-1' } });
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
  const cloud = require('wx-server-sdk') as WechatCloudSdk & { init(o: { env: unknown }): void; DYNAMIC_CURRENT_ENV: unknown };
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  sdk = cloud;
  // wx-server-sdk's generated protobuf codec registers itself on protobufjs' default root (its own copy of protobufjs).
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

beforeEach(() => {
  openapiCalls.length = 0;
  metadataCalls.length = 0;
  puts.length = 0;
  other.length = 0;
  openapiAnswer = { kind: 'image', contentType: 'image/jpeg', bytes: JPEG };
  cosAnswer = '';
});

const nameOf = (scene: string, page: string, width = 430, env?: 'release' | 'trial' | 'develop') => {
  const c = checkUnlimitedCode({ scene, page, width });
  if (!c.ok) throw new Error(c.message);
  return unlimitedCodeName(c.code, env);
};

test('one wx.openApi call wxacode.getUnlimited with scene, page, width 430 and check_path false; the image goes to cloud storage; the answer is its file id', async () => {
  const r = await cloudWechatGateway(sdk).unlimitedCode({ scene: 'd=Ab3_x-9', page: 'packages/dist/pages/invite/index' });
  const name = nameOf('d=Ab3_x-9', 'packages/dist/pages/invite/index');
  expect(name).toMatch(/^[0-9a-f]{40}$/);
  expect(r).toEqual({ ok: true, image: `${FILE_ID_PREFIX}wxacode/${name}.jpg` });

  expect(openapiCalls).toHaveLength(1);
  const call = openapiCalls[0];
  expect(call.apiName).toBe('wxacode.getUnlimited');
  expect(call.apiType).toBe(0); // CommApiData.ApiType.OPEN_API
  expect(call.url).toMatch(new RegExp(`^http://${ENV}\\.internal\\.ap-shanghai\\.tcb-api\\.tencentcloudapi\\.com/admin\\?env=${ENV}&`));
  // Exactly these parameters, as WeChat names them (no env_version: WeChat's default, release).
  expect(call.params).toEqual({ scene: 'd=Ab3_x-9', page: 'packages/dist/pages/invite/index', width: 430, check_path: false });

  expect(metadataCalls).toEqual([{ path: `wxacode/${name}.jpg`, url: expect.stringContaining(`env=${ENV}`) }]);
  expect(puts).toHaveLength(1);
  expect(puts[0].url).toBe(`https://${ENV}-1250000000.cos.ap-shanghai.myqcloud.com/wxacode/${name}.jpg`);
  expect(puts[0].headers).toMatchObject({ authorization: 'q-sign-algorithm=sha1&q-signature=abc', 'x-cos-security-token': 'cos-token', 'x-cos-meta-fileid': 'cos-file-1' });
  expect(puts[0].body.equals(JPEG)).toBe(true);
  expect(other).toEqual([]);
});

test('width and envVersion are sent as given; the same input is stored under the same name, another width under another', async () => {
  const gw = cloudWechatGateway(sdk, { envVersion: 'trial' });
  const a = await gw.unlimitedCode({ scene: 'p=lamp', page: 'packages/product/pages/detail/index', width: 1280 });
  const b = await gw.unlimitedCode({ scene: 'p=lamp', page: 'packages/product/pages/detail/index', width: 1280 });
  const c = await gw.unlimitedCode({ scene: 'p=lamp', page: 'packages/product/pages/detail/index', width: 280 });
  expect(openapiCalls.map((x) => x.params)).toEqual([
    { scene: 'p=lamp', page: 'packages/product/pages/detail/index', width: 1280, check_path: false, env_version: 'trial' },
    { scene: 'p=lamp', page: 'packages/product/pages/detail/index', width: 1280, check_path: false, env_version: 'trial' },
    { scene: 'p=lamp', page: 'packages/product/pages/detail/index', width: 280, check_path: false, env_version: 'trial' },
  ]);
  expect(a).toEqual(b);
  expect(a).toEqual({ ok: true, image: `${FILE_ID_PREFIX}wxacode/${nameOf('p=lamp', 'packages/product/pages/detail/index', 1280, 'trial')}.jpg` });
  expect(c.ok && a.ok && c.image !== a.image).toBe(true);
  // A trial code is not a release code.
  expect(nameOf('p=lamp', 'packages/product/pages/detail/index', 1280, 'trial')).not.toBe(nameOf('p=lamp', 'packages/product/pages/detail/index', 1280));
});

test('every character WeChat allows in a scene reaches WeChat verbatim (32 of them)', async () => {
  const scene = "!#$&'()*+,/:;=?@-._~Az09AZaz1234"; // 32
  expect(scene).toHaveLength(32);
  const r = await cloudWechatGateway(sdk).unlimitedCode({ scene, page: 'pages/index/index' });
  expect(r.ok).toBe(true);
  expect(openapiCalls[0].params.scene).toBe(scene);
});

test('a PNG (is_hyaline codes) is stored as .png', async () => {
  openapiAnswer = { kind: 'image', contentType: 'image/png', bytes: PNG };
  const r = await cloudWechatGateway(sdk).unlimitedCode({ scene: 'x', page: 'pages/index/index' });
  expect(r).toEqual({ ok: true, image: `${FILE_ID_PREFIX}wxacode/${nameOf('x', 'pages/index/index')}.png` });
  expect(puts[0].body.equals(PNG)).toBe(true);
});

test('what WeChat would refuse is refused before anything is sent', async () => {
  const gw = cloudWechatGateway(sdk);
  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ scene: '', page: 'pages/index/index' }, /scene/],
    [{ scene: 'a'.repeat(33), page: 'pages/index/index' }, /scene/],
    [{ scene: 'id=%E4%B8%AD', page: 'pages/index/index' }, /scene/],
    [{ scene: '邀请码', page: 'pages/index/index' }, /scene/],
    [{ scene: 'a b', page: 'pages/index/index' }, /scene/],
    [{ scene: 'a"b', page: 'pages/index/index' }, /scene/],
    [{ scene: 'a\nb', page: 'pages/index/index' }, /scene/],
    [{ scene: { $ne: '' }, page: 'pages/index/index' }, /scene/],
    [{ scene: 'ok', page: '/pages/index/index' }, /must not start with '\/'/],
    [{ scene: 'ok', page: 'pages/index/index?id=1' }, /no parameters/],
    [{ scene: 'ok', page: '' }, /page is required/],
    [{ scene: 'ok', page: 'pages//index' }, /page path/],
    [{ scene: 'ok', page: 'pages/../index' }, /page path/],
    [{ scene: 'ok', page: `pages/${'a'.repeat(130)}` }, /page path/],
    [{ scene: 'ok', page: 'pages/index/index', width: 279 }, /width/],
    [{ scene: 'ok', page: 'pages/index/index', width: 1281 }, /width/],
    [{ scene: 'ok', page: 'pages/index/index', width: 430.5 }, /width/],
    [{ scene: 'ok', page: 'pages/index/index', width: '430' }, /width/],
  ];
  for (const [input, message] of bad) {
    const r = await gw.unlimitedCode(input as never);
    expect(r).toEqual({ ok: false, message: expect.stringMatching(message) });
  }
  expect(openapiCalls).toHaveLength(0);
  expect(metadataCalls).toHaveLength(0);
  expect(puts).toHaveLength(0);
});

test('WeChat\'s refusals (wx-server-sdk throws them) are failures with the code and message; nothing is uploaded', async () => {
  const gw = cloudWechatGateway(sdk);
  const input = { scene: 'x', page: 'pages/gone/index' };
  openapiAnswer = { kind: 'wxError', errcode: 41030, errmsg: 'invalid page rid: 6571c3d2-1a2b' };
  expect(await gw.unlimitedCode(input)).toEqual({ ok: false, message: expect.stringMatching(/^wxacode\.getUnlimited failed \(41030\): .*invalid page rid: 6571c3d2-1a2b/) });
  openapiAnswer = { kind: 'wxError', errcode: 45009, errmsg: 'reach max api daily quota limit' };
  expect(await gw.unlimitedCode(input)).toEqual({ ok: false, message: expect.stringContaining('(45009)') });
  // Not declared in config.json permissions.openapi: the platform refuses the call itself.
  openapiAnswer = { kind: 'pbError', errorCode: -604101 };
  expect(await gw.unlimitedCode(input)).toEqual({ ok: false, message: expect.stringMatching(/\(-604101\).*permissions\.openapi/) });
  openapiAnswer = { kind: 'http', status: 502 };
  expect(await gw.unlimitedCode(input)).toEqual({ ok: false, message: expect.stringMatching(/^wxacode\.getUnlimited failed \(-501001\): .*502/) });
  expect(openapiCalls).toHaveLength(4);
  expect(metadataCalls).toHaveLength(0);
  expect(puts).toHaveLength(0);
});

test('an answer that is not an image is a failure, not a stored file', async () => {
  const gw = cloudWechatGateway(sdk);
  openapiAnswer = { kind: 'image', contentType: 'text/html', bytes: Buffer.from('<html>') };
  expect(await gw.unlimitedCode({ scene: 'x', page: 'pages/index/index' })).toEqual({ ok: false, message: expect.stringContaining('not an image') });
  openapiAnswer = { kind: 'image', contentType: 'image/jpeg', bytes: Buffer.alloc(0) };
  expect(await gw.unlimitedCode({ scene: 'x', page: 'pages/index/index' })).toEqual({ ok: false, message: expect.stringContaining('no image') });
  expect(puts).toHaveLength(0);
});

test('a refused upload is a failure with COS\'s reason', async () => {
  cosAnswer = "<?xml version='1.0' encoding='utf-8' ?><Error><Code>AccessDenied</Code><Message>Access Denied.</Message><Resource>/x</Resource><RequestId>cos-req</RequestId><TraceId>trace</TraceId></Error>";
  const r = await cloudWechatGateway(sdk).unlimitedCode({ scene: 'x', page: 'pages/index/index' });
  expect(r).toEqual({ ok: false, message: expect.stringMatching(/^uploadFile wxacode\/[0-9a-f]{40}\.jpg failed.*AccessDenied/) });
  expect(puts).toHaveLength(1);
});

test('the deployed entry (cloudMain) gives use cases this adapter on the real SDK, with WXACODE_ENV_VERSION', async () => {
  const saved = { keys: process.env.WX_CONTEXT_KEYS, source: process.env.TCB_SOURCE, version: process.env.WXACODE_ENV_VERSION };
  process.env.WX_CONTEXT_KEYS = 'WX_APPID';
  process.env.WX_APPID = 'wxapp';
  process.env.TCB_SOURCE = 'wx_trigger';
  process.env.WXACODE_ENV_VERSION = 'develop';
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const def: FunctionDef = {
      name: 'probe', actions: {}, openapi: ['wxacode.getUnlimited'], timeout: 10,
      triggers: { code: { cron: '0 0 * * * * *', run: async (deps) => ({ ...(await deps.wechat.unlimitedCode({ scene: 'd=abc', page: 'pages/index/index', width: 600 })) }) } },
    };
    const main = cloudMain(def, () => require('wx-server-sdk'));
    const out = await main({ Type: 'Timer', TriggerName: 'code', Time: '2026-11-20T02:00:00Z' }, {});
    expect(out).toEqual({ ok: true, data: { ok: true, image: `${FILE_ID_PREFIX}wxacode/${nameOf('d=abc', 'pages/index/index', 600, 'develop')}.jpg` } });
    expect(openapiCalls.map((c) => c.params)).toEqual([{ scene: 'd=abc', page: 'pages/index/index', width: 600, check_path: false, env_version: 'develop' }]);
  } finally {
    log.mockRestore();
    for (const [k, v] of [['WX_CONTEXT_KEYS', saved.keys], ['TCB_SOURCE', saved.source], ['WXACODE_ENV_VERSION', saved.version]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    delete process.env.WX_APPID;
  }
});
