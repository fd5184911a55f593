/**
 * WeChat open APIs the use cases need (beyond payment). Real: cloud.openapi + cloud storage (adapters/wechat-cloud).
 * Local: a sandbox that draws a real QR code of the scene and serves it (adapters/wechat-sandbox).
 */
export interface UnlimitedCodeInput {
  /** <= 32 visible characters of [A-Za-z0-9!#$&'()*+,/:;=?@-._~]: what the page gets as `scene`. */
  scene: string;
  /** The page the code opens, without a leading slash (must be published). */
  page: string;
  /** Pixels, 280..1280. */
  width?: number;
}

export type UnlimitedCodeResult = { ok: true; image: string } | { ok: false; message: string };

export interface WechatGateway {
  /** wxacode.getUnlimited: a mini program code for `page` carrying `scene`, stored and answered as an image URL / file id. */
  unlimitedCode(input: UnlimitedCodeInput): Promise<UnlimitedCodeResult>;
}
