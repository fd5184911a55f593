/** Calendar time in Asia/Shanghai (UTC+8 all year, no daylight saving). Pure: `now` is always passed in. */

export const DAY_MS = 86_400_000;
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** yyyyMMddHHmmss in Shanghai (WeChat Pay's time format; order numbers use it without the century). */
export function shanghaiStamp(now: number): string {
  const d = new Date(now + SHANGHAI_OFFSET_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** The last millisecond of the Shanghai calendar day that contains `t`. */
export function endOfShanghaiDay(t: number): number {
  const dayStart = Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
  return dayStart + DAY_MS - 1;
}

/** yyyy-MM-dd HH:mm:ss in Shanghai (WeChat Pay's refund success_time). */
export function shanghaiTime(now: number): string {
  const s = shanghaiStamp(now);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)} ${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}`;
}
