/**
 * The page gallery's renderer (`npm run screens` runs it through scripts/screens/jest.config.js): loads each page of
 * shots.ts with miniprogram-simulate (official wcc compiler, Vant from miniprogram_npm) against the running local
 * cloud, waits for its data, and writes it as HTML + CSS (html.ts) to $SHOTS_HTML for shoot.mjs.
 *
 * Env: BASE_URL (local cloud), STATE (prepare.mjs output), SHOTS_HTML (output folder), ONLY (comma list of names).
 */
import fs from 'fs';
import http from 'http';
import path from 'path';
import { DEVICE, MP_ROOT, APP, patchSimulate, relink, sleep, writePage } from './html';
import { appPages, Shot, ShotState, shots as shotList } from './shots';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
type AnyPage = any;
const document = (globalThis as any).document;

const STATE = JSON.parse(fs.readFileSync(process.env.STATE as string, 'utf8')) as ShotState;
const BASE_URL = process.env.BASE_URL || STATE.baseUrl;
const OUT = process.env.SHOTS_HTML as string;
const ONLY = (process.env.ONLY || '').split(',').filter(Boolean);
const SHOTS = shotList(STATE);

function textOf(c: AnyPage): string {
  return (c?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

// ---------- the wx environment ----------

interface Env {
  title?: string;
  tabBadge?: string;
  toasts: string[];
}

function installWx(env: Env): void {
  const wxAny = wx as any;
  wxAny.request = (o: any) => {
    const url = new URL(o.url);
    const method = (o.method ?? 'GET').toUpperCase();
    const body = method === 'GET' ? undefined : JSON.stringify(o.data ?? {});
    const req = http.request(url, { method, headers: o.header ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let data: unknown = text;
        try {
          data = JSON.parse(text);
        } catch {
          // plain text
        }
        const result = { data, statusCode: res.statusCode ?? 0, header: res.headers, cookies: [], errMsg: 'request:ok' };
        o.success?.(result);
        o.complete?.(result);
      });
    });
    req.on('error', (err) => {
      const result = { errMsg: `request:fail ${err.message}` };
      o.fail?.(result);
      o.complete?.(result);
    });
    req.end(body);
    return { abort: () => req.destroy() };
  };
  const store = new Map<string, unknown>();
  wxAny.getStorageSync = (k: string) => (store.has(k) ? store.get(k) : '');
  wxAny.setStorageSync = (k: string, v: unknown) => void store.set(k, v);
  wxAny.removeStorageSync = (k: string) => void store.delete(k);
  const ok = (o?: any) => {
    o?.success?.({ errMsg: 'ok' });
    o?.complete?.({ errMsg: 'ok' });
    return Promise.resolve({ errMsg: 'ok' });
  };
  for (const name of ['navigateTo', 'redirectTo', 'switchTab', 'navigateBack', 'reLaunch', 'showShareMenu', 'stopPullDownRefresh', 'pageScrollTo', 'showLoading', 'hideLoading', 'hideToast', 'vibrateShort', 'removeTabBarBadge', 'previewImage']) {
    wxAny[name] = ok;
  }
  wxAny.setNavigationBarTitle = (o: any) => {
    env.title = o.title;
    return ok(o);
  };
  wxAny.setTabBarBadge = (o: any) => {
    env.tabBadge = o.text;
    return ok(o);
  };
  wxAny.showToast = (o: any) => {
    env.toasts.push(o.title);
    return ok(o);
  };
  wxAny.showModal = (o: any) => {
    o?.success?.({ confirm: false, cancel: true });
    return Promise.resolve({ confirm: false, cancel: true });
  };
  const windowHeight = DEVICE.height - DEVICE.statusBar - DEVICE.navBar;
  const info = {
    brand: 'iPhone', model: 'iPhone X', pixelRatio: 2, screenWidth: DEVICE.width, screenHeight: DEVICE.height,
    windowWidth: DEVICE.width, windowHeight, statusBarHeight: DEVICE.statusBar, language: 'zh_CN', version: '8.0.50',
    system: 'iOS 17.0', platform: 'ios', fontSizeSetting: 17, SDKVersion: '3.4.0', theme: 'light',
    safeArea: { left: 0, right: DEVICE.width, top: DEVICE.statusBar, bottom: DEVICE.height - DEVICE.safeBottom, width: DEVICE.width, height: DEVICE.height - DEVICE.statusBar - DEVICE.safeBottom },
  };
  wxAny.getSystemInfoSync = () => info;
  wxAny.getWindowInfo = () => info;
  wxAny.getDeviceInfo = () => info;
  wxAny.getAppBaseInfo = () => info;
  wxAny.getMenuButtonBoundingClientRect = () => ({ width: 87, height: 32, top: 48, bottom: 80, left: 281, right: 368 });
  const g = globalThis as any;
  g.getCurrentPages = () => [];
  g.getApp = () => ({ globalData: {} });
}

async function waitLoaded(page: AnyPage, shot: Shot, toasts: string[]): Promise<string[]> {
  const problems: string[] = [];
  const until = Date.now() + 8000;
  await sleep(300);
  let last = '';
  let stableSince = Date.now();
  for (;;) {
    const text = textOf(page);
    if (text !== last) {
      last = text;
      stableSince = Date.now();
    }
    const ready = (shot.ready ?? []).every((t) => text.includes(t));
    if (ready && Date.now() - stableSince > 500) break;
    if (Date.now() > until) {
      problems.push(`not ready after 8 s (wanted ${JSON.stringify(shot.ready)}); text: ${text.slice(0, 200)}`);
      break;
    }
    await sleep(50);
  }
  if (toasts.length) problems.push(`toasts: ${toasts.join(' | ')}`);
  return problems;
}

test('every page of app.json is in the gallery (scripts/screens/shots.ts)', () => {
  const shot = new Set(SHOTS.map((s) => s.path));
  expect(appPages(APP).filter((p) => !shot.has(p))).toEqual([]);
});

beforeAll(() => {
  fs.mkdirSync(OUT, { recursive: true });
  // The gallery's order and captions for the README (not *.json: shoot.mjs reads those as pages).
  fs.writeFileSync(path.join(OUT, 'shots-index.txt'), JSON.stringify(SHOTS.map(({ name, label }) => ({ name, label }))));
});

const selected = ONLY.length ? SHOTS.filter((s) => ONLY.includes(s.name)) : SHOTS;

test.each(selected.map((s) => [s.name, s] as const))('%s', async (_name, shot) => {
  jest.resetModules();
  document.head.innerHTML = '';
  const simulate = require('miniprogram-simulate');
  patchSimulate();
  const env: Env = { toasts: [] };
  installWx(env);
  (wx as any).setStorageSync('devOpenid', shot.openid ?? STATE.openid);
  const { config } = require(path.join(MP_ROOT, 'config'));
  config.mode = 'local';
  config.localBaseUrl = BASE_URL;

  const id = simulate.load(path.join(MP_ROOT, shot.path), { compiler: 'official', rootPath: MP_ROOT });
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  page.instance.onLoad?.(shot.query ?? {});
  page.instance.onShow?.();
  const problems = await waitLoaded(page, shot, env.toasts);
  await relink(page.dom);
  if (shot.after) {
    await shot.after(page, { sleep, textOf });
    await sleep(600);
    await relink(page.dom);
  }
  writePage(OUT, page, { name: shot.name, path: shot.path, title: env.title, tabBadge: env.tabBadge ?? null, mode: shot.mode, problems });
  if (problems.length) console.warn(`${shot.name}: ${problems.join('; ')}`);
  page.detach?.();
}, 30_000);
