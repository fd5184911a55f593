/** Reading fields of a WeChat Pay callback or query answer, which the platform (or a forger) decides. */

/** A non-empty string of at most `max` characters, else null. */
export const str = (v: unknown, max = 64): string | null => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : null);

/** A non-negative safe integer, given as a number or as up to 12 digits, else null. */
export const int = (v: unknown): number | null => {
  const n = typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
};
