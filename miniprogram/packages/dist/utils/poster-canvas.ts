/**
 * Drawing a poster on a 2d canvas and saving it to the album. The one place money becomes text outside wxs: a
 * canvas is drawn from JS, and wxs cannot be called from JS (posterPrice mirrors format.wxs yuan).
 */

/** The poster in canvas px (the canvas is sized to it). */
export const POSTER_W = 600;
export const POSTER_H = 960;

export interface PosterContent {
  image: string;
  title: string;
  priceText: string;
  code: string;
  nickname: string;
}

/** 5900 -> "¥59.00", as format.wxs yuan words it. */
export function posterPrice(fen: number): string {
  const v = Math.max(0, Math.round(fen));
  const cents = v % 100;
  return `¥${Math.floor(v / 100)}.${cents < 10 ? '0' : ''}${cents}`;
}

type Canvas2d = WechatMiniprogram.Canvas;
/** The part of a 2d context the poster uses (the typings have no DOM lib). */
interface Ctx {
  fillStyle: string;
  font: string;
  scale(x: number, y: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
  drawImage(image: unknown, x: number, y: number, w: number, h: number): void;
}

function loadImage(canvas: Canvas2d, src: string): Promise<WechatMiniprogram.Image | null> {
  if (!src) return Promise.resolve(null);
  return new Promise((resolve) => {
    const img = canvas.createImage();
    img.onload = () => resolve(img);
    img.onerror = () => resolve(null);
    img.src = src;
  });
}

/** Breaks `text` into at most `maxLines` lines of `width` px ("…" when cut). */
function lines(ctx: Ctx, text: string, width: number, maxLines: number): string[] {
  const out: string[] = [];
  let line = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i += 1) {
    const next = line + chars[i];
    if (ctx.measureText(next).width > width && line) {
      if (out.length === maxLines - 1) {
        out.push(`${line.slice(0, -1)}…`);
        return out;
      }
      out.push(line);
      line = chars[i];
    } else line = next;
  }
  if (line) out.push(line);
  return out;
}

/** Draws the poster on `canvas` (a node from SelectorQuery fields({node: true})). */
export async function drawPoster(canvas: Canvas2d, content: PosterContent, dpr: number): Promise<void> {
  canvas.width = POSTER_W * dpr;
  canvas.height = POSTER_H * dpr;
  const ctx = canvas.getContext('2d') as unknown as Ctx;
  ctx.scale(dpr, dpr);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, POSTER_W, POSTER_H);
  const [image, code] = await Promise.all([loadImage(canvas, content.image), loadImage(canvas, content.code)]);
  if (image) ctx.drawImage(image, 30, 30, 540, 540);
  ctx.fillStyle = '#323233';
  ctx.font = '30px sans-serif';
  lines(ctx, content.title, 540, 2).forEach((l, i) => ctx.fillText(l, 30, 620 + i * 42));
  if (content.priceText) {
    ctx.fillStyle = '#ee0a24';
    ctx.font = 'bold 40px sans-serif';
    ctx.fillText(content.priceText, 30, 720);
  }
  ctx.fillStyle = '#f2f3f5';
  ctx.fillRect(30, 760, 540, 1);
  ctx.fillStyle = '#323233';
  ctx.font = 'bold 28px sans-serif';
  ctx.fillText(content.nickname, 30, 840);
  ctx.fillStyle = '#969799';
  ctx.font = '24px sans-serif';
  ctx.fillText('为你推荐 · 长按识别小程序码', 30, 884);
  if (code) ctx.drawImage(code, 410, 780, 160, 160);
}

/** The canvas as a temp file, then into the album; answers what the shopper is told. */
export async function savePoster(canvas: Canvas2d): Promise<'saved' | 'denied' | 'failed'> {
  let tempFilePath: string;
  try {
    tempFilePath = (await wx.canvasToTempFilePath({ canvas } as unknown as WechatMiniprogram.CanvasToTempFilePathOption)).tempFilePath;
  } catch {
    return 'failed';
  }
  try {
    await wx.saveImageToPhotosAlbum({ filePath: tempFilePath });
    return 'saved';
  } catch (err) {
    const msg = (err as { errMsg?: string }).errMsg ?? '';
    return /auth|deny|denied/i.test(msg) ? 'denied' : 'failed';
  }
}
