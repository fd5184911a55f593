/**
 * Shipping address form rules, mirroring the server's (cloudfunctions/domain/address.ts): text fields trimmed and
 * counted in characters, receiver 1..20, region parts required, detail 2..120, a mainland mobile (or a landline
 * with area code, which the server also takes). Pure, no wx.
 */
import type { Address, OrderAddress, SaveAddressPayload } from '../../typings/api';

export interface AddressForm extends OrderAddress {
  isDefault: boolean;
}

export type AddressFormErrors = Partial<Record<'name' | 'phone' | 'region' | 'detail', string>>;

export const MOBILE_PHONE = /^1[3-9]\d{9}$/;
const LANDLINE_PHONE = /^0\d{2,3}-?\d{7,8}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

export const EMPTY_ADDRESS_FORM: AddressForm = { name: '', phone: '', province: '', city: '', district: '', detail: '', isDefault: false };

const chars = (s: string): number => [...s].length;

/** The phone as sent: spaces and dashes between digit groups of a mobile number removed. */
export function normalizePhone(phone: string): string {
  const trimmed = phone.replace(/\s+/g, '');
  const digits = trimmed.replace(/-/g, '');
  return MOBILE_PHONE.test(digits) ? digits : trimmed;
}

export function isPhone(phone: string): boolean {
  return MOBILE_PHONE.test(phone) || LANDLINE_PHONE.test(phone);
}

/** Every problem of the form, one per field; empty when it can be saved. */
export function validateAddressForm(form: AddressForm): AddressFormErrors {
  const errors: AddressFormErrors = {};
  const name = form.name.trim();
  if (chars(name) < 1) errors.name = '请填写收货人';
  else if (chars(name) > 20) errors.name = '收货人最多 20 个字';
  else if (CONTROL.test(name)) errors.name = '收货人不能包含换行';
  const phone = normalizePhone(form.phone);
  if (!phone) errors.phone = '请填写手机号';
  else if (!isPhone(phone)) errors.phone = '手机号格式不正确';
  const region = [form.province, form.city, form.district].map((s) => s.trim());
  if (region.some((s) => chars(s) < 1)) errors.region = '请选择所在地区';
  else if (region.some((s) => chars(s) > 20)) errors.region = '所在地区不正确';
  const detail = form.detail.trim();
  if (chars(detail) < 2) errors.detail = '详细地址至少 2 个字';
  else if (chars(detail) > 120) errors.detail = '详细地址最多 120 个字';
  else if (CONTROL.test(detail)) errors.detail = '详细地址不能包含换行';
  return errors;
}

/** The payload for user.saveAddress (trimmed; `id` when editing). */
export function toSavePayload(form: AddressForm, id: string | null): SaveAddressPayload {
  const payload: SaveAddressPayload = {
    name: form.name.trim(),
    phone: normalizePhone(form.phone),
    province: form.province.trim(),
    city: form.city.trim(),
    district: form.district.trim(),
    detail: form.detail.trim(),
    isDefault: form.isDefault,
  };
  if (id) payload.id = id;
  return payload;
}

export function formOf(address: Address): AddressForm {
  const { name, phone, province, city, district, detail, isDefault } = address;
  return { name, phone, province, city, district, detail, isDefault };
}

/** What wx.chooseAddress answers (the fields the form takes). */
export interface WechatAddress {
  userName: string;
  telNumber: string;
  provinceName: string;
  cityName: string;
  countyName: string;
  detailInfo: string;
}

/** The form filled from a WeChat address; the default flag stays as it was. */
export function formFromWechat(res: WechatAddress, current: AddressForm): AddressForm {
  return {
    name: res.userName ?? '',
    phone: normalizePhone(res.telNumber ?? ''),
    province: res.provinceName ?? '',
    city: res.cityName ?? '',
    district: res.countyName ?? '',
    detail: res.detailInfo ?? '',
    isDefault: current.isDefault,
  };
}

type Region = Pick<Address, 'province' | 'city' | 'district'>;

/**
 * The region's parts as shown: a municipality's city repeats its province (WeChat's region picker and
 * wx.chooseAddress answer 上海市 / 上海市 / 浦东新区), so it is shown once. Empty parts are left out.
 */
export function regionParts(a: Region): string[] {
  const province = (a.province ?? '').trim();
  const city = (a.city ?? '').trim();
  const district = (a.district ?? '').trim();
  return [province, city === province ? '' : city, district].filter(Boolean);
}

/** "广东省 深圳市 南山区", "上海市 浦东新区" (for the region field); `sep` between the parts. */
export function regionText(a: Region, sep = ' '): string {
  return regionParts(a).join(sep);
}

/** "广东省深圳市南山区科技园 1 号", "上海市浦东新区世纪大道 1 号" (a municipality's repeated city name is shown once). */
export function fullAddress(a: Pick<Address, 'province' | 'city' | 'district' | 'detail'>): string {
  return `${regionText(a, '')}${a.detail}`;
}

/** "138****8000" for lists. */
export function maskPhone(phone: string): string {
  return MOBILE_PHONE.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}
