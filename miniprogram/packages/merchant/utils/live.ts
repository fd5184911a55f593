/**
 * The live workbench's display rules: room and audit words, WeChat's limits on a new room (hints only: the server
 * decides), yuan typed by the merchant -> integer fen, when 讲解 is possible, and the dashboard's timeline chart.
 * Pure, no wx.
 */
import type { LiveAuditStatus, LiveGoods, LiveStats, LiveStatus, LotteryStatus, MerchantLiveRoom } from '../../../../typings/api';
import { isApiCallError } from '../../../services/api';
import { hasCjk } from '../../../utils/errors';
import type { ActionFailure } from '../../../utils/result';
import { failure } from '../../../utils/result';
import { formatDateTime } from '../../../utils/time';

export const MINUTE_MS = 60_000;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

// ---------- rooms ----------

/** WeChat's live_status in the workbench's words (101 live ... 107 expired). */
export const LIVE_STATUS_TEXT: Readonly<Record<number, string>> = {
  101: '直播中',
  102: '未开始',
  103: '已结束',
  104: '已禁播',
  105: '暂停中',
  106: '直播异常',
  107: '已过期',
};

const PHASE_TEXT: Readonly<Record<LiveStatus, string>> = { live: '直播中', upcoming: '未开始', ended: '已结束' };

/** Vant tag types of a room's phase. */
export const PHASE_TAG: Readonly<Record<LiveStatus, 'danger' | 'primary' | 'default'>> = { live: 'danger', upcoming: 'primary', ended: 'default' };

