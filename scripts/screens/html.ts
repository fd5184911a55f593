/**
 * A page rendered by miniprogram-simulate, as a standalone HTML body + CSS that Chromium lays out like WeChat would:
 * WeChat's own element names (wx-view, wx-button, ...), WXSS converted to CSS with WeChat's rpx rounding at 375 px,
 * `page` -> `.wx-page`, vh and the bottom safe area resolved. Used by the page gallery (`npm run screens`,
 * scripts/screens/render.shots.ts) and by the layout test (test/mp/layout.test.ts). Adapted from shared/tools/page-shots.
 *
 * Call `patchSimulate()` after `jest.resetModules()` and before `simulate.load()`: it registers WeChat's built-in
 * components with the properties the HTML needs (a button's `size`, an image's `src`...) and keeps rpx exact.
 */
import fs from 'fs';
import path from 'path';

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
type AnyNode = any;
// miniprogram-api-typings declares its own `require`, without `resolve`.
const nodeRequire = require as unknown as NodeJS.Require;

export const MP_ROOT = path.resolve(__dirname, '../../miniprogram');

/** iPhone X class: 375 x 812, status bar 44, nav bar 44, tab bar 50 + 34 safe area. */
export const DEVICE = { width: 375, height: 812, statusBar: 44, navBar: 44, tabBar: 50, safeBottom: 34 };

