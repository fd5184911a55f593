/**
 * Shipping address rules: field limits, phone formats, the per-shopper cap, and which address is the default.
 * Pure functions; the use case reads and writes the documents.
 *
 * - Text fields are trimmed; lengths count characters (code points), so "张三" is 2 and an emoji is 1.
 *   Control characters (newlines, tabs, ...) are refused: an address is printed on a shipping label.
 * - Phone: a mainland mobile (11 digits, 13x..19x) or a landline with area code (010-12345678, 0571 8888888).
 *   Spaces are not accepted inside a number; the page strips them before sending.
 */
import type { OrderAddress } from '../../typings/api';
import { MAX_ADDRESSES } from '../../typings/api';

export { MAX_ADDRESSES };

export const ADDRESS_LIMITS = {
  name: { min: 1, max: 20, label: '收货人' },
  province: { min: 1, max: 20, label: '省份' },
  city: { min: 1, max: 20, label: '城市' },
  district: { min: 1, max: 20, label: '区县' },
  detail: { min: 2, max: 120, label: '详细地址' },
} as const;

export type AddressTextField = keyof typeof ADDRESS_LIMITS;

export const MOBILE_PHONE = /^1[3-9]\d{9}$/;
export const LANDLINE_PHONE = /^0\d{2,3}-?\d{7,8}$/;

/** The fields of an address (the order's snapshot shape). */
export type AddressFields = OrderAddress;

export type AddressCheck = { ok: true; value: AddressFields } | { ok: false; problems: string[] };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export function isPhone(phone: string): boolean {
  return MOBILE_PHONE.test(phone) || LANDLINE_PHONE.test(phone);
}

/** Trims and checks every field; answers the normalised fields or every problem found (one per field). */
export function checkAddress(input: AddressFields): AddressCheck {
  const problems: string[] = [];
  const value = {} as AddressFields;
  for (const field of Object.keys(ADDRESS_LIMITS) as AddressTextField[]) {
    const { min, max, label } = ADDRESS_LIMITS[field];
    const v = String(input[field] ?? '').trim();
    const n = [...v].length;
    if (n < min || n > max) problems.push(`${field}: ${label}须为 ${min}-${max} 个字`);
    else if (CONTROL.test(v)) problems.push(`${field}: ${label}不能包含换行等控制字符`);
    value[field] = v;
  }
  const phone = String(input.phone ?? '').trim();
  if (!isPhone(phone)) problems.push('phone: 请填写正确的手机号或固定电话（如 13800138000、010-12345678）');
  value.phone = phone;
  return problems.length ? { ok: false, problems } : { ok: true, value };
}

/** Whether a new address is stored as the default: asked for, or the shopper has no default yet (the first one). */
export function newAddressIsDefault(asked: boolean | undefined, hasDefault: boolean): boolean {
  return asked === true || !hasDefault;
}

/** An edit keeps the current flag unless the shopper sets it explicitly. */
export function editedAddressIsDefault(asked: boolean | undefined, current: boolean): boolean {
  return asked === undefined ? current : asked;
}

export interface AddressOrderKey {
  _id: string;
  isDefault: boolean;
  createdAt: number;
  updatedAt: number;
}

/**
 * The list order: the default first, then newest first. Should two documents both say default (two devices
 * setting a default at once), the most recently updated one is the default and the other is shown as not.
 */
export function orderAddresses<T extends AddressOrderKey>(list: readonly T[]): Array<T & { isDefault: boolean }> {
  const newest = (a: T, b: T) => b.createdAt - a.createdAt || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
  const defaults = list.filter((a) => a.isDefault).sort((a, b) => b.updatedAt - a.updatedAt || newest(a, b));
  const def = defaults[0];
  const rest = list.filter((a) => a !== def).sort(newest).map((a) => ({ ...a, isDefault: false }));
  return def ? [{ ...def }, ...rest] : rest;
}

/** After the default is removed: the newest remaining address becomes the default (none if none remain). */
export function nextDefault<T extends AddressOrderKey>(remaining: readonly T[]): T | null {
  if (remaining.some((a) => a.isDefault)) return null;
  return orderAddresses(remaining)[0] ?? null;
}
