/**
 * Placeholder product images for the local cloud: `/static/img/<slug>.svg?bg=<hex>&t=<label>`.
 *
 * Renders a square (by default 750x750) SVG with a soft diagonal gradient of `bg`, two translucent
 * decorative circles and a centred label. All input is validated or escaped: `bg` must be 3 or 6 hex
 * digits (an optional leading '#' is allowed), sizes are clamped integers, and the label is stripped of
 * characters XML cannot carry, truncated to 12 characters and entity-escaped.
 *
 * `shape=circle` draws an icon instead (category shortcuts): a coloured disc on a transparent square with the label
 * large in its middle, so a two-character label stays readable at 40 px.
 */

export interface PlaceholderQuery {
  /** Background colour: 3 or 6 hex digits, with or without '#'. Anything else falls back to the default. */
  bg?: string;
  /** Label text; truncated to 12 characters. */
  t?: string;
  /** Width in px (default 750, clamped to 16..2048); a query string's digits are read too. */
  w?: number | string;
  /** Height in px (default: the width, so the image is square; clamped to 16..2048). */
  h?: number | string;
  /** 'circle': an icon (a disc with a large label). Anything else: the rectangular placeholder. */
  shape?: string;
}

export const DEFAULT_BG = 'e5e7eb';
export const DEFAULT_SIZE = 750;
const MIN_SIZE = 16;
const MAX_SIZE = 2048;
const MAX_LABEL_CHARS = 12;

type Rgb = [number, number, number];

/** `bg` as 6 lowercase hex digits, or null when it is not 3 or 6 hex digits. */
export function parseHexColor(bg: unknown): string | null {
  if (typeof bg !== 'string') return null;
  const m = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.exec(bg.trim());
  if (!m) return null;
  const hex = m[1].toLowerCase();
  return hex.length === 3 ? hex.replace(/./g, (c) => c + c) : hex;
}

function toRgb(hex: string): Rgb {
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;
}

function toHex(rgb: Rgb): string {
  return rgb.map((v) => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, '0')).join('');
}

/** Mixes `rgb` towards white (amount > 0) or black (amount < 0). */
function shade(rgb: Rgb, amount: number): Rgb {
  const target = amount > 0 ? 255 : 0;
  const a = Math.abs(amount);
  return rgb.map((v) => v + (target - v) * a) as Rgb;
}

/** WCAG relative luminance, 0 (black) .. 1 (white). */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function clampSize(v: unknown, fallback: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) return fallback;
  return Math.max(MIN_SIZE, Math.min(MAX_SIZE, Math.round(n)));
}

/** Escapes the five XML special characters. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/**
 * The label as at most 12 characters (code points, so emoji and CJK are not split), with whitespace
 * collapsed and characters not allowed in XML 1.0 (control characters, lone surrogates, U+FFFE/U+FFFF) removed.
 */
export function cleanLabel(t: unknown): string {
  if (typeof t !== 'string') return '';
  const chars = Array.from(t.replace(/\s+/g, ' ').trim()).filter((ch) => {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x20) return false;
    if (cp >= 0x7f && cp <= 0x9f) return false;
    if (cp >= 0xd800 && cp <= 0xdfff) return false; // a lone surrogate (pairs are one element of Array.from)
    if (cp === 0xfffe || cp === 0xffff) return false;
    return true;
  });
  const cut = chars.length > MAX_LABEL_CHARS ? chars.slice(0, MAX_LABEL_CHARS - 1).concat('…') : chars;
  return cut.join('').trim();
}

/** Approximate rendered width of a label in em: wide (CJK, emoji) characters ~1em, others ~0.6em. */
function labelWidthEm(label: string): number {
  let w = 0;
  for (const ch of label) w += (ch.codePointAt(0) as number) > 0x2e7f ? 1 : 0.6;
  return w;
}

/** A standalone SVG document for the placeholder query. Never contains unescaped input. */
export function renderPlaceholderSvg(query: PlaceholderQuery): string {
  const q = query ?? {};
  const w = clampSize(q.w, DEFAULT_SIZE);
  const h = clampSize(q.h, w);
  const hex = parseHexColor(q.bg) ?? DEFAULT_BG;
  const rgb = toRgb(hex);
  const light = luminance(rgb) > 0.45;

  const from = toHex(shade(rgb, 0.18));
  const to = toHex(shade(rgb, -0.12));
  const ink = light ? '1f2937' : 'ffffff';
  const deco = light ? '000000' : 'ffffff';

  if (q.shape === 'circle') return renderIconSvg(w, h, rgb, light, cleanLabel(q.t));

  const label = cleanLabel(q.t) || `${w}×${h}`;
  const min = Math.min(w, h);
  const fontSize = Math.max(8, Math.round(Math.min(min * 0.14, (w * 0.8) / Math.max(1, labelWidthEm(label)))));
  // Centre on the x-height without relying on dominant-baseline, which some renderers ignore.
  const baseline = Math.round(h / 2 + fontSize * 0.35);
  const r1 = Math.round(min * 0.42);
  const r2 = Math.round(min * 0.28);

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeXml(label)}">`,
    '<defs>',
    '<linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">',
    `<stop offset="0" stop-color="#${from}"/>`,
    `<stop offset="1" stop-color="#${to}"/>`,
    '</linearGradient>',
    '</defs>',
    `<rect width="${w}" height="${h}" fill="url(#bg)"/>`,
    `<circle cx="${Math.round(w * 0.86)}" cy="${Math.round(h * 0.14)}" r="${r1}" fill="#${deco}" fill-opacity="0.06"/>`,
    `<circle cx="${Math.round(w * 0.12)}" cy="${Math.round(h * 0.9)}" r="${r2}" fill="#${deco}" fill-opacity="0.05"/>`,
    `<text x="${Math.round(w / 2)}" y="${baseline}" text-anchor="middle" font-family="sans-serif" font-size="${fontSize}" font-weight="600" fill="#${ink}">${escapeXml(label)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

/** The icon form: a disc of `bg` (a soft gradient) filling the smaller side, the label large and centred on it. */
function renderIconSvg(w: number, h: number, rgb: Rgb, light: boolean, label: string): string {
  const min = Math.min(w, h);
  const r = Math.round(min / 2);
  const cx = Math.round(w / 2);
  const cy = Math.round(h / 2);
  const from = toHex(shade(rgb, 0.12));
  const to = toHex(shade(rgb, -0.14));
  const ink = light ? '1f2937' : 'ffffff';
  const text = label || '·';
  // Two CJK characters take ~0.72 of the diameter; longer labels shrink to fit the disc.
  const fontSize = Math.max(6, Math.round(Math.min(min * 0.36, (min * 0.74) / Math.max(1, labelWidthEm(text)))));
  const baseline = Math.round(cy + fontSize * 0.36);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${escapeXml(text)}">`,
    '<defs>',
    '<linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">',
    `<stop offset="0" stop-color="#${from}"/>`,
    `<stop offset="1" stop-color="#${to}"/>`,
    '</linearGradient>',
    '</defs>',
    `<circle cx="${cx}" cy="${cy}" r="${r}" fill="url(#bg)"/>`,
    `<text x="${cx}" y="${baseline}" text-anchor="middle" font-family="sans-serif" font-size="${fontSize}" font-weight="700" fill="#${ink}">${escapeXml(text)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