export function roomStatusText(room: { status: LiveStatus; liveStatus: number }): string {
  return LIVE_STATUS_TEXT[room.liveStatus] ?? PHASE_TEXT[room.status] ?? room.status;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** 20:05 in Asia/Shanghai. */
export function formatHm(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** "2025-03-12 20:00 - 22:00" (the end's date too when it is another day). */
export function roomTimeText(start: number, end: number): string {
  const a = formatDateTime(start);
  const b = formatDateTime(end);
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} - ${b.slice(11)}` : `${a} - ${b}`;
}

/** 9000000 -> "2 小时 30 分钟", 1800000 -> "30 分钟". */
export function durationText(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / MINUTE_MS));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} 分钟`;
  return m === 0 ? `${h} 小时` : `${h} 小时 ${m} 分钟`;
}

// ---------- creating a room: WeChat's limits, as hints ----------

/** WeChat's limits on room/create (as cloudfunctions/domain/live.ts ROOM_RULES; the server checks them again). */
export const ROOM_LIMITS = {
  minLeadMs: 10 * MINUTE_MS,
  maxLeadMs: 183 * 24 * 60 * MINUTE_MS,
  minDurationMs: 30 * MINUTE_MS,
  maxDurationMs: 24 * 60 * MINUTE_MS,
  /** Widths: a Chinese character counts 2, a letter or digit 1. */
  nameWidth: [6, 34] as const,
  anchorWidth: [4, 30] as const,
};

const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u;

/** How WeChat measures a name: a Chinese (wide) character 2, anything else 1. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

export interface RoomFormValues {
  name: string;
  anchorName: string;
  startTime: number;
  endTime: number;
}

export type RoomFormHints = Partial<Record<keyof RoomFormValues, string>>;

/**
 * What WeChat is likely to refuse in this form at `now` (the device's clock), per field. Hints: the page shows them
 * but sends anyway (the server's clock and WeChat's rules decide); only an empty name or anchor is not sent.
 */
export function roomFormHints(v: RoomFormValues, now: number): RoomFormHints {
  const hints: RoomFormHints = {};
  const name = v.name.trim();
  const anchor = v.anchorName.trim();
  const nw = textWidth(name);
  if (!name) hints.name = '请填写直播间名称';
  else if (nw < ROOM_LIMITS.nameWidth[0] || nw > ROOM_LIMITS.nameWidth[1]) hints.name = '名称需 3 到 17 个汉字（2 个字母或数字算 1 个汉字）';
  const aw = textWidth(anchor);
  if (!anchor) hints.anchorName = '请填写主播昵称';
  else if (aw < ROOM_LIMITS.anchorWidth[0] || aw > ROOM_LIMITS.anchorWidth[1]) hints.anchorName = '主播昵称需 2 到 15 个汉字';
  if (v.startTime < now + ROOM_LIMITS.minLeadMs) hints.startTime = '开播时间需在 10 分钟之后';
  else if (v.startTime > now + ROOM_LIMITS.maxLeadMs) hints.startTime = '开播时间不能在 6 个月之后';
  const d = v.endTime - v.startTime;
  if (d < ROOM_LIMITS.minDurationMs) hints.endTime = '直播时长不能短于 30 分钟';
  else if (d > ROOM_LIMITS.maxDurationMs) hints.endTime = '直播时长不能超过 24 小时';
  return hints;
}

/** The form's first times: the next whole half hour at least 30 minutes from now, for two hours. */
export function defaultRoomTimes(now: number): { startTime: number; endTime: number } {
  const half = 30 * MINUTE_MS;
  const startTime = Math.ceil((now + half) / half) * half;
  return { startTime, endTime: startTime + 4 * half };
}

// ---------- goods ----------

export const AUDIT_TEXT: Readonly<Record<LiveAuditStatus, string>> = {
  submitting: '提交中',
  pending: '审核中',
  approved: '已通过',
  rejected: '未通过',
};

export const AUDIT_TAG: Readonly<Record<LiveAuditStatus, 'default' | 'warning' | 'success' | 'danger'>> = {
  submitting: 'default',
  pending: 'warning',
  approved: 'success',
  rejected: 'danger',
};

/** 讲解 is offered for approved goods of a room that is live now (and not the one being explained). */
export function canPush(room: Pick<MerchantLiveRoom, 'status'>, goods: Pick<LiveGoods, 'auditStatus' | 'explaining'>): boolean {
  return room.status === 'live' && goods.auditStatus === 'approved' && !goods.explaining;
}

/** Why 讲解 is not offered ('' when it is). */
export function pushBlockedReason(room: Pick<MerchantLiveRoom, 'status'>, goods: Pick<LiveGoods, 'auditStatus' | 'explaining'>): string {
  if (goods.explaining) return '';
  if (goods.auditStatus !== 'approved') return '审核通过后可讲解';
  if (room.status !== 'live') return '开播后可讲解';
  return '';
}

/** The most a live price may be: one million yuan, in fen (far above anything sold; keeps typos out). */
export const LIVE_PRICE_MAX_FEN = 100_000_000;

export type YuanParse = { ok: true; fen: number | null } | { ok: false; message: string };

/**
 * A price in yuan as typed ("12", "12.5", "12.50", "¥ 0.99") -> integer fen, by string arithmetic (no floating point).
 * Empty -> `fen: null` (no live price: the normal price). More than two decimals, zero, negative or not a number is
 * refused with the line to show.
 */
export function yuanToFen(input: string): YuanParse {
  const text = String(input ?? '').trim().replace(/^[¥￥]\s*/, '');
  if (text === '') return { ok: true, fen: null };
  const m = /^(\d{1,7})(?:\.(\d{0,2}))?$/.exec(text) ?? /^()\.(\d{1,2})$/.exec(text);
  if (!m) return { ok: false, message: /^\d*\.\d{3,}$/.test(text) ? '价格最多两位小数' : '请输入正确的价格，如 19.90' };
  const fen = Number(m[1] || '0') * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (fen <= 0) return { ok: false, message: '直播价需大于 0' };
  if (fen > LIVE_PRICE_MAX_FEN) return { ok: false, message: '直播价过高，请检查' };
  return { ok: true, fen };
}

// ---------- lotteries ----------

export const LOTTERY_TEXT: Readonly<Record<LotteryStatus, string>> = { running: '进行中', drawing: '开奖中', drawn: '已开奖' };
export const LOTTERY_TAG: Readonly<Record<LotteryStatus, 'danger' | 'warning' | 'success'>> = { running: 'danger', drawing: 'warning', drawn: 'success' };

export const LOTTERY_LIMITS = { winners: [1, 100] as const, minutes: [1, 60] as const };

// ---------- failures ----------

/**
 * A failed live call in the merchant's words. WeChat's refusal is shown as the server words it ("创建直播间失败：微信返回
 * 300036 ...": the merchant needs WeChat's errcode to act on it; a shopper never sees these), prefixed when it has no
 * Chinese; NOT_LIVE says the room is not live; the rest as the workbench words them.
 */
export function liveFailure(err: unknown, fallback: string): ActionFailure {
  if (isApiCallError(err, 'WECHAT_REFUSED')) {
    const message = hasCjk(err.message) ? err.message : `微信未通过：${err.message || '请稍后重试'}`;
    return { ok: false, code: err.code, message };
  }
  if (isApiCallError(err, 'NOT_LIVE')) return { ok: false, code: err.code, message: hasCjk(err.message) ? err.message : '直播间当前未在直播' };
  if (isApiCallError(err, 'INVALID_INPUT') && hasCjk(err.message)) {
    // "startTime: 开播时间需在 10 分钟之后": the field names are not for the merchant.
    return { ok: false, code: err.code, message: err.message.replace(/^[\x20-\x7e]*:\s*/, '') };
  }
  return failure(err, 'merchant', fallback);
}

// ---------- the dashboard's timeline chart ----------

/** The most bars the chart draws; a longer timeline is grouped into buckets of several minutes. */
export const CHART_MAX_BARS = 180;
/** Colours of the explained products, in order of first appearance; NONE_COLOR when nothing was explained. */
export const CHART_COLORS: readonly string[] = ['#ee0a24', '#1989fa', '#07c160', '#ff976a', '#7232dd', '#00bcd4', '#f2b100', '#795548'];
export const NONE_COLOR = '#c8c9cc';
/** Rows of marks above the bars. */
export const CHART_MARK_LEVELS = 3;
/** A bar and its gap, and a mark's widest label, in rpx (the page's wxss draws them so). */
export const CHART_BAR_RPX = 22;
export const CHART_MARK_MAX_RPX = 200;

/** How many bars a mark's label covers: 10rpx per unit of WeChat's width (a Chinese character 20rpx), at most 200rpx. */
function markSpan(title: string): number {
  return Math.ceil(Math.min(CHART_MARK_MAX_RPX, textWidth(title) * 10 + 8) / CHART_BAR_RPX);
}

export interface ChartBar {
  /** The bucket's first minute (epoch ms). */
  minute: number;
  orders: number;
  gmv: number;
  /** Percent of the chart's height: gmv over the tallest bar's (a bar with sales is at least 1%). */
  height: number;
  productId: string | null;
  color: string;
  /** The explained product's title where it changes from the bar before (with sales), else ''. */
  mark: string;
  /** The mark's row above the bars (0 top .. CHART_MARK_LEVELS - 1): the first row its label fits in without overlapping. */
  markLevel: number;
  /** HH:mm under the bar every few bars, else ''. */
  tick: string;
}

export interface ChartLegend {
  productId: string | null;
  title: string;
  color: string;
}

export interface Chart {
  bars: ChartBar[];
  legend: ChartLegend[];
  /** Minutes per bar (1 unless the timeline was longer than CHART_MAX_BARS minutes). */
  bucketMinutes: number;
  maxGmv: number;
}

/**
 * The timeline (one point per minute with a payment) as bars: every minute from the first to the last (empty ones
 * at 0), heights proportional to GMV, coloured by what was being explained, marked where that changes.
 */
export function timelineChart(timeline: LiveStats['timeline'], titles: Readonly<Record<string, string>>, ticksEvery = 10): Chart {
  const points = [...timeline].sort((a, b) => a.minute - b.minute);
  if (points.length === 0) return { bars: [], legend: [], bucketMinutes: 1, maxGmv: 0 };
  const first = Math.floor(points[0].minute / MINUTE_MS) * MINUTE_MS;
  const last = Math.floor(points[points.length - 1].minute / MINUTE_MS) * MINUTE_MS;
  const span = (last - first) / MINUTE_MS + 1;
  const bucketMinutes = Math.max(1, Math.ceil(span / CHART_MAX_BARS));
  const count = Math.ceil(span / bucketMinutes);
  const buckets = Array.from({ length: count }, (_, i) => ({ minute: first + i * bucketMinutes * MINUTE_MS, orders: 0, gmv: 0, productId: null as string | null, filled: false }));
  for (const p of points) {
    const b = buckets[Math.floor((Math.floor(p.minute / MINUTE_MS) * MINUTE_MS - first) / (bucketMinutes * MINUTE_MS))];
    b.orders += p.orders;
    b.gmv += Math.max(0, p.gmv);
    b.productId = p.explainingProductId; // the bucket's last minute with sales says what was explained
    b.filled = true;
  }
  const maxGmv = Math.max(0, ...buckets.map((b) => b.gmv));
  const colors = new Map<string | null, string>();
  const legend: ChartLegend[] = [];
  const colorOf = (id: string | null): string => {
    let c = colors.get(id);
    if (!c) {
      c = id === null ? NONE_COLOR : CHART_COLORS[[...colors.keys()].filter((k) => k !== null).length % CHART_COLORS.length];
      colors.set(id, c);
      legend.push({ productId: id, title: id === null ? '未讲解' : titles[id] ?? '已移除的商品', color: c });
    }
    return c;
  };
  let previous: string | null | undefined;
  /** Per row: the first bar after the last label placed in it. */
  const rowFree = Array.from({ length: CHART_MARK_LEVELS }, () => 0);
  const bars = buckets.map((b, i): ChartBar => {
    let mark = '';
    let markLevel = 0;
    if (b.filled) {
      if (b.productId !== previous && b.productId !== null) {
        mark = titles[b.productId] ?? '已移除的商品';
        // The first row free at this bar; when none is, the one that frees first (the labels then overlap a little).
        const free = rowFree.findIndex((end) => end <= i);
        markLevel = free >= 0 ? free : rowFree.indexOf(Math.min(...rowFree));
        rowFree[markLevel] = i + markSpan(mark);
      }
      previous = b.productId;
    }
    const height = maxGmv > 0 ? Math.round((b.gmv * 1000) / maxGmv) / 10 : 0;
    return {
      minute: b.minute,
      orders: b.orders,
      gmv: b.gmv,
      height: b.gmv > 0 ? Math.max(1, height) : 0,
      productId: b.filled ? b.productId : null,
      color: b.filled ? colorOf(b.productId) : NONE_COLOR,
      mark,
      markLevel,
      // Every `ticksEvery` bars, and the last bar when it is far enough from the tick before.
      tick: i % ticksEvery === 0 || (i === count - 1 && i % ticksEvery >= ticksEvery / 2) ? formatHm(b.minute) : '',
    };
  });
  return { bars, legend, bucketMinutes, maxGmv };
}
