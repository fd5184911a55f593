/**
 * Distribution sharing, pure (no wx): which target a page shares, the share path with the distributor's token
 * (`st`), and the token a launch carries - a link's `st`, or a poster code's `scene` (wxacode.getUnlimited hands the
 * page `scene` URI-encoded; the poster's scene is the token itself).
 */
import type { ShareTarget } from '../../typings/api';

/** What wxacode's scene and a share token may hold (the server's SHARE_TOKEN). */
const TOKEN = /^[A-Za-z0-9]{1,32}$/;

/** One key per target: tokens are cached per key. */
export function targetKey(target: ShareTarget): string {
  return target.type === 'home' ? 'home' : `product:${target.id}`;
}

/** The page path a target opens, without a token. */
export function targetPath(target: ShareTarget): string {
  return target.type === 'home' ? '/pages/home/index' : `/packages/goods/pages/detail/index?id=${encodeURIComponent(target.id)}`;
}

/** `path` with `st=<token>` added (or replaced). */
export function withShareToken(path: string, token: string): string {
  const [base, query = ''] = path.split('?');
  const parts = query.split('&').filter((p) => p !== '' && !p.startsWith('st='));
  parts.push(`st=${encodeURIComponent(token)}`);
  return `${base}?${parts.join('&')}`;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The share token of an entry's query: `st` (a link), else a poster code's `scene` (decoded; either the token itself
 * or `st=<token>&...`). null when there is none or it is not a token.
 */
export function shareTokenFromQuery(query: Record<string, string | undefined> | undefined): string | null {
  if (!query) return null;
  if (query.st) {
    const st = safeDecode(query.st);
    return TOKEN.test(st) ? st : null;
  }
  if (!query.scene) return null;
  const scene = safeDecode(query.scene);
  if (TOKEN.test(scene)) return scene;
  for (const part of scene.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === 'st') {
      const st = part.slice(eq + 1);
      return TOKEN.test(st) ? st : null;
    }
  }
  return null;
}

/**
 * The query `user.enter` is sent: the entry's query as it is, with a poster's decoded scene as `st` (the server
 * reads only `st`).
 */
export function enterQuery(query: Record<string, string | undefined> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(query ?? {})) if (typeof v === 'string') out[k] = v;
  const token = shareTokenFromQuery(query);
  if (token) out.st = token;
  else delete out.st;
  return out;
}
