/**
 * What a product shared to Moments carries in its query, so the single-page view (no login, no backend call) can
 * show it: `id=<id>&t=<title>&p=<min fen>[-<max fen>]&img=<first image>`, kept short (the title is cut at
 * SHARE_TITLE_MAX characters). Pure, no wx.
 */
import type { PriceRange } from '../../../../typings/api';

export const SHARE_TITLE_MAX = 24;

/** The product as a share shows it (the single-page view). */
export interface SharedProduct {
  id: string;
  title: string;
  price: PriceRange | null;
  image: string;
}

/** The onShareTimeline query of a product. */
export function timelineQuery(p: { id: string; title: string; price: PriceRange; image?: string }): string {
  const title = [...p.title].slice(0, SHARE_TITLE_MAX).join('');
  const price = p.price.max > p.price.min ? `${p.price.min}-${p.price.max}` : `${p.price.min}`;
  const parts = [`id=${encodeURIComponent(p.id)}`, `t=${encodeURIComponent(title)}`, `p=${price}`];
  if (p.image) parts.push(`img=${encodeURIComponent(p.image)}`);
  return parts.join('&');
}

function decode(value: string | undefined): string {
  if (!value) return '';
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const PRICE = /^(\d{1,10})(?:-(\d{1,10}))?$/;
const IMAGE = /^(https?:\/\/|cloud:\/\/)/;

/** The shared product from a page query (each value as WeChat hands it over: still URI-encoded or not). */
export function sharedProductFromQuery(query: Record<string, string | undefined>): SharedProduct {
  const m = PRICE.exec(decode(query.p));
  const min = m ? Number(m[1]) : NaN;
  const max = m && m[2] ? Number(m[2]) : min;
  const image = decode(query.img);
  return {
    id: decode(query.id),
    title: [...decode(query.t)].slice(0, SHARE_TITLE_MAX).join(''),
    price: m && max >= min ? { min, max } : null,
    image: IMAGE.test(image) ? image : '',
  };
}
