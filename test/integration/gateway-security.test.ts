/**
 * The local cloud's gateway refuses what a web page (or a bad request) could do: a "simple" CORS request (text/plain,
 * a form) needs no preflight, so any page the developer visits can POST to 127.0.0.1; DNS rebinding makes a foreign
 * page look same-origin. Requests here are raw (node:http) so Host and Origin are exactly what a browser would send.
 */
import http from 'http';
import * as z from 'zod/mini';
import { createLocalCloud, LocalCloud } from '../../cloudfunctions/local/cloud';
import { CLOCK_MAX, CLOCK_MIN, MAX_BODY, RunningGateway, startGateway } from '../../cloudfunctions/local/gateway';
import { FUNCTIONS } from '../../cloudfunctions/functions';
import { action, defineServiceFunction } from '../../cloudfunctions/functions/kit';
import { ok } from '../../cloudfunctions/app/result';
import type { FixtureInput } from '../../cloudfunctions/local/fixture';

// A probe that records every call that reaches a function, so "nothing runs" can be checked.
const ran: string[] = [];
const probe = defineServiceFunction('probe', {
  actions: {
    touch: action(z.strictObject({}), async (_p, ctx) => {
      ran.push(`touch:${ctx.openid}`);
      return ok({ touched: true });
    }),
  },
  triggers: {
    tick: { cron: '0 */5 * * * * *', run: async () => { ran.push('tick'); return { ticked: true }; } },
  },
  payCallback: async () => {
    ran.push('paycallback');
    return { errcode: 0, errmsg: 'OK' };
  },
});

const SHOP: FixtureInput = {
  categories: [{ id: 'tea', name: '茶叶' }],
  products: [{ id: 'longjing', categoryId: 'tea', title: '龙井', images: ['/static/img/t.svg'], skus: [{ id: 'lj-250', specs: {}, price: 16800, stock: 3 }] }],
  users: [{ openid: 'boss', nickname: '店长', roles: ['merchant'] }, { openid: 'amy', nickname: '小明' }],
};

let cloud: LocalCloud;
let gw: RunningGateway;
let port: number;

beforeAll(async () => {
  cloud = await createLocalCloud({ functions: { ...FUNCTIONS, probe }, seed: SHOP });
  gw = await startGateway(cloud, { port: 0, logLine: () => undefined });
  port = Number(new URL(gw.url).port);
}, 60_000);
afterAll(async () => {
  await gw.close();
  await cloud.close();
});

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
  headers: http.IncomingHttpHeaders;
}

/** One raw request: the headers given are the headers sent (Host defaults to 127.0.0.1:<port>; null leaves it out). */
function raw(method: string, path: string, opts: { headers?: Record<string, string>; host?: string | null; body?: string | Buffer } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.host !== null) headers.host = opts.host ?? `127.0.0.1:${port}`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, setHost: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = null;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body, text, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const postJson = (path: string, body: unknown, headers: Record<string, string> = {}, host?: string) =>
  raw('POST', path, { headers: { ...JSON_TYPE, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body), host });

const envelope = (code: string) => ({ ok: false, error: { code, message: expect.any(String) } });

async function worldCounts() {
  return { products: await cloud.store.count('products', {}), categories: await cloud.store.count('categories', {}), users: await cloud.store.count('users', {}) };
}

async function reseed(): Promise<void> {
  const r = await cloud.seed(SHOP);
  if (!r.ok) throw new Error(r.error.message);
}