export interface PageMeta {
  name: string;
  path: string;
  title: string;
  navBackground: string;
  navTextStyle: string;
  background: string;
  /** Index of the tab bar item, -1 when not a tab page. */
  tab: number;
  tabBadge: string | null;
  /** 'screen': one 375x812 screen; 'full': the whole page. */
  mode: 'screen' | 'full';
  webviewHeight: number;
  problems: string[];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** WeChat's rpx: floor(v * 375 / 750), a non-zero value never below 0.5px (iOS, DPR 2). */
export function rpx(css: string): string {
  return css.replace(/(-?\d*\.?\d+)rpx/gi, (_all, v: string) => {
    const n = Number(v);
    const px = Math.floor((Math.abs(n) * DEVICE.width) / 750 + 1e-4);
    return `${Math.sign(n) * (px === 0 && n !== 0 ? 0.5 : px)}px`;
  });
}

function simDir(): string {
  return path.join(path.dirname(nodeRequire.resolve('miniprogram-simulate/package.json')), 'src');
}
function jDir(): string {
  return path.dirname(nodeRequire.resolve('j-component/package.json', { paths: [simDir()] }));
}

/** Built-in components with the properties the HTML needs (simulate registers them without any). */
function registerBuiltins(jComponent: any): void {
  const props = (names: string[]) => Object.fromEntries(names.map((n) => [n, { type: null, value: null }]));
  const defs: Record<string, string[]> = {
    view: [], text: ['space', 'decode', 'userSelect'], image: ['src', 'mode', 'lazyLoad'],
    input: ['value', 'placeholder', 'placeholderClass', 'placeholderStyle', 'type', 'password', 'disabled', 'maxlength', 'focus'],
    textarea: ['value', 'placeholder', 'placeholderClass', 'placeholderStyle', 'disabled', 'autoHeight', 'maxlength'],
    button: ['size', 'type', 'plain', 'disabled', 'loading', 'formType', 'openType'],
    swiper: ['current', 'indicatorDots', 'indicatorColor', 'indicatorActiveColor', 'autoplay', 'circular', 'vertical'],
    'swiper-item': [], 'scroll-view': ['scrollX', 'scrollY', 'scrollTop', 'scrollIntoView'], icon: ['type', 'size', 'color'],
    picker: ['mode', 'value', 'range', 'disabled'], 'rich-text': ['nodes'], navigator: ['url', 'openType'], label: ['for'],
    'checkbox-group': [], checkbox: ['value', 'checked', 'disabled', 'color'], radio: ['value', 'checked', 'disabled', 'color'],
    'radio-group': [], switch: ['checked', 'disabled', 'type', 'color'], form: [], progress: ['percent'],
  };
  for (const [name, names] of Object.entries(defs)) {
    jComponent.register({ id: name, tagName: `wx-${name}`, template: '<slot/>', properties: props(['hidden', ...names]) });
  }
}

/** Patches the (freshly required) simulate for HTML output. Call after jest.resetModules(), before simulate.load(). */
export function patchSimulate(): void {
  const simUtils = require(path.join(simDir(), 'utils'));
  const wxssMod = require(path.join(simDir(), 'wxss'));
  const jComponent = require(path.join(jDir(), 'src'));
  const jUtils = require(path.join(jDir(), 'src/tool/utils'));
  // Keep rpx exact (WeChat's rounding) instead of simulate's 1rpx = 1px.
  simUtils.transformRpx = (s: string) => rpx(s);
  jUtils.transformRpx = (s: string) => rpx(s);
  registerBuiltins(jComponent);
  // :host means the component's own node: its tag (simulate leaves it as is, matching nothing outside shadow DOM).
  const compileWxss = wxssMod.compile;
  wxssMod.compile = (css: string, opts: { prefix?: string }) => compileWxss(opts?.prefix ? css.replace(/:host\b/g, opts.prefix) : css, opts);
  const exparser = require(nodeRequire.resolve('miniprogram-exparser', { paths: [jDir()] }));
  if (typeof exparser.Component.prototype.groupSetData !== 'function') {
    exparser.Component.prototype.groupSetData = function groupSetData(cb: () => void) {
      cb();
    };
  }
}

// ---------- HTML out of the simulated tree ----------

const PLAIN_ATTRS = new Set(['class', 'style', 'id']);

function esc(s: string): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function propsOf(el: AnyNode): Record<string, any> {
  const node = el.__wxElement;
  if (!node) return {};
  try {
    return node.data ?? node.__dataProxy?.data ?? {};
  } catch {
    return {};
  }
}

/** A class prop (placeholder-class) lives in the scope of the component that owns the element: its prefix. */
function scopePrefix(el: AnyNode): string {
  const m = /(?:^|\s)([a-z][\w-]*?)--/.exec(el.getAttribute('class') || '');
  return m ? m[1] : '';
}

function absUrl(src: string): string {
  if (!src) return '';
  if (/^(https?:|data:)/.test(src)) return src;
  if (src.startsWith('/')) return `file://${path.join(MP_ROOT, src)}`;
  return src;
}

function attrsOf(el: AnyNode, extra: Record<string, string> = {}): string {
  const out: string[] = [];
  for (const a of Array.from(el.attributes) as Array<{ name: string; value: string }>) {
    if (a.name === 'style') out.push(`style="${esc(rpx(a.value))}"`);
    else if (PLAIN_ATTRS.has(a.name) || a.name.startsWith('data-') || a.name.startsWith('aria-')) out.push(`${a.name}="${esc(a.value)}"`);
  }
  for (const [k, v] of Object.entries(extra)) out.push(v === '' ? k : `${k}="${esc(v)}"`);
  return out.length ? ` ${out.join(' ')}` : '';
}

const IMAGE_MODES: Record<string, string> = {
  aspectFill: 'background-size:cover;background-position:center',
  aspectFit: 'background-size:contain;background-position:center',
  scaleToFill: 'background-size:100% 100%',
  widthFix: 'background-size:100% auto',
  heightFix: 'background-size:auto 100%',
  center: 'background-position:center',
  top: 'background-position:top',
};

export function serialize(node: AnyNode): string {
  if (node.nodeType === 3) return esc(node.textContent);
  if (node.nodeType !== 1) return '';
  const tag = node.tagName.toLowerCase();
  const p = propsOf(node);
  const kids = () => Array.from(node.childNodes).map(serialize).join('');
  const flags: Record<string, string> = {};
  if (p.hidden) flags.hidden = '';
  switch (tag) {
    case 'wx-image': {
      const mode = p.mode || 'scaleToFill';
      if (mode === 'widthFix') {
        return `<wx-image${attrsOf(node, { ...flags, 'data-mode': mode })}><img src="${esc(absUrl(p.src))}" style="display:block;width:100%;height:auto"></wx-image>`;
      }
      const bg = p.src ? `background-image:url(&quot;${esc(absUrl(p.src))}&quot;);` : '';
      return `<wx-image${attrsOf(node, flags)}><div style="${bg}background-repeat:no-repeat;${IMAGE_MODES[mode] || ''};width:100%;height:100%"></div></wx-image>`;
    }
    case 'wx-input':
    case 'wx-textarea': {
      const value = p.value === null || p.value === undefined ? '' : String(p.value);
      const prefix = scopePrefix(node);
      const phClass = String(p.placeholderClass || '')
        .split(/\s+/)
        .filter(Boolean)
        .map((c: string) => (prefix ? `${prefix}--${c}` : c))
        .join(' ');
      const inner = value
        ? `<div class="wx-input-value">${esc(p.password ? '•'.repeat(value.length) : value)}</div>`
        : `<div class="wx-input-placeholder ${esc(phClass)}" style="${esc(rpx(p.placeholderStyle || ''))}">${esc(p.placeholder || '')}</div>`;
      return `<${tag}${attrsOf(node, flags)}>${inner}${kids()}</${tag}>`;
    }
    case 'wx-button': {
      const extra: Record<string, string> = { ...flags };
      for (const k of ['size', 'type']) if (p[k]) extra[k] = String(p[k]);
      if (p.plain) extra.plain = '';
      if (p.disabled) extra.disabled = '';
      return `<wx-button${attrsOf(node, extra)}>${kids()}</wx-button>`;
    }
    case 'wx-swiper': {
      const current = Number(p.current) || 0;
      const items = Array.from(node.children).filter((c: AnyNode) => c.tagName.toLowerCase() === 'wx-swiper-item');
      let i = 0;
      const body = Array.from(node.childNodes)
        .map((c: AnyNode) => {
          if (c.nodeType === 1 && c.tagName.toLowerCase() === 'wx-swiper-item') {
            const html = serialize(c);
            return i++ === current ? html : html.replace('<wx-swiper-item', '<wx-swiper-item hidden');
          }
          return serialize(c);
        })
        .join('');
      const dots = p.indicatorDots
        ? `<div class="wx-swiper-dots">${items.map((_x, j) => `<span class="wx-swiper-dot${j === current ? ' wx-swiper-dot-active' : ''}"></span>`).join('')}</div>`
        : '';
      return `<wx-swiper${attrsOf(node, flags)}><div class="wx-swiper-wrapper">${body}</div>${dots}</wx-swiper>`;
    }
    case 'wx-scroll-view': {
      const extra: Record<string, string> = { ...flags };
      if (p.scrollX) extra['scroll-x'] = '';
      if (p.scrollY) extra['scroll-y'] = '';
      return `<wx-scroll-view${attrsOf(node, extra)}>${kids()}</wx-scroll-view>`;
    }
    default:
      return `<${tag}${attrsOf(node, flags)}>${kids()}</${tag}>`;
  }
}

/**
 * simulate links Vant's parent/child relations only after the children's `mounted` ran (WeChat links them first),
 * so children rendered after data arrives miss their parent's settings (grid item width NaN%, goods-action button
 * corners). Re-run what the relations would have run.
 */
export async function relink(root: AnyNode): Promise<void> {
  const exparser = require(nodeRequire.resolve('miniprogram-exparser', { paths: [jDir()] }));
  const callers: AnyNode[] = [];
  const walk = (el: AnyNode) => {
    if (el.__wxElement) {
      try {
        const c = exparser.Element.getMethodCaller(el.__wxElement);
        if (c) callers.push(c);
      } catch {
        // not a component
      }
    }
    for (const k of Array.from(el.children ?? [])) walk(k);
  };
  walk(root);
  for (const c of callers) {
    try {
      if (typeof c.updateChildren === 'function' && c.children?.length) c.updateChildren();
      if (typeof c.updateTabs === 'function') c.updateTabs();
      if (typeof c.setActive === 'function' && c.children?.length) c.setActive(c.data.activeKey);
      if (typeof c.updateStyle === 'function' && c.parent) c.updateStyle();
    } catch {
      // best effort
    }
  }
  await sleep(100);
}

/** van-sticky measured 0x0 boxes (no layout in jsdom) and went fixed with no placeholder: at scroll 0 it sits in flow. */
function unstick(html: string): string {
  return html
    .replace(/(<wx-view class="\s*van-sticky--van-sticky"[^>]*?style=")height:0px;?/g, '$1')
    .replace(/ van-sticky--van-sticky-wrap--fixed/g, '');
}

function convertCss(css: string, webviewHeight: number, safeBottom: number): string {
  return rpx(css)
    .replace(/(^|[\s,}>+~(])page(?=[\s,{.:[>+~)]|$)/g, '$1.wx-page')
    .replace(/(-?\d*\.?\d+)vh\b/g, (_a, v: string) => `${(Number(v) * webviewHeight) / 100}px`)
    .replace(/(?:env|constant)\(\s*safe-area-inset-bottom\s*\)/g, `${safeBottom}px`)
    .replace(/(?:env|constant)\(\s*safe-area-inset-(?:top|left|right)\s*\)/g, '0px');
}

export const APP = JSON.parse(fs.readFileSync(path.join(MP_ROOT, 'app.json'), 'utf8'));
export const TAB_PAGES: string[] = (APP.tabBar?.list ?? []).map((t: { pagePath: string }) => t.pagePath);

/**
 * Writes `<dir>/<name>.body.html`, `.css` and `.json` (PageMeta) for a rendered page: what
 * scripts/screens/document.mjs wraps in WeChat's chrome for Chromium.
 */
export function writePage(
  dir: string,
  page: AnyNode,
  info: { name: string; path: string; title?: string; tabBadge?: string | null; mode?: 'screen' | 'full'; problems?: string[] },
): PageMeta {
  const wxssMod = require(path.join(simDir(), 'wxss'));
  const isTab = TAB_PAGES.includes(info.path);
  const pageJson = JSON.parse(fs.readFileSync(path.join(MP_ROOT, `${info.path}.json`), 'utf8'));
  const mode = info.mode ?? (pageJson.disableScroll ? 'screen' : 'full');
  const chrome = DEVICE.statusBar + DEVICE.navBar + (isTab ? DEVICE.tabBar + DEVICE.safeBottom : 0);
  const webviewHeight = DEVICE.height - chrome;
  const safeBottom = isTab ? 0 : DEVICE.safeBottom;
  const doc = (globalThis as any).document;
  const styles = Array.from(doc.head.querySelectorAll('style') as ArrayLike<{ textContent: string }>)
    .map((s) => s.textContent)
    .join('\n');
  const appWxss = wxssMod.getContent(path.join(MP_ROOT, 'app.wxss'));
  // app.wxss also reaches components with addGlobalClass (all of Vant): keep an unprefixed copy too.
  const css = convertCss([appWxss, wxssMod.compile(appWxss, { prefix: 'main' }), styles].join('\n'), webviewHeight, safeBottom);
  const meta: PageMeta = {
    name: info.name,
    path: info.path,
    title: info.title ?? pageJson.navigationBarTitleText ?? APP.window?.navigationBarTitleText ?? '',
    navBackground: pageJson.navigationBarBackgroundColor ?? APP.window?.navigationBarBackgroundColor ?? '#ffffff',
    navTextStyle: pageJson.navigationBarTextStyle ?? APP.window?.navigationBarTextStyle ?? 'black',
    background: pageJson.backgroundColor ?? APP.window?.backgroundColor ?? '#ffffff',
    tab: isTab ? TAB_PAGES.indexOf(info.path) : -1,
    tabBadge: info.tabBadge ?? null,
    mode,
    webviewHeight,
    problems: info.problems ?? [],
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${info.name}.body.html`), unstick(serialize(page.dom)));
  fs.writeFileSync(path.join(dir, `${info.name}.css`), css);
  fs.writeFileSync(path.join(dir, `${info.name}.json`), JSON.stringify(meta, null, 2));
  return meta;
}
