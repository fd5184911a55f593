/**
 * WeChat around a rendered page (scripts/screens/html.ts output): status bar, navigation bar with the capsule, tab bar
 * on tab pages, and WeChat's default styles for built-in components - including the native <button> defaults that
 * app.json's "style" selects: with "style": "v2" every <button> without size="mini" is 184 px wide (WAWebview's weui 2
 * rule), which beats Vant's single-class selectors; without it, the v1 defaults. Shared by shoot.mjs (the gallery) and
 * measure.mjs (the layout test). Adapted from shared/tools/page-shots.
 */
import fs from 'fs';
import path from 'path';
import { createRequire } from 'module';
import { fileURLToPath } from 'url';

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MP_ROOT = path.join(ROOT, 'miniprogram');
const APP = JSON.parse(fs.readFileSync(path.join(MP_ROOT, 'app.json'), 'utf8'));
/** What app.json asks for: 'v2' or 'v1'. */
export const WX_STYLE = APP.style === 'v2' ? 'v2' : 'v1';

/** Chromium: $CHROMIUM, else the Debian package's /usr/bin/chromium; null when there is none. */
export function chromiumPath() {
  for (const c of [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (c && fs.existsSync(c)) return c;
  }
  return null;
}

export async function launchChromium(puppeteer) {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no Chromium: apt-get install -y chromium fonts-noto-cjk, or set CHROMIUM=/path');
  return puppeteer.launch({ executablePath, args: ['--no-sandbox', '--allow-file-access-from-files', '--font-render-hinting=none'] });
}

/** Loads a page document in a Chromium tab and lays out what simulate could not measure (the tabs underline). */
export async function openPage(browser, file, scale = 1) {
  const page = await browser.newPage();
  await page.setViewport({ width: 375, height: 812, deviceScaleFactor: scale, isMobile: true, hasTouch: true });
  await page.goto(`file://${file}`, { waitUntil: 'networkidle0', timeout: 30_000 });
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(() => {
    for (const line of document.querySelectorAll('[class*="van-tabs__line"]')) {
      const nav = line.parentElement;
      const active = nav && nav.querySelector('[class*="van-tab--active"]');
      if (!active) continue;
      const x = active.offsetLeft + (active.offsetWidth - line.offsetWidth) / 2;
      line.style.transform = `translateX(${x}px)`;
      line.style.webkitTransform = `translateX(${x}px)`;
    }
  });
  return page;
}

/** Writes <dir>/<name>.html for each <dir>/<name>.json and answers [meta, file] pairs. */
export function writeDocuments(dir, only = []) {
  const iconFont = vantIconFont();
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))
    .filter((m) => !only.length || only.includes(m.name))
    .map((meta) => {
      const body = fs.readFileSync(path.join(dir, `${meta.name}.body.html`), 'utf8');
      const css = fs.readFileSync(path.join(dir, `${meta.name}.css`), 'utf8');
      const file = path.join(dir, `${meta.name}.html`);
      fs.writeFileSync(file, documentFor(meta, body, css, iconFont));
      return [meta, file];
    });
}

/** Vant's icon font: Vant Weapp loads it from at.alicdn.com; @vant/icons ships the same glyphs (same code points) inline. */
export function vantIconFont() {
  try {
    const less = fs.readFileSync(path.join(path.dirname(require.resolve('@vant/icons/package.json')), 'src/encode-woff2.less'), 'utf8');
    const m = /url\('(data:font\/woff2;[^']+)'\)/.exec(less);
    if (m) return `@font-face{font-family:vant-icon;font-style:normal;font-weight:400;font-display:block;src:url("${m[1]}") format("woff2")}`;
  } catch {
    // no font: icons show as empty boxes
  }
  console.warn('warning: @vant/icons not found, Vant icons will be missing');
  return '';
}

// app.json "style": "v2" (weui 2 buttons: every native <button> not size=mini is 184px wide, as in WAWebview) unless
// --wx-style v1 (the old defaults, what the page looks like once "style": "v2" is removed).

function buttonCss(wxStyle) {
  return wxStyle === 'v2'
  ? `wx-button{position:relative;display:block;margin-left:auto;margin-right:auto;padding:8px 24px;box-sizing:border-box;font-size:17px;font-weight:700;text-align:center;text-decoration:none;line-height:1.41176471;border-radius:4px;overflow:hidden;color:#06ae56;background-color:#f2f2f2}
wx-button:not([size=mini]){margin-left:auto;margin-right:auto;width:184px}
wx-button[size=mini]{display:inline-block;line-height:2.3;font-size:13px;padding:0 1.34em;width:auto}`
  : 'wx-button{position:relative;display:block;margin-left:auto;margin-right:auto;padding-left:14px;padding-right:14px;box-sizing:border-box;font-size:18px;text-align:center;text-decoration:none;line-height:2.55555556;border-radius:5px;overflow:hidden;color:#000;background-color:#f8f8f8}';
}

