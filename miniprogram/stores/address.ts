/**
 * Shipping addresses: the shopper's list (`addressStore`), the address a checkout picked from it, and the
 * edit form (`AddressFormStore`, one per edit page) with the client-side checks that mirror the server's.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { Address } from '../../typings/api';
import { listAddresses, removeAddress, saveAddress } from '../services/user';
import type { AddressForm, AddressFormErrors, WechatAddress } from '../utils/address';
import { EMPTY_ADDRESS_FORM, formFromWechat, formOf, fullAddress, regionText, toSavePayload, validateAddressForm } from '../utils/address';
import type { UiError } from '../utils/errors';
import { toUiError } from '../utils/errors';
import type { ActionResult } from '../utils/result';
import { failure, refusal } from '../utils/result';

export interface AddressView extends Address {
  fullText: string;
}

export class AddressStore {
  list: Address[] = [];
  loading = false;
  loaded = false;
  error: UiError | null = null;
  /** The address a checkout asked for (address list in select mode); taken once by the checkout page. */
  picked: Address | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  get views(): AddressView[] {
    return this.list.map((a) => ({ ...a, fullText: fullAddress(a) }));
  }

  get empty(): boolean {
    return this.loaded && !this.error && this.list.length === 0;
  }

  find(id: string): Address | null {
    return this.list.find((a) => a.id === id) ?? null;
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.receive(await listAddresses());
    } catch (err) {
      this.fail(err);
    }
  }

  /** Saves and reloads the list (a new default changes the others). */
  async save(form: AddressForm, id: string | null): Promise<ActionResult> {
    try {
      await saveAddress(toSavePayload(form, id));
    } catch (err) {
      return failure(err, 'address', '保存失败，请稍后重试');
    }
    await this.load();
    return { ok: true };
  }

  async remove(id: string): Promise<ActionResult> {
    try {
      await removeAddress(id);
    } catch (err) {
      return failure(err, 'address', '删除失败，请稍后重试');
    }
    if (this.picked?.id === id) this.picked = null;
    await this.load();
    return { ok: true };
  }

  pick(id: string): void {
    this.picked = this.find(id);
  }

  /** The picked address, once. */
  takePicked(): Address | null {
    const picked = this.picked;
    this.picked = null;
    return picked;
  }

  private receive(list: Address[]): void {
    this.list = list;
    this.loading = false;
    this.loaded = true;
    this.error = null;
  }

  private fail(err: unknown): void {
    this.loading = false;
    this.error = toUiError(err, 'address');
  }
}

export const addressStore = new AddressStore();

/** One address edit form: new (no id) or an existing address. */
export class AddressFormStore {
  id: string | null = null;
  form: AddressForm = { ...EMPTY_ADDRESS_FORM };
  /** Field problems, shown after the first save attempt and updated while typing from then on. */
  errors: AddressFormErrors = {};
  saving = false;
  private checked = false;

  constructor(private readonly addresses: AddressStore = addressStore) {
    makeAutoObservable<this, 'checked' | 'addresses'>(this, { checked: false, addresses: false });
  }

  get editing(): boolean {
    return this.id !== null;
  }

  /** "广东省 深圳市 南山区", "上海市 浦东新区" (a municipality once), or '' until the region is chosen. */
  get regionText(): string {
    const { province, city, district } = this.form;
    return province && city && district ? regionText(this.form) : '';
  }

  get region(): string[] {
    const { province, city, district } = this.form;
    return [province, city, district];
  }

  /** Opens the form for a new address, or for `address` (from the list). */
  open(address: Address | null): void {
    this.id = address?.id ?? null;
    this.form = address ? formOf(address) : { ...EMPTY_ADDRESS_FORM };
    this.errors = {};
    this.checked = false;
  }

  setField(field: 'name' | 'phone' | 'detail', value: string): void {
    this.form = { ...this.form, [field]: value };
    this.recheck();
  }

  setRegion(region: readonly string[]): void {
    const [province = '', city = '', district = ''] = region;
    this.form = { ...this.form, province, city, district };
    this.recheck();
  }

  setDefault(isDefault: boolean): void {
    this.form = { ...this.form, isDefault };
  }

  /** 导入微信地址. */
  fillFromWechat(res: WechatAddress): void {
    this.form = formFromWechat(res, this.form);
    this.recheck();
  }

  /** Checks the form, then saves it; answers the first problem when there is one. */
  async submit(): Promise<ActionResult> {
    if (this.saving) return refusal('正在保存');
    this.checked = true;
    this.errors = validateAddressForm(this.form);
    const first = Object.values(this.errors)[0];
    if (first) return refusal(first);
    this.setSaving(true);
    const result = await this.addresses.save(this.form, this.id);
    this.setSaving(false);
    return result;
  }

  private recheck(): void {
    if (this.checked) this.errors = validateAddressForm(this.form);
  }

  private setSaving(saving: boolean): void {
    this.saving = saving;
  }
}
