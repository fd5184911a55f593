/**
 * Live commerce helpers, pure (no wx): the live-player-plugin's room URL, reading what the plugin hands our product
 * page (`room_id`, `custom_params`), and the words and paths the live pages share.
 */
import type { LiveRoom, LiveStatus } from '../../typings/api';
import { formatDateTime } from './time';

/** The live-player-plugin's provider (app.json declares it in the live subpackage). */
export const LIVE_PLUGIN_APPID = 'wx2b03c6e691cd7370';
/** WeChat cuts custom_params at 600 characters (encoded). */
export const CUSTOM_PARAMS_MAX = 600;

export const LIVE_LIST_PATH = '/packages/live/pages/list/index';

/** Our room page (cover, goods, coupons, lottery, the way into the plugin). */
export function roomPagePath(roomId: string): string {
  return `/packages/live/pages/room/index?roomId=${encodeURIComponent(roomId)}`;
}

/** The product page opened from a room: `room_id` as the plugin passes it, so the room's live price applies. */
export function liveProductPath(productId: string, roomId: string): string {
  return `/packages/goods/pages/detail/index?id=${encodeURIComponent(productId)}&room_id=${encodeURIComponent(roomId)}`;
}

/**
 * The plugin's room page for `roomId`, carrying `params` as custom_params (JSON, URI-encoded). Parameters that would
 * not fit WeChat's 600 characters are left out whole (a cut JSON would not parse).
 */
export function pluginRoomUrl(roomId: string, params: Record<string, string> = {}): string {
  let custom = encodeURIComponent(JSON.stringify(params));
  if (custom.length >= CUSTOM_PARAMS_MAX) custom = encodeURIComponent('{}');
  return `plugin-private://${LIVE_PLUGIN_APPID}/pages/live-player-plugin?room_id=${encodeURIComponent(roomId)}&custom_params=${custom}`;
}

/** A room id from a page query or the plugin: plain characters only. */
const ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/;

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The room a page was opened for: the plugin's `room_id`, or our own `roomId`. null when absent or not an id. */
export function roomIdFromQuery(query: Record<string, string | undefined>): string | null {
  const raw = query.room_id ?? query.roomId;
  if (raw === undefined || raw === '') return null;
  const id = safeDecode(String(raw));
  return ROOM_ID.test(id) ? id : null;
}

/**
 * The plugin's `custom_params` (JSON, URI-encoded, maybe twice): the object, or {} when absent or unreadable. Only
 * string values are kept.
 */
export function parseCustomParams(raw: string | undefined): Record<string, string> {
  if (!raw) return {};
  let text = raw;
  for (let i = 0; i < 3; i += 1) {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
      return out;
    } catch {
      const decoded = safeDecode(text);
      if (decoded === text) return {};
      text = decoded;
    }
  }
  return {};
}

export const LIVE_STATUS_TEXT: Record<LiveStatus, string> = { live: '直播中', upcoming: '预告', ended: '回放' };

/** The list's tabs, in order. */
export const LIVE_TABS: ReadonlyArray<{ status: LiveStatus; title: string }> = [
  { status: 'live', title: '直播中' },
  { status: 'upcoming', title: '预告' },
  { status: 'ended', title: '回放' },
];

/** "11-20 20:00" (Asia/Shanghai). */
export function shortDateTime(ms: number): string {
  return formatDateTime(ms).slice(5);
}

/** A room card's status tag: 直播中, "11-20 20:00 开播", 回放 (or 已结束 before the replay exists). */
export function roomTagText(room: Pick<LiveRoom, 'status' | 'startTime' | 'replayUrl'>): string {
  if (room.status === 'live') return '直播中';
  if (room.status === 'upcoming') return `${shortDateTime(room.startTime)} 开播`;
  return room.replayUrl ? '回放' : '已结束';
}

/** "2026-11-20 20:00 - 22:00" (the end's date too when it is another day). */
export function roomTimeText(room: Pick<LiveRoom, 'startTime' | 'endTime'>): string {
  const start = formatDateTime(room.startTime);
  const end = formatDateTime(room.endTime);
  return `${start} - ${end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : end}`;
}

/**
 * A Channels notice's start time (wx.getChannelsLiveNoticeInfo answers a string of seconds since the epoch) in
 * epoch ms; null when unreadable.
 */
export function noticeStartMs(startTime: string | number | undefined): number | null {
  const n = Number(startTime);
  if (!Number.isFinite(n) || n <= 0) return null;
  return n < 1e12 ? n * 1000 : n;
}
