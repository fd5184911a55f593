/**
 * Dates and durations for display. Pure, no wx. Calendar dates are read in Asia/Shanghai (UTC+8, no DST),
 * whatever the device's time zone, so a shopper abroad sees the same order times as the shop.
 */

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function shanghai(ms: number): Date {
  return new Date(ms + SHANGHAI_OFFSET_MS);
}

/** 1730606400000 -> "2024-11-03 12:00". */
export function formatDateTime(ms: number): string {
  const d = shanghai(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** 1730606400000 -> "2024.11.03". */
export function formatDate(ms: number): string {
  const d = shanghai(ms);
  return `${d.getUTCFullYear()}.${pad2(d.getUTCMonth() + 1)}.${pad2(d.getUTCDate())}`;
}

/** Remaining time: 1799000 -> "29:59", 3723000 -> "01:02:03"; negative counts as 0 ("00:00"). Rounds up to whole seconds. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${pad2(h)}:${pad2(m)}:${pad2(s)}` : `${pad2(m)}:${pad2(s)}`;
}
