/**
 * The local cloud's stand-in for WeChat's open APIs.
 *
 * unlimitedCode refuses what WeChat refuses (the same checks as the real adapter, ./wechat-cloud) and otherwise draws a
 * real QR code (the `qrcode` package; WeChat's round mini program code cannot be drawn offline) as a PNG of `width` px
 * that encodes
 *
 *   wxacode-sandbox:<page>?scene=<scene>
 *
 * verbatim (nothing encoded: page has no '?', so everything after the first "?scene=" is the scene). Scanning it opens
 * nothing; tests decode it back to the scene and page (`parseSandboxCode`). The PNGs stay in memory - the most recently
 * used `capacity` of them (500 by default) - and the answer is `/static/wxacode/<sha1>.png`, which the local gateway
 * serves and the mini program in local mode prefixes with the local cloud's address (services/api.ts assetUrl), as it
 * does for `/static/img/...`. A restart forgets them: the same input draws the same PNG again under the same name.
 */
import QRCode from 'qrcode';
import type { UnlimitedCodeInput, UnlimitedCodeResult, WechatGateway } from '../ports/wechat';
import { checkUnlimitedCode, unlimitedCodeName } from './wechat-cloud';

export const SANDBOX_CODE_PREFIX = 'wxacode-sandbox:';
/** Where the gateway serves a sandbox code; `name` is 40 hex digits. */
export const SANDBOX_CODE_PATH = '/static/wxacode/';
export const SANDBOX_CODE_NAME = /^[0-9a-f]{40}$/;

/** What a sandbox code encodes. */
export function sandboxCodeText(scene: string, page: string): string {
  return `${SANDBOX_CODE_PREFIX}${page}?scene=${scene}`;
}

/** The scene and page a sandbox code's text carries, or null. */
export function parseSandboxCode(text: string): { page: string; scene: string } | null {
  if (!text.startsWith(SANDBOX_CODE_PREFIX)) return null;
  const rest = text.slice(SANDBOX_CODE_PREFIX.length);
  const at = rest.indexOf('?scene=');
  return at < 0 ? null : { page: rest.slice(0, at), scene: rest.slice(at + '?scene='.length) };
}

export interface SandboxWechat extends WechatGateway {
  /** The PNG drawn under this name (40 hex digits), or null (never drawn, or dropped as least recently used). */
  image(name: string): Buffer | null;
  /** How many PNGs are kept now. */
  readonly size: number;
}

/**
 * A black-on-white QR code PNG, `width` px square. No row filter and deflate's default strategy: pngjs's defaults (all
 * five filters tried per row, then run-length-only deflate) give about the same few KB but take 1-3 s per code inside
 * Jest's VM (tens of ms in plain node), and the suites that make codes would crawl.
 */
function draw(text: string, width: number): Promise<Buffer> {
  const rendererOpts = { filterType: 0, deflateStrategy: 0 }; // qrcode passes these to pngjs (and mutates them)
  return QRCode.toBuffer(text, { type: 'png', width, margin: 2, errorCorrectionLevel: 'M', rendererOpts });
}

export function sandboxWechat(opts: { capacity?: number } = {}): SandboxWechat {
  const capacity = Math.max(1, opts.capacity ?? 500);
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const images = new Map<string, Buffer>();
  const touch = (name: string, png: Buffer) => {
    images.delete(name);
    images.set(name, png);
    while (images.size > capacity) images.delete(images.keys().next().value as string);
  };

  return {
    async unlimitedCode(input: UnlimitedCodeInput): Promise<UnlimitedCodeResult> {
      const checked = checkUnlimitedCode(input);
      if (!checked.ok) return checked;
      const { scene, page, width } = checked.code;
      const name = unlimitedCodeName(checked.code);
      const png = images.get(name) ?? await draw(sandboxCodeText(scene, page), width);
      touch(name, png);
      return { ok: true, image: `${SANDBOX_CODE_PATH}${name}.png` };
    },
    image(name: string): Buffer | null {
      if (!SANDBOX_CODE_NAME.test(name)) return null;
      const png = images.get(name);
      if (!png) return null;
      touch(name, png);
      return png;
    },
    get size() {
      return images.size;
    },
  };
}
