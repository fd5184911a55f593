/**
 * The local cloud's HTTP gateway (127.0.0.1 only):
 *   POST /api/<fn>            {action, data} + header x-dev-openid   -> client call (SOURCE wx_client)
 *   POST /dev/trigger/<fn>    {triggerName}                          -> timer trigger (SOURCE wx_trigger)
 *   POST /dev/paycallback/<fn> WeChat Pay result fields              -> payment callback (SOURCE wx_paycallback)
 *   POST /dev/seed            fixture                                -> replaces the world
 *   POST /dev/clock           {now} | {advanceMs}                    -> moves the clock every use case reads
 *   GET  /dev/clock, GET /dev/identities, GET /static/img/<name>.svg, GET /health
 * Every response is the envelope {ok, data} / {ok:false, error:{code, message}} (payment callbacks answer as the cloud would).
 */
import http from 'http';
import type { AddressInfo } from 'net';
import type { LocalCloud } from './cloud';
import { renderPlaceholderSvg } from './placeholder-image';

const MAX_BODY = 1024 * 1024;
const OPENID = /^[A-Za-z0-9_-]{1,64}$/;

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
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, 'INVALID_INPUT', 'body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text.trim()) return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new HttpError(400, 'INVALID_INPUT', 'body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

const errorBody = (code: string, message: string) => ({ ok: false, error: { code, message } });

export function createGatewayHandler(cloud: LocalCloud, logLine: (line: string) => void = console.log) {
  return async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://local');
    const parts = url.pathname.split('/').filter(Boolean);
    const ms = () => Number((process.hrtime.bigint() - started) / 1000n) / 1000;
    try {
      if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, { ok: true, data: { now: cloud.clock.now() } });
      if (req.method === 'GET' && parts[0] === 'static' && parts[1] === 'img' && parts.length === 3 && parts[2].endsWith('.svg')) {
        const q = Object.fromEntries(url.searchParams);
        const svg = renderPlaceholderSvg({ bg: q.bg, t: q.t ?? decodeURIComponent(parts[2].slice(0, -4)) });
        res.setHeader('cache-control', 'public, max-age=86400');
        return send(res, 200, svg, 'image/svg+xml');
      }
      if (req.method === 'GET' && url.pathname === '/dev/identities') return send(res, 200, { ok: true, data: await cloud.identities() });
      if (req.method === 'GET' && url.pathname === '/dev/clock') return send(res, 200, { ok: true, data: { now: cloud.clock.now() } });
      if (req.method !== 'POST') throw new HttpError(404, 'NOT_FOUND', `no route ${req.method} ${url.pathname}`);

      const body = await readJson(req);
      if (parts[0] === 'api' && parts.length === 2) {
        const header = req.headers['x-dev-openid'];
        const openid = typeof header === 'string' && OPENID.test(header) ? header : null;
        const out = await cloud.invokeRaw(parts[1], body, { openid, source: 'wx_client' }, true);
        logLine(`${out.label} openid=${openid ?? '-'} ${ms()}ms ${out.code ?? 'ok'}`);
        return send(res, out.code === 'UNKNOWN_FUNCTION' ? 404 : 200, out.response);
      }
      if (parts[0] === 'dev' && parts[1] === 'trigger' && parts.length === 3) {
        const b = body as { triggerName?: unknown };
        if (typeof b.triggerName !== 'string') throw new HttpError(400, 'INVALID_INPUT', 'triggerName is required');
        const out = await cloud.invokeRaw(parts[2], { Type: 'Timer', TriggerName: b.triggerName, Time: new Date(cloud.clock.now()).toISOString() }, { openid: null, source: 'wx_trigger' });
        logLine(`${out.label} trigger ${ms()}ms ${out.code ?? 'ok'}`);
        return send(res, out.code === 'UNKNOWN_FUNCTION' ? 404 : 200, out.response);
      }
      if (parts[0] === 'dev' && parts[1] === 'paycallback' && parts.length === 3) {
        const out = await cloud.invokeRaw(parts[2], body, { openid: null, source: 'wx_paycallback' });
        logLine(`${out.label} paycallback ${ms()}ms ${out.code ?? 'ok'}`);
        return send(res, out.code === 'UNKNOWN_FUNCTION' ? 404 : 200, out.response);
      }
      if (url.pathname === '/dev/seed') {
        const r = await cloud.seed(body);
        logLine(`dev.seed ${ms()}ms ${r.ok ? 'ok' : r.error.code}`);
        return send(res, r.ok ? 200 : 400, r);
      }
      if (url.pathname === '/dev/clock') {
        const b = body as { now?: unknown; advanceMs?: unknown };
        const keys = Object.keys(b as object);
        if (keys.length === 1 && typeof b.now === 'number' && Number.isSafeInteger(b.now) && b.now > 0) cloud.clock.set(b.now);
        else if (keys.length === 1 && typeof b.advanceMs === 'number' && Number.isSafeInteger(b.advanceMs)) cloud.clock.advance(b.advanceMs);
        else throw new HttpError(400, 'INVALID_INPUT', 'send {now: epochMs} or {advanceMs: integer}');
        logLine(`dev.clock ${new Date(cloud.clock.now()).toISOString()}`);
        return send(res, 200, { ok: true, data: { now: cloud.clock.now() } });
      }
      throw new HttpError(404, 'NOT_FOUND', `no route POST ${url.pathname}`);
    } catch (err) {
      if (err instanceof HttpError) {
        logLine(`${req.method} ${url.pathname} ${ms()}ms ${err.code}`);
        return send(res, err.status, errorBody(err.code, err.message));
      }
      console.error('gateway error', err);
      return send(res, 500, errorBody('INTERNAL', 'internal error'));
    }
  };
}

export function startGateway(cloud: LocalCloud, opts: GatewayOptions = {}): Promise<RunningGateway> {
  const handler = createGatewayHandler(cloud, opts.logLine ?? ((l) => console.log(l)));
  const server = http.createServer({ noDelay: true }, (req, res) => void handler(req, res));
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
