/**
 * WeChat open APIs through wx-server-sdk (the real WechatGateway).
 *
 * unlimitedCode = `cloud.openapi.wxacode.getUnlimited` (a cloud call: no access_token, no AppSecret), then the image
 * goes to cloud storage with `cloud.uploadFile` at `wxacode/<sha1>.<png|jpg>` and the answer is its file id
 * (cloud://...), which an `<image>` shows as it is. The function that calls it must declare the API in its config.json,
 * `"permissions": {"openapi": ["wxacode.getUnlimited"]}` (without it WeChat answers -604101, "function has no permission
 * to call this API"; a changed config takes up to 10 minutes to apply).
 *
 * What WeChat refuses is refused here first, without a call: a scene of 1..32 characters of
 * [A-Za-z0-9!#$&'()*+,/:;=?@-._~] (no %, so nothing URL-encoded, no CJK), a page path without a leading '/' and without
 * parameters, a width of 280..1280 px (default 430). `checkPath: false`: the page need not be published yet (a trial
 * or develop build); `envVersion` (release by default) is which build the code opens.
 *
 * wx-server-sdk answers a success as `{contentType, buffer, errCode: 0, errMsg}` and throws on a failure (WeChat's
 * errcode, e.g. 41030 invalid page, 45009 rate limit; -604101 no permission; a transport error): both become
 * `{ok: false, message}`. WeChat sends the code as image/jpeg (image/png only with is_hyaline), so the stored file's
 * extension follows the content type.
 */
import { createHash } from 'crypto';
import type { UnlimitedCodeInput, UnlimitedCodeResult, WechatGateway } from '../ports/wechat';

export type WxacodeEnvVersion = 'release' | 'trial' | 'develop';

export interface GetUnlimitedRequest {
  scene: string;
  page: string;
  width: number;
  checkPath: boolean;
  envVersion?: WxacodeEnvVersion;
}

/** What wx-server-sdk answers for an openapi call that returns an image. */
export interface WxacodeReply {
  contentType?: string;
  buffer?: Uint8Array;
  errCode?: number;
  errMsg?: string;
}

/** The part of wx-server-sdk this adapter uses. */
export interface WechatCloudSdk {
  openapi: { wxacode: { getUnlimited(req: GetUnlimitedRequest): Promise<WxacodeReply> } };
  uploadFile(req: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID?: string; errMsg?: string }>;
}

export interface WechatCloudConfig {
  /** Which build a code opens (WeChat's default: release). */
  envVersion?: WxacodeEnvVersion;
}

/** WeChat's scene: at most 32 visible characters of this set. */
export const SCENE_PATTERN = /^[A-Za-z0-9!#$&'()*+,/:;=?@\-._~]{1,32}$/;
/** A page path as app.json names it: segments of letters, digits, '-' and '_', no leading '/', no query. */
export const PAGE_PATTERN = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;
export const PAGE_MAX = 128;
export const WIDTH_MIN = 280;
export const WIDTH_MAX = 1280;
export const WIDTH_DEFAULT = 430;

export interface CheckedCode {
  scene: string;
  page: string;
  width: number;
}

/** The input as WeChat would take it, or why WeChat would refuse it (shared with the local sandbox). */
export function checkUnlimitedCode(input: UnlimitedCodeInput): { ok: true; code: CheckedCode } | { ok: false; message: string } {
  const { scene, page, width = WIDTH_DEFAULT } = input;
  if (typeof scene !== 'string' || !SCENE_PATTERN.test(scene)) {
    return { ok: false, message: "scene must be 1..32 characters of A-Z a-z 0-9 ! # $ & ' ( ) * + , / : ; = ? @ - . _ ~ (no %, no CJK)" };
  }
  if (typeof page !== 'string' || page === '') return { ok: false, message: 'page is required (e.g. pages/index/index)' };
  if (page.startsWith('/')) return { ok: false, message: "page must not start with '/' (pages/index/index, not /pages/index/index)" };
  if (page.includes('?')) return { ok: false, message: 'page takes no parameters: put them in scene' };
  if (page.length > PAGE_MAX || !PAGE_PATTERN.test(page)) return { ok: false, message: 'page must be a page path such as pages/index/index' };
  if (typeof width !== 'number' || !Number.isInteger(width) || width < WIDTH_MIN || width > WIDTH_MAX) {
    return { ok: false, message: `width must be an integer of ${WIDTH_MIN}..${WIDTH_MAX} px` };
  }
  return { ok: true, code: { scene, page, width } };
}

/** The stored image's name: sha1 (hex) of what decides the picture. */
export function unlimitedCodeName(code: CheckedCode, envVersion: WxacodeEnvVersion = 'release'): string {
  return createHash('sha1').update([code.scene, code.page, String(code.width), envVersion].join('\n')).digest('hex');
}

/** WXACODE_ENV_VERSION as getUnlimited takes it; anything else is WeChat's default (release). */
export function envVersionFrom(value: string | undefined): WxacodeEnvVersion | undefined {
  return value === 'release' || value === 'trial' || value === 'develop' ? value : undefined;
}

const IMAGE_EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/jpg': 'jpg', 'image/png': 'png' };

/** "<errCode> <errMsg>" out of whatever wx-server-sdk threw or answered. */
function sdkMessage(what: string, err: unknown): string {
  const e = (err ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown };
  const code = typeof e.errCode === 'number' || typeof e.errCode === 'string' ? String(e.errCode) : null;
  const msg = typeof e.errMsg === 'string' && e.errMsg ? e.errMsg : typeof e.message === 'string' && e.message ? e.message : String(err);
  const hint = code === '-604101' ? ' (declare "wxacode.getUnlimited" in the function\'s config.json permissions.openapi)' : '';
  return `${what} failed${code ? ` (${code})` : ''}: ${msg}${hint}`;
}

export function cloudWechatGateway(sdk: WechatCloudSdk, cfg: WechatCloudConfig = {}): WechatGateway {
  return {
    async unlimitedCode(input: UnlimitedCodeInput): Promise<UnlimitedCodeResult> {
      const checked = checkUnlimitedCode(input);
      if (!checked.ok) return checked;
      const { scene, page, width } = checked.code;

      let reply: WxacodeReply;
      try {
        reply = await sdk.openapi.wxacode.getUnlimited({ scene, page, width, checkPath: false, ...(cfg.envVersion ? { envVersion: cfg.envVersion } : {}) });
      } catch (err) {
        return { ok: false, message: sdkMessage('wxacode.getUnlimited', err) };
      }
      if (reply.errCode !== undefined && reply.errCode !== 0) return { ok: false, message: sdkMessage('wxacode.getUnlimited', reply) };
      const ext = IMAGE_EXT[String(reply.contentType ?? '').split(';')[0].trim().toLowerCase()];
      if (!ext) return { ok: false, message: `wxacode.getUnlimited answered ${JSON.stringify(reply.contentType ?? null)}, not an image` };
      if (!(reply.buffer instanceof Uint8Array) || reply.buffer.length === 0) return { ok: false, message: 'wxacode.getUnlimited answered no image' };

      const cloudPath = `wxacode/${unlimitedCodeName(checked.code, cfg.envVersion)}.${ext}`;
      try {
        const up = await sdk.uploadFile({ cloudPath, fileContent: Buffer.from(reply.buffer) });
        if (typeof up.fileID !== 'string' || up.fileID === '') return { ok: false, message: `uploadFile ${cloudPath} answered no fileID` };
        return { ok: true, image: up.fileID };
      } catch (err) {
        return { ok: false, message: sdkMessage(`uploadFile ${cloudPath}`, err) };
      }
    },
  };
}