describe('every POST is application/json or it is refused with 415 and nothing runs', () => {
  beforeEach(() => {
    ran.length = 0;
  });

  test('an empty text/plain POST /dev/seed (what any web page can send without a preflight) wipes nothing', async () => {
    const before = await worldCounts();
    const r = await raw('POST', '/dev/seed', { headers: { 'content-type': 'text/plain;charset=UTF-8' }, body: '' });
    expect(r).toMatchObject({ status: 415, body: envelope('INVALID_INPUT') });
    expect(await worldCounts()).toEqual(before);
    expect(before.products).toBe(1);
  });

  test('a form, text/plain or no content type does not reach a function, the clock or a pay callback', async () => {
    const clockBefore = cloud.clock.now();
    const bodies: Array<[string, string, Record<string, string>]> = [
      ['/api/probe', JSON.stringify({ action: 'touch' }), { 'content-type': 'text/plain', 'x-dev-openid': 'amy' }],
      ['/api/probe', 'action=touch', { 'content-type': 'application/x-www-form-urlencoded', 'x-dev-openid': 'amy' }],
      ['/api/probe', '--b\r\ncontent-disposition: form-data; name="action"\r\n\r\ntouch\r\n--b--\r\n', { 'content-type': 'multipart/form-data; boundary=b', 'x-dev-openid': 'amy' }],
      ['/api/probe', JSON.stringify({ action: 'touch' }), { 'x-dev-openid': 'amy' }],
      ['/dev/trigger/probe', JSON.stringify({ triggerName: 'tick' }), { 'content-type': 'text/plain' }],
      ['/dev/paycallback/probe', JSON.stringify({ outTradeNo: 'N1' }), { 'content-type': 'application/x-www-form-urlencoded' }],
      ['/dev/clock', JSON.stringify({ advanceMs: 86_400_000 * 365 }), { 'content-type': 'text/plain' }],
      ['/dev/clock', JSON.stringify({ advanceMs: 86_400_000 * 365 }), { 'content-type': 'application/jsonx' }],
      ['/dev/clock', JSON.stringify({ advanceMs: 86_400_000 * 365 }), { 'content-type': 'text/json' }],
      ['/dev/clock', JSON.stringify({ advanceMs: 86_400_000 * 365 }), { 'content-type': 'application/json; charset=iso-8859-1' }],
    ];
    for (const [path, body, headers] of bodies) {
      const r = await raw('POST', path, { headers, body });
      expect({ path, headers, status: r.status, body: r.body }).toEqual({ path, headers, status: 415, body: envelope('INVALID_INPUT') });
    }
    expect(ran).toEqual([]);
    expect(cloud.clock.now() - clockBefore).toBeLessThan(60_000);
  });

  test('application/json with or without a utf-8 charset is accepted', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset=UTF-8', 'application/json; charset="utf-8"']) {
      const r = await raw('POST', '/api/probe', { headers: { 'content-type': type, 'x-dev-openid': 'amy' }, body: JSON.stringify({ action: 'touch' }) });
      expect({ type, status: r.status, body: r.body }).toEqual({ type, status: 200, body: { ok: true, data: { touched: true } } });
    }
    expect(ran).toEqual(['touch:amy', 'touch:amy', 'touch:amy', 'touch:amy']);
  });

  test('a JSON body that is empty, not an object or not JSON is 400', async () => {
    for (const body of ['', '   ', 'null', '[]', '"x"', '7', '{not json']) {
      const r = await postJson('/dev/clock', body);
      expect({ body, status: r.status, answer: r.body }).toEqual({ body, status: 400, answer: envelope('INVALID_INPUT') });
    }
  });
});