// WeChat's default styles for built-in components (WAWebview, base library 3.x, app.json "style": "v2").
const uaCss = (wxStyle) => `
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#000;font-family:-apple-system,"PingFang SC","Noto Sans CJK SC","Noto Sans SC",sans-serif;-webkit-font-smoothing:antialiased}
[hidden]{display:none!important}
wx-view{display:block}
wx-text{white-space:pre-line}
wx-image{display:inline-block;overflow:hidden;position:relative;width:320px;height:240px}
wx-scroll-view{display:block;width:100%;overflow:hidden;position:relative}
wx-swiper{display:block;height:150px;position:relative;overflow:hidden}
wx-swiper .wx-swiper-wrapper{position:absolute;left:0;top:0;width:100%;height:100%;overflow:hidden}
wx-swiper-item{display:block;position:absolute;left:0;top:0;width:100%;height:100%;overflow:hidden}
wx-swiper .wx-swiper-dots{position:absolute;left:50%;bottom:10px;transform:translateX(-50%);display:flex;font-size:0}
wx-swiper .wx-swiper-dot{width:8px;height:8px;border-radius:50%;background:rgba(0,0,0,.3);margin:0 4px}
wx-swiper .wx-swiper-dot-active{background:#000}
wx-input{display:block;height:1.4rem;min-height:1.4rem;text-overflow:clip;overflow:hidden;white-space:nowrap}
wx-textarea{display:block;position:relative;width:300px;height:150px;white-space:pre-wrap;word-break:break-all}
.wx-input-placeholder{color:#808080;overflow:hidden;text-overflow:clip;white-space:nowrap}
wx-textarea .wx-input-placeholder{white-space:pre-wrap}
wx-picker,wx-navigator{display:block}
${buttonCss(wxStyle)}
wx-button:after{content:" ";width:200%;height:200%;position:absolute;top:0;left:0;border:1px solid rgba(0,0,0,.2);transform:scale(.5);transform-origin:0 0;box-sizing:border-box;border-radius:10px}
/* the phone around the page */
.phone{width:375px;background:#fff;position:relative}
.wx-statusbar{height:44px;display:flex;align-items:center;justify-content:space-between;padding:0 22px 0 30px;box-sizing:border-box;font:600 15px -apple-system,"Noto Sans",sans-serif}
.wx-statusbar .icons{display:flex;gap:5px;align-items:center}
.wx-navbar{height:44px;position:relative;display:flex;align-items:center;justify-content:center}
.wx-navbar .title{font-size:17px;font-weight:600;max-width:200px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.wx-navbar .back{position:absolute;left:10px;top:10px;width:24px;height:24px}
.wx-navbar .capsule{position:absolute;right:7px;top:6px;width:87px;height:32px;box-sizing:border-box;border:.5px solid rgba(0,0,0,.12);border-radius:16px;background:rgba(255,255,255,.6);display:flex;align-items:center}
.wx-navbar .capsule span{flex:1;display:flex;justify-content:center;align-items:center}
.wx-navbar .capsule i{width:.5px;height:18px;background:rgba(0,0,0,.15)}
.wx-webview{position:relative;transform:translateZ(0);overflow:hidden}
.wx-tabbar{height:84px;box-sizing:border-box;padding-bottom:34px;display:flex;position:relative}
.wx-tabbar .item{flex:1;display:flex;flex-direction:column;align-items:center;justify-content:center;font-size:10px;line-height:1.4;position:relative}
.wx-tabbar .item img{width:24px;height:24px;margin-bottom:2px}
.wx-tabbar .badge{position:absolute;top:2px;left:50%;margin-left:6px;min-width:16px;height:16px;padding:0 5px;box-sizing:border-box;border-radius:8px;background:#fa5151;color:#fff;font-size:12px;line-height:16px;text-align:center}
.wx-tabbar .home-indicator{position:absolute;bottom:8px;left:50%;width:134px;height:5px;margin-left:-67px;border-radius:3px;background:#000}
`;

