/**
 * The local cloud's HTTP gateway (127.0.0.1 only):
 *   POST /api/<fn>            {action, data} + header x-dev-openid   -> client call (SOURCE wx_client)
 *   POST /dev/trigger/<fn>    {triggerName}                          -> timer trigger (SOURCE wx_trigger)
 *   POST /dev/paycallback/<fn> WeChat Pay result fields              -> payment callback (SOURCE wx_paycallback)
 *   POST /dev/seed            fixture                                -> replaces the world
 *   POST /dev/clock           {now} | {advanceMs}                    -> moves the clock every use case reads
 *   GET  /dev/clock, GET /dev/identities, GET /static/img/<name>.svg, GET /static/wxacode/<sha1>.png, GET /health
 * Every response is the envelope {ok, data} / {ok:false, error:{code, message}} (payment callbacks answer as the cloud would).
 *
 * What a web page must not do. Any page the developer visits can send requests to 127.0.0.1: a "simple" CORS request
 * (text/plain or a form, no preflight) runs before the browser decides whether the page may read the answer, and DNS
 * rebinding makes a foreign page look same-origin. So, before anything runs:
 * - the Host must name this machine (127.0.0.1, localhost, [::1], any port): a rebound name is refused, 403;
 * - an Origin, if sent, must be one of those hosts too (node, curl and wx.request send none; `null` is refused), 403;
 * - every POST must be `Content-Type: application/json` (charset utf-8 allowed), which a page cannot send cross-origin
 *   without a preflight this gateway never grants, 415; its body a JSON object of at most 1 MiB, 400/413.
 * GET /static/img, /static/wxacode and /health are exempt (the DevTools simulator loads images with its own
 * Referer/Origin; they only read).
 */
import http from 'http';
import type { AddressInfo } from 'net';
import { SHANGHAI_OFFSET_MS, shanghaiStamp } from '../domain/time';
import type { LocalCloud } from './cloud';
import { shopProblems } from './fixture';
import { renderPlaceholderSvg } from './placeholder-image';
import { SANDBOX_CODE_NAME } from '../adapters/wechat-sandbox';

/** The largest body read. */
export const MAX_BODY = 1024 * 1024;
/** Past MAX_BODY the rest is read and discarded so the client can read the 413; past this much the connection is closed. */
const MAX_DRAIN = 64 * MAX_BODY;
const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

/** This machine, as a Host header or an Origin's host names it (any port). */
const LOCAL_HOST = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;
const LOCAL_ORIGIN = /^https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;

/**
 * The times /dev/clock accepts: Shanghai calendar years 2000..9998. Order numbers and WeChat Pay times are
 * yyyyMMddHHmmss in Shanghai (domain/time.ts) and ISO strings need a 4-digit year; the year of headroom keeps the
 * durations use cases add to `now` (coupon validity up to 365 days, payment deadlines) formattable too, while the
 * clock keeps ticking after a set.
 */
export const CLOCK_MIN = Date.UTC(2000, 0, 1) - SHANGHAI_OFFSET_MS;
export const CLOCK_MAX = Date.UTC(9999, 0, 1) - SHANGHAI_OFFSET_MS - 1;

export interface GatewayOptions {
  port?: number;
  host?: string;
  /** One line per call. Default console.log; pass () => {} to silence. */
  logLine?: (line: string) => void;
}

export interface RunningGateway {
  server: http.Server;
  url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly closeConnection = false) {
    super(message);
  }
}

const tooLarge = () => new HttpError(413, 'INVALID_INPUT', `body too large: at most ${MAX_BODY} bytes`, true);

/** Why this request does not come from this machine's own tools, or null. */
function foreignRequest(req: http.IncomingMessage): string | null {
  const hosts = req.headersDistinct.host ?? [];
  if (hosts.length !== 1 || !LOCAL_HOST.test(hosts[0])) {
    return `Host ${JSON.stringify(clip(hosts.join(', ')))} is not this machine: the local cloud answers only 127.0.0.1, localhost or [::1] (a DNS-rebound name is refused)`;
  }
  const origins = req.headersDistinct.origin;
  if (origins && (origins.length !== 1 || !LOCAL_ORIGIN.test(origins[0]))) {
    return `Origin ${JSON.stringify(clip(origins.join(', ')))} is refused: the local cloud takes calls only from this machine's tools (no Origin, or http://127.0.0.1, localhost or [::1])`;
  }
  return null;
}