describe('a foreign Origin or Host is refused with 403 (a web page, DNS rebinding)', () => {
  beforeEach(() => {
    ran.length = 0;
  });

  test('a foreign or null Origin cannot seed, call, trigger, pay or read /dev', async () => {
    const before = await worldCounts();
    for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io:8787', 'http://evil.example@127.0.0.1', 'file://', 'http://127.0.0.1/x', 'http://127.0.0.1, https://evil.example']) {
      const o = { origin };
      const answers = [
        await postJson('/dev/seed', SHOP, o),
        await postJson('/api/probe', { action: 'touch' }, { ...o, 'x-dev-openid': 'amy' }),
        await postJson('/dev/trigger/probe', { triggerName: 'tick' }, o),
        await postJson('/dev/paycallback/probe', { outTradeNo: 'N1' }, o),
        await postJson('/dev/clock', { advanceMs: 1 }, o),
        await raw('GET', '/dev/identities', { headers: o }),
        await raw('GET', '/dev/clock', { headers: o }),
        await raw('OPTIONS', '/dev/seed', { headers: { ...o, 'access-control-request-method': 'POST' } }),
      ];
      for (const a of answers) expect({ origin, status: a.status, body: a.body }).toEqual({ origin, status: 403, body: envelope('FORBIDDEN') });
      for (const a of answers) expect(a.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(ran).toEqual([]);
    expect(await worldCounts()).toEqual(before);
  });

  test('no Origin (node, curl, wx.request) or an Origin on this machine (any port) is fine', async () => {
    for (const origin of [undefined, 'http://127.0.0.1', 'http://localhost:3000', 'http://[::1]:8080', 'https://LOCALHOST']) {
      const o: Record<string, string> = origin ? { origin } : {};
      expect((await postJson('/api/probe', { action: 'touch' }, { ...o, 'x-dev-openid': 'amy' })).body).toEqual({ ok: true, data: { touched: true } });
      expect((await raw('GET', '/dev/clock', { headers: o })).status).toBe(200);
    }
  });

  test('a Host that is not this machine is refused even without an Origin (DNS rebinding reaches /api under any identity)', async () => {
    const before = await worldCounts();
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.nip.io:${port}`, 'localhost.evil.example', '192.168.1.20:8787', '0.0.0.0:8787', '']) {
      const answers = [
        await postJson('/api/probe', { action: 'touch' }, { 'x-dev-openid': 'boss' }, host),
        await postJson('/dev/seed', SHOP, {}, host),
        await raw('GET', '/dev/identities', { host }),
      ];
      for (const a of answers) expect({ host, status: a.status, body: a.body }).toEqual({ host, status: 403, body: envelope('FORBIDDEN') });
    }
    expect(ran).toEqual([]);
    expect(await worldCounts()).toEqual(before);
  });

  test('Host 127.0.0.1, localhost or [::1], with or without a port, is fine', async () => {
    for (const host of ['127.0.0.1', `127.0.0.1:${port}`, 'localhost', `localhost:${port}`, 'LocalHost:1', '[::1]', `[::1]:${port}`]) {
      const r = await postJson('/api/probe', { action: 'touch' }, { 'x-dev-openid': 'amy' }, host);
      expect({ host, status: r.status }).toEqual({ host, status: 200 });
    }
  });

  test('GET /static/img and /health answer whatever the Origin, Referer or Host (the DevTools simulator loads images)', async () => {
    const headers = { origin: 'https://servicewechat.com', referer: 'https://servicewechat.com/touristappid/devtools/page-frame.html' };
    for (const host of [undefined, 'servicewechat.com']) {
      const img = await raw('GET', '/static/img/a.svg?bg=ff8800&t=x', { headers, host });
      expect(img.status).toBe(200);
      expect(img.headers['content-type']).toBe('image/svg+xml');
      expect((await raw('GET', '/health', { headers, host })).body).toEqual({ ok: true, data: { now: expect.any(Number) } });
    }
  });
});

describe('POST /dev/seed refuses a fixture that leaves no shop, and then wipes nothing', () => {
  afterAll(reseed);

  test('an empty body, {} and fixtures without categories, products or users are 400 with the reason', async () => {
    const before = await worldCounts();
    const identities = (await raw('GET', '/dev/identities')).body;
    expect((await postJson('/dev/seed', '')).body).toEqual(envelope('INVALID_INPUT'));
    const empty = await postJson('/dev/seed', {});
    expect(empty).toMatchObject({ status: 400, body: envelope('INVALID_INPUT') });
    expect(empty.body.error.message).toMatch(/category.*product.*user/);
    const partial: unknown[] = [
      { categories: SHOP.categories },
      { categories: SHOP.categories, products: SHOP.products },
      { ...SHOP, users: [] },
      { ...SHOP, products: [] },
      { products: SHOP.products, users: SHOP.users },
      { settings: { shopName: 'x' } },
    ];
    for (const f of partial) {
      const r = await postJson('/dev/seed', f);
      expect({ f, status: r.status, body: r.body }).toEqual({ f, status: 400, body: envelope('INVALID_INPUT') });
    }
    const noUsers = await postJson('/dev/seed', { ...SHOP, users: [] });
    expect(noUsers.body.error.message).toMatch(/missing: users/);
    // A schema error is still the schema's message.
    expect((await postJson('/dev/seed', { ...SHOP, users: 'boss' })).body.error.message).toMatch(/^users: /);
    expect(await worldCounts()).toEqual(before);
    expect((await raw('GET', '/dev/identities')).body).toEqual(identities);
  });

  test('a fixture with a category, a product and a user replaces the world', async () => {
    const r = await postJson('/dev/seed', { ...SHOP, users: [{ openid: 'solo' }] });
    expect(r.body).toEqual({ ok: true, data: { categories: 1, products: 1, skus: 1, users: 1 } });
    expect((await raw('GET', '/dev/identities')).body).toEqual({ ok: true, data: [{ openid: 'solo', nickname: '', roles: [] }] });
  });
});

describe('a body over the limit gets the 413 envelope, not a reset connection', () => {
  test('fetch with a 2 MiB body reads 413 and the JSON envelope; the gateway keeps serving', async () => {
    const big = JSON.stringify({ action: 'touch', data: { pad: 'x'.repeat(2 * MAX_BODY) } });
    const res = await fetch(`${gw.url}/api/probe`, { method: 'POST', headers: { ...JSON_TYPE, 'x-dev-openid': 'amy' }, body: big });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual(envelope('INVALID_INPUT'));
    const seed = await fetch(`${gw.url}/dev/seed`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ ...SHOP, pad: 'y'.repeat(3 * MAX_BODY) }) });
    expect(seed.status).toBe(413);
    expect(await seed.json()).toEqual(envelope('INVALID_INPUT'));
    expect(await cloud.store.count('products', {})).toBe(1);
    expect((await postJson('/api/probe', { action: 'touch' }, { 'x-dev-openid': 'amy' })).status).toBe(200);
  });

  test('a streamed (chunked) body over the limit, and one announced with Expect: 100-continue, get the 413 too', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 3 * MAX_BODY) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const init = { method: 'POST', headers: { ...JSON_TYPE, 'x-dev-openid': 'amy' }, body: stream, duplex: 'half' } as RequestInit;
    const res = await fetch(`${gw.url}/api/probe`, init);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual(envelope('INVALID_INPUT'));

    const answer = await new Promise<{ status: number; body: unknown; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const req = http.request(`${gw.url}/api/probe`, { method: 'POST', headers: { ...JSON_TYPE, 'content-length': 2 * MAX_BODY, expect: '100-continue' } }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), continued }));
      });
      req.on('continue', () => {
        continued = true;
        req.end(Buffer.alloc(2 * MAX_BODY, 0x20));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(answer).toEqual({ status: 413, body: envelope('INVALID_INPUT'), continued: false });
  });

  test('a body just under the limit is read', async () => {
    const body = JSON.stringify({ action: 'touch', data: {} }).padEnd(MAX_BODY - 1, ' ');
    expect((await postJson('/api/probe', body, { 'x-dev-openid': 'amy' })).body).toEqual({ ok: true, data: { touched: true } });
  });
});

describe('/dev/clock refuses times the date functions cannot format and leaves the clock alone', () => {
  test('now = 1e20, before 2000, after year 9998 in Shanghai, or an advance that gets there: 400', async () => {
    const before = cloud.clock.now();
    const refused: unknown[] = [
      { now: 1e20 },
      { now: Number.MAX_SAFE_INTEGER },
      { now: 8.64e15 + 1 },
      { now: 0 },
      { now: -5 },
      { now: Date.UTC(1999, 11, 31, 15, 59, 59, 999) }, // 1999-12-31 23:59:59.999 in Shanghai
      { now: Date.UTC(9999, 11, 31) },
      { now: CLOCK_MAX + 1 },
      { now: 1.5e12 + 0.5 },
      { advanceMs: 1e20 },
      { advanceMs: CLOCK_MAX - before + 3_600_000 },
      { advanceMs: -before },
      { advanceMs: CLOCK_MIN - before - 3_600_000 },
      { advanceMs: 'soon' },
      { now: Date.UTC(2030, 0, 1), advanceMs: 1 },
      { now: '2030-01-01' },
    ];
    for (const body of refused) {
      const r = await postJson('/dev/clock', body);
      expect({ body, status: r.status, answer: r.body }).toEqual({ body, status: 400, answer: envelope('INVALID_INPUT') });
    }
    const after = (await raw('GET', '/dev/clock')).body.data.now as number;
    expect(after - before).toBeGreaterThanOrEqual(0);
    expect(after - before).toBeLessThan(60_000);
  });

  test('the ends of the range are accepted and format in Shanghai', async () => {
    const start = cloud.clock.now();
    try {
      for (const now of [CLOCK_MIN, CLOCK_MAX - 10_000]) {
        const r = await postJson('/dev/clock', { now });
        expect(r.status).toBe(200);
        expect(r.body.data.now - now).toBeLessThan(5_000);
        expect(new Date(r.body.data.now).toISOString()).toMatch(/^\d{4}-/);
      }
      expect(new Date(CLOCK_MIN + 8 * 3_600_000).toISOString()).toBe('2000-01-01T00:00:00.000Z');
      expect(new Date(CLOCK_MAX + 8 * 3_600_000).toISOString()).toBe('9998-12-31T23:59:59.999Z');
    } finally {
      cloud.clock.set(start);
    }
  });
});

test('/dev/identities lists the seeded users only, not an openid that called since', async () => {
  await reseed();
  expect((await postJson('/api/user', { action: 'me' }, { 'x-dev-openid': 'stranger' })).body).toMatchObject({ ok: true, data: { openid: 'stranger' } });
  expect(await cloud.store.get('users', 'stranger')).toMatchObject({ _id: 'stranger' });
  expect((await postJson('/api/user', { action: 'me' }, { 'x-dev-openid': 'amy' })).body).toMatchObject({ ok: true, data: { openid: 'amy' } });
  const list = (await raw('GET', '/dev/identities')).body;
  expect(list).toEqual({ ok: true, data: expect.arrayContaining([
    { openid: 'amy', nickname: '小明', roles: [] },
    { openid: 'boss', nickname: '店长', roles: ['merchant'] },
  ]) });
  expect(list.data).toHaveLength(2);
});

test('unknown routes and methods answer the 404 envelope', async () => {
  const answers = [
    await raw('GET', '/nope'),
    await raw('GET', '/'),
    await raw('GET', '/api/shop'),
    await raw('PUT', '/dev/seed', { headers: JSON_TYPE, body: '{}' }),
    await raw('DELETE', '/dev/clock'),
    await raw('OPTIONS', '/dev/seed'),
    await raw('HEAD', '/dev/identities'),
    await postJson('/dev/nope', {}),
    await postJson('/dev/seed/extra', SHOP),
    await postJson('/api', { action: 'x' }),
    await postJson('/api/shop/extra', { action: 'categories' }),
    await raw('POST', '/static/img/a.svg', { headers: JSON_TYPE, body: '{}' }),
  ];
  for (const a of answers) expect(a.status).toBe(404);
  for (const a of answers.filter((x) => x.text)) expect(a.body).toEqual(envelope('NOT_FOUND'));
  expect(await cloud.store.count('products', {})).toBe(1);
});