function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function statusBar(color, bg) {
  return `<div class="wx-statusbar" style="color:${color};background:${bg}"><span>9:41</span><span class="icons">
<svg width="18" height="12" viewBox="0 0 18 12"><rect x="0" y="8" width="3" height="4" rx="1" fill="currentColor"/><rect x="5" y="5.5" width="3" height="6.5" rx="1" fill="currentColor"/><rect x="10" y="3" width="3" height="9" rx="1" fill="currentColor"/><rect x="15" y="0" width="3" height="12" rx="1" fill="currentColor"/></svg>
<svg width="16" height="12" viewBox="0 0 16 12"><path d="M8 2.5c2.3 0 4.4.9 6 2.4l1.2-1.3C13.3 1.8 10.8.7 8 .7S2.7 1.8.8 3.6L2 4.9c1.6-1.5 3.7-2.4 6-2.4zm0 3.6c1.3 0 2.5.5 3.4 1.3l1.2-1.3C11.4 5 9.8 4.3 8 4.3S4.6 5 3.4 6.1l1.2 1.3C5.5 6.6 6.7 6.1 8 6.1zm0 3.5L6.3 11.4 8 13l1.7-1.6z" fill="currentColor"/></svg>
<svg width="26" height="12" viewBox="0 0 26 12"><rect x=".5" y=".5" width="22" height="11" rx="3" fill="none" stroke="currentColor" opacity=".4"/><rect x="2" y="2" width="19" height="8" rx="1.5" fill="currentColor"/><rect x="23.5" y="4" width="1.5" height="4" rx=".7" fill="currentColor" opacity=".4"/></svg></span></div>`;
}

function navBar(meta) {
  const color = meta.navTextStyle === 'white' ? '#fff' : '#000';
  const back = meta.tab >= 0 ? '' : `<svg class="back" viewBox="0 0 24 24"><path d="M15 4 7 12l8 8" fill="none" stroke="${color}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
  const capsule = `<div class="capsule"><span><svg width="20" height="6" viewBox="0 0 20 6"><circle cx="3" cy="3" r="2.2" fill="${color}"/><circle cx="10" cy="3" r="3" fill="${color}"/><circle cx="17" cy="3" r="2.2" fill="${color}"/></svg></span><i></i><span><svg width="18" height="18" viewBox="0 0 18 18"><circle cx="9" cy="9" r="7.5" fill="none" stroke="${color}" stroke-width="1.6"/><circle cx="9" cy="9" r="3" fill="${color}"/></svg></span></div>`;
  return `<div class="wx-navbar" style="background:${meta.navBackground};color:${color}">${back}<div class="title">${esc(meta.title)}</div>${capsule}</div>`;
}

function tabBar(meta) {
  const tb = APP.tabBar;
  if (!tb || meta.tab < 0) return '';
  const border = tb.borderStyle === 'white' ? 'rgba(255,255,255,.33)' : 'rgba(0,0,0,.33)';
  const items = tb.list
    .map((t, i) => {
      const on = i === meta.tab;
      const icon = on ? t.selectedIconPath : t.iconPath;
      const src = icon ? `file://${path.join(MP_ROOT, icon)}` : '';
      const badge = i === 2 && meta.tabBadge ? `<span class="badge">${esc(meta.tabBadge)}</span>` : '';
      return `<div class="item" style="color:${on ? tb.selectedColor : tb.color}">${src ? `<img src="${esc(src)}">` : ''}<span>${esc(t.text)}</span>${badge}</div>`;
    })
    .join('');
  return `<div class="wx-tabbar" style="background:${tb.backgroundColor};border-top:.5px solid ${border}">${items}<div class="home-indicator"></div></div>`;
}

/** The whole HTML document of a page written by html.ts#writePage. */
export function documentFor(meta, body, css, iconFont, wxStyle = WX_STYLE) {
  // Vant's remote icon font cannot load here: drop it, the inline copy replaces it.
  const pageCss = css.replace(/@font-face\s*\{[^}]*vant-icon[^}]*\}/g, '');
  const size = meta.mode === 'screen' ? `height:${meta.webviewHeight}px` : `min-height:${meta.webviewHeight}px`;
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=375">
<style>${uaCss(wxStyle)}</style>
<style>${pageCss}</style>
<style>${iconFont}</style>
</head><body><div class="phone">
${statusBar(meta.navTextStyle === 'white' ? '#fff' : '#000', meta.navBackground)}
${navBar(meta)}
<div class="wx-webview wx-page" style="${size};background:${meta.background}">${body}</div>
${tabBar(meta)}
</div></body></html>`;
}

