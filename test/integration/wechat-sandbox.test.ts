/**
 * The local stand-in for WeChat's mini program codes: a real QR code PNG that decodes (jsQR, an independent decoder)
 * to `wxacode-sandbox:<page>?scene=<scene>`, kept in memory (least recently used dropped) and served by the local
 * gateway at the path unlimitedCode answers; what WeChat refuses is refused.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import * as z from 'zod/mini';
import { parseSandboxCode, sandboxCodeText, sandboxWechat } from '../../cloudfunctions/adapters/wechat-sandbox';
import { fail, ok } from '../../cloudfunctions/app/result';
import { FUNCTIONS } from '../../cloudfunctions/functions';
import { action, defineServiceFunction } from '../../cloudfunctions/functions/kit';
import { createLocalCloud, LocalCloud } from '../../cloudfunctions/local/cloud';
import { RunningGateway, startGateway } from '../../cloudfunctions/local/gateway';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The picture's size and what its QR code says (null: no code found). */
function decode(png: Buffer): { width: number; height: number; text: string | null } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const img = PNG.sync.read(png);
  const found = jsQR(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length), img.width, img.height);
  return { width: img.width, height: img.height, text: found ? found.data : null };
}

const nameOf = (image: string): string => {
  const m = /^\/static\/wxacode\/([0-9a-f]{40})\.png$/.exec(image);
  if (!m) throw new Error(`not a sandbox code path: ${image}`);
  return m[1];
};

describe('the sandbox', () => {
  test('draws a PNG of the requested width whose QR code reads back as the scene and page', async () => {
    const wechat = sandboxWechat();
    const cases = [
      { scene: 'd=Ab3_x-9', page: 'packages/dist/pages/invite/index', width: undefined },
      { scene: "!#$&'()*+,/:;=?@-._~Az09AZaz1234", page: 'pages/index/index', width: 280 },
      { scene: 'p=lamp&s=lamp-1', page: 'packages/product/pages/detail/index', width: 1280 },
    ];
    for (const c of cases) {
      const r = await wechat.unlimitedCode(c);
      if (!r.ok) throw new Error(r.message);
      const png = wechat.image(nameOf(r.image));
      expect(png).not.toBeNull();
      const seen = decode(png as Buffer);
      expect(seen.width).toBe(c.width ?? 430);
      expect(seen.height).toBe(seen.width);
      expect(seen.text).toBe(sandboxCodeText(c.scene, c.page));
      expect(parseSandboxCode(seen.text as string)).toEqual({ page: c.page, scene: c.scene });
    }
    expect(sandboxCodeText('a=1', 'pages/index/index')).toBe('wxacode-sandbox:pages/index/index?scene=a=1');
    expect(parseSandboxCode('https://example.com/?scene=x')).toBeNull();
  }, 30_000);

  test('the same input answers the same path (kept once); another width is another picture', async () => {
    const wechat = sandboxWechat();
    const a = await wechat.unlimitedCode({ scene: 'x', page: 'pages/index/index' });
    const b = await wechat.unlimitedCode({ scene: 'x', page: 'pages/index/index', width: 430 });
    const c = await wechat.unlimitedCode({ scene: 'x', page: 'pages/index/index', width: 600 });
    expect(a).toEqual(b);
    expect(a.ok && c.ok && a.image !== c.image).toBe(true);
    expect(wechat.size).toBe(2);
  });

  test('what WeChat refuses is refused, and nothing is drawn', async () => {
    const wechat = sandboxWechat();
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ scene: '', page: 'pages/index/index' }, /scene/],
      [{ scene: 'a'.repeat(33), page: 'pages/index/index' }, /scene/],
      [{ scene: 'id=%20', page: 'pages/index/index' }, /scene/],
      [{ scene: '分享', page: 'pages/index/index' }, /scene/],
      [{ scene: 'a b', page: 'pages/index/index' }, /scene/],
      [{ scene: 7, page: 'pages/index/index' }, /scene/],
      [{ scene: 'ok', page: '/pages/index/index' }, /must not start with '\/'/],
      [{ scene: 'ok', page: 'pages/index/index?x=1' }, /no parameters/],
      [{ scene: 'ok', page: '../etc/passwd' }, /page path/],
      [{ scene: 'ok', page: 'pages/index/index', width: 100 }, /width/],
      [{ scene: 'ok', page: 'pages/index/index', width: 5000 }, /width/],
    ];
    for (const [input, message] of bad) {
      expect(await wechat.unlimitedCode(input as never)).toEqual({ ok: false, message: expect.stringMatching(message) });
    }
    expect(wechat.size).toBe(0);
  });

  test('keeps the most recently used codes only', async () => {
    const wechat = sandboxWechat({ capacity: 3 });
    const names: string[] = [];
    for (const scene of ['a', 'b', 'c']) {
      const r = await wechat.unlimitedCode({ scene, page: 'pages/index/index' });
      if (!r.ok) throw new Error(r.message);
      names.push(nameOf(r.image));
    }
    expect(wechat.image(names[0])).not.toBeNull(); // a is now the most recently used
    await wechat.unlimitedCode({ scene: 'd', page: 'pages/index/index' }); // drops b
    expect(wechat.size).toBe(3);
    expect(wechat.image(names[0])).not.toBeNull();
    expect(wechat.image(names[1])).toBeNull();
    expect(wechat.image(names[2])).not.toBeNull();
    expect(wechat.image('../' + names[0])).toBeNull();
    expect(wechat.image(names[0].toUpperCase())).toBeNull();
  });
});