const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 100)}…` : s);

/** `application/json`, optionally with `charset=utf-8`: nothing a web page can send cross-origin without a preflight. */
function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  const [type, ...params] = value.split(';').map((s) => s.trim());
  if (type.toLowerCase() !== 'application/json') return false;
  const given = params.filter(Boolean);
  return given.length <= 1 && given.every((p) => /^charset\s*=\s*("?)utf-?8\1$/i.test(p));
}

function declaredLength(req: http.IncomingMessage): number | null {
  const v = req.headers['content-length'];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : null;
}

/**
 * The body as text. Over MAX_BODY it keeps reading and discards the rest, then refuses with 413 - answering while the
 * client is still sending would reset the connection before it reads the answer. Past MAX_DRAIN (or a declared length
 * that large) it answers at once and closes.
 */
function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = declaredLength(req);
    if (declared !== null && declared > MAX_DRAIN) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (over) {
        if (size > MAX_DRAIN) {
          req.removeAllListeners('data');
          reject(tooLarge());
        }
        return;
      }
      if (size > MAX_BODY) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => (over ? reject(tooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/** A POST body: a JSON object. */
async function readJsonObject(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  if (!text.trim()) throw new HttpError(400, 'INVALID_INPUT', 'body is empty: send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'INVALID_INPUT', 'body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'INVALID_INPUT', 'body must be a JSON object');
  return value as Record<string, unknown>;
}

/** The time /dev/clock is asked for, or why not. */
function clockTarget(body: Record<string, unknown>, now: number): number {
  const keys = Object.keys(body);
  let target: number;
  if (keys.length === 1 && typeof body.now === 'number' && Number.isSafeInteger(body.now)) target = body.now;
  else if (keys.length === 1 && typeof body.advanceMs === 'number' && Number.isSafeInteger(body.advanceMs)) target = now + body.advanceMs;
  else throw new HttpError(400, 'INVALID_INPUT', 'send {now: epochMs} or {advanceMs: integer}');
  const formattable = target >= CLOCK_MIN && target <= CLOCK_MAX && /^\d{14}$/.test(shanghaiStamp(target)) && !Number.isNaN(new Date(target).getTime());
  if (!formattable) {
    throw new HttpError(400, 'INVALID_INPUT', `the clock goes from ${new Date(CLOCK_MIN).toISOString()} to ${new Date(CLOCK_MAX).toISOString()} (Shanghai years 2000..9998); it stays at ${new Date(now).toISOString()}`);
  }
  return target;
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8', close = false): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: http.OutgoingHttpHeaders = { 'content-type': type, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
}

const errorBody = (code: string, message: string) => ({ ok: false, error: { code, message } });

type PostRoute =
  | { kind: 'api'; fn: string }
  | { kind: 'trigger'; fn: string }
  | { kind: 'paycallback'; fn: string }
  | { kind: 'transfer-confirm' }
  | { kind: 'seed' }
  | { kind: 'clock' };

function postRoute(parts: string[]): PostRoute | null {
  if (parts[0] === 'api' && parts.length === 2) return { kind: 'api', fn: parts[1] };
  if (parts[0] !== 'dev') return null;
  if (parts[1] === 'trigger' && parts.length === 3) return { kind: 'trigger', fn: parts[2] };
  if (parts[1] === 'paycallback' && parts.length === 3) return { kind: 'paycallback', fn: parts[2] };
  if (parts[1] === 'transfer' && parts[2] === 'confirm' && parts.length === 3) return { kind: 'transfer-confirm' };
  if (parts[1] === 'seed' && parts.length === 2) return { kind: 'seed' };
  if (parts[1] === 'clock' && parts.length === 2) return { kind: 'clock' };
  return null;
}

export function createGatewayHandler(cloud: LocalCloud, logLine: (line: string) => void = console.log) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://local');
    const parts = url.pathname.split('/').filter(Boolean);
    const ms = () => Number((process.hrtime.bigint() - started) / 1000n) / 1000;
    try {
      // Read-only and loaded by the DevTools simulator with its own Referer/Origin: no Host/Origin rule.
      if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, { ok: true, data: { now: cloud.clock.now() } });
      if (req.method === 'GET' && parts[0] === 'static' && parts[1] === 'img' && parts.length === 3 && parts[2].endsWith('.svg')) {
        const q = Object.fromEntries(url.searchParams);
        const svg = renderPlaceholderSvg({ bg: q.bg, t: q.t ?? decodeURIComponent(parts[2].slice(0, -4)), w: q.w, h: q.h, shape: q.shape });
        res.setHeader('cache-control', 'public, max-age=86400');
        return send(res, 200, svg, 'image/svg+xml');
      }
      // Mini program codes the WeChat sandbox drew (unlimitedCode answers their path); only its 40-hex names.
      if (req.method === 'GET' && parts[0] === 'static' && parts[1] === 'wxacode' && parts.length === 3) {
        const name = parts[2].endsWith('.png') ? parts[2].slice(0, -4) : '';
        const png = SANDBOX_CODE_NAME.test(name) ? cloud.wechat.image(name) : null;
        if (!png) throw new HttpError(404, 'NOT_FOUND', `no mini program code ${clip(parts[2])} (the sandbox keeps the last ones it drew, in memory)`);
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length, 'cache-control': 'public, max-age=86400' });
        res.end(png);
        return;
      }

      const foreign = foreignRequest(req);
      if (foreign) throw new HttpError(403, 'FORBIDDEN', foreign);
      if (req.method === 'GET' && url.pathname === '/dev/identities') return send(res, 200, { ok: true, data: await cloud.identities() });
      if (req.method === 'GET' && url.pathname === '/dev/clock') return send(res, 200, { ok: true, data: { now: cloud.clock.now() } });
      const route = req.method === 'POST' ? postRoute(parts) : null;
      if (!route) throw new HttpError(404, 'NOT_FOUND', `no route ${req.method} ${url.pathname}`);
      if (!isJsonContentType(req.headers['content-type'])) {
        throw new HttpError(415, 'INVALID_INPUT', 'send Content-Type: application/json (with curl: --json or -H \'content-type: application/json\')');
      }
      const body = await readJsonObject(req);

      if (route.kind === 'api') {
        const header = req.headers['x-dev-openid'];
        const openid = typeof header === 'string' && OPENID.test(header) ? header : null;
        const out = await cloud.invokeRaw(route.fn, body, { openid, source: 'wx_client' }, true);
        logLine(`${out.label} openid=${openid ?? '-'} ${ms()}ms ${out.code ?? 'ok'}`);
        return send(res, out.code === 'UNKNOWN_FUNCTION' ? 404 : 200, out.response);
      }
      if (route.kind === 'trigger') {
        if (typeof body.triggerName !== 'string') throw new HttpError(400, 'INVALID_INPUT', 'triggerName is required');
        const out = await cloud.invokeRaw(route.fn, { Type: 'Timer', TriggerName: body.triggerName, Time: new Date(cloud.clock.now()).toISOString() }, { openid: null, source: 'wx_trigger' });
        logLine(`${out.label} trigger ${ms()}ms ${out.code ?? 'ok'}`);
        return send(res, out.code === 'UNKNOWN_FUNCTION' ? 404 : 200, out.response);
      }
      if (route.kind === 'paycallback') {
        const out = await cloud.invokeRaw(route.fn, body, { openid: null, source: 'wx_paycallback' });
        logLine(`${out.label} paycallback ${ms()}ms ${out.code ?? 'ok'}`);
        return send(res, out.code === 'UNKNOWN_FUNCTION' ? 404 : 200, out.response);
      }
      if (route.kind === 'transfer-confirm') {
        // The distributor confirmed a merchant transfer in WeChat (wx.requestMerchantTransfer): the sandbox moves the money.
        const billNo = (body as { billNo?: unknown } | null)?.billNo;
        if (typeof billNo !== 'string' || !/^[A-Za-z0-9]{1,32}$/.test(billNo)) throw new HttpError(400, 'INVALID_INPUT', 'billNo: the withdrawal id');
        const confirmed = cloud.payout.confirm(billNo);
        logLine(`transfer confirm ${billNo} ${confirmed ? 'ok' : 'NOT_FOUND'}`);
        return send(res, confirmed ? 200 : 404, confirmed ? { ok: true, data: { billNo } } : { ok: false, error: { code: 'NOT_FOUND', message: 'no transfer waiting for confirmation' } });
      }
      if (route.kind === 'seed') {
        // Seeding empties every collection first: refuse a fixture that would leave no shop (checked before anything is wiped).
        const missing = shopProblems(body);
        if (missing) throw new HttpError(400, 'INVALID_INPUT', missing);
        const r = await cloud.seed(body);
        logLine(`dev.seed ${ms()}ms ${r.ok ? 'ok' : r.error.code}`);
        return send(res, r.ok ? 200 : 400, r);
      }
      const now = cloud.clock.now();
      cloud.clock.advance(clockTarget(body, now) - now);
      logLine(`dev.clock ${new Date(cloud.clock.now()).toISOString()}`);
      return send(res, 200, { ok: true, data: { now: cloud.clock.now() } });
    } catch (err) {
      if (err instanceof HttpError) {
        logLine(`${req.method} ${url.pathname} ${ms()}ms ${err.code}`);
        return send(res, err.status, errorBody(err.code, err.message), undefined, err.closeConnection);
      }
      console.error('gateway error', err);
      return send(res, 500, errorBody('INTERNAL', 'internal error'));
    }
  };
}

export function startGateway(cloud: LocalCloud, opts: GatewayOptions = {}): Promise<RunningGateway> {
  const handler = createGatewayHandler(cloud, opts.logLine ?? ((l) => console.log(l)));
  const server = http.createServer({ noDelay: true }, (req, res) => void handler(req, res));
  // `Expect: 100-continue` (curl, before a body over 1 MB): refuse an oversized body before the client sends it.
  server.on('checkContinue', (req, res) => {
    const declared = declaredLength(req);
    if (declared !== null && declared > MAX_BODY) {
      const err = tooLarge();
      return send(res, err.status, errorBody(err.code, err.message), undefined, true);
    }
    res.writeContinue();
    void handler(req, res);
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8787, opts.host ?? '127.0.0.1', () => {
      const addr = server.address() as AddressInfo;
      resolve({
        server,
        url: `http://${addr.address}:${addr.port}`,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}