describe('in the local cloud, through the gateway', () => {
  // A probe function: a use case that asks deps.wechat for a code, as the distribution functions do.
  const probe = defineServiceFunction('probe', {
    actions: {
      code: action(z.strictObject({ scene: z.string(), page: z.string(), width: z.optional(z.number()) }), async (p, _ctx, deps) => {
        const r = await deps.wechat.unlimitedCode(p);
        return r.ok ? ok({ image: r.image }) : fail('INVALID_INPUT', r.message);
      }),
    },
  });
  let cloud: LocalCloud;
  let gw: RunningGateway;

  beforeAll(async () => {
    cloud = await createLocalCloud({ functions: { ...FUNCTIONS, probe } });
    gw = await startGateway(cloud, { port: 0, logLine: () => undefined });
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
    await cloud?.close();
  });

  const code = async (data: Record<string, unknown>) => {
    const res = await fetch(`${gw.url}/api/probe`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-dev-openid': 'dev-distributor' }, body: JSON.stringify({ action: 'code', data }) });
    return (await res.json()) as { ok: true; data: { image: string } } | { ok: false; error: { code: string; message: string } };
  };

  test('a use case gets a /static/wxacode path; GET serves the PNG (image/png), which decodes to the scene and page', async () => {
    const r = await code({ scene: 'd=Ab3_x-9', page: 'packages/dist/pages/invite/index', width: 320 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.data.image).toMatch(/^\/static\/wxacode\/[0-9a-f]{40}\.png$/);
    expect(cloud.wechat.size).toBe(1);

    const res = await fetch(gw.url + r.data.image);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.equals(cloud.wechat.image(nameOf(r.data.image)) as Buffer)).toBe(true);
    expect(decode(png)).toEqual({ width: 320, height: 320, text: 'wxacode-sandbox:packages/dist/pages/invite/index?scene=d=Ab3_x-9' });
  });

  test('served whatever the Origin or Host, like /static/img (the DevTools simulator loads images itself)', async () => {
    const r = await code({ scene: 'x', page: 'pages/index/index' });
    if (!r.ok) throw new Error(r.error.message);
    const res = await fetch(gw.url + r.data.image, { headers: { origin: 'https://servicewechat.com', referer: 'https://servicewechat.com/touristappid/devtools/page-frame.html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
  });

  test('a bad scene or page is refused to the use case; unknown or malformed names are 404', async () => {
    const before = cloud.wechat.size;
    expect(await code({ scene: 'a'.repeat(33), page: 'pages/index/index' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/scene/) } });
    expect(await code({ scene: '中文', page: 'pages/index/index' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/scene/) } });
    expect(await code({ scene: 'x', page: '/pages/index/index' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/'\/'/) } });
    expect(cloud.wechat.size).toBe(before);

    const r = await code({ scene: 'y', page: 'pages/index/index' });
    if (!r.ok) throw new Error(r.error.message);
    const name = nameOf(r.data.image);
    for (const p of [
      `/static/wxacode/${'0'.repeat(40)}.png`, // well formed, never drawn
      `/static/wxacode/${name.toUpperCase()}.png`,
      `/static/wxacode/${name}`,
      `/static/wxacode/${name}.svg`,
      `/static/wxacode/${name.slice(1)}.png`,
      `/static/wxacode/..%2F${name}.png`,
      `/static/wxacode/x/${name}.png`,
      '/static/wxacode/',
    ]) {
      const res = await fetch(gw.url + p);
      expect([p, res.status]).toEqual([p, 404]);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    // Read-only: no POST route.
    const post = await fetch(gw.url + r.data.image, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(404);
  });
});
