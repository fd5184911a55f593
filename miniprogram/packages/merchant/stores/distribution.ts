/**
 * The merchant's distribution desk: distributors by status (approve / reject with a note, freeze / unfreeze),
 * withdrawals by status (approve = paid out by the shop's method, reject with the reason: the money goes back),
 * and the distribution settings. An answered item leaves its tab when its new status is not the tab's.
 */
import { action, makeAutoObservable, makeObservable, observable } from 'mobx-miniprogram';
import type { DistributionSettings, MerchantDistributor, MerchantWithdrawal, Page } from '../../../../typings/api';
import { PagedList } from '../../../stores/paged-list';
import type { UiError } from '../../../utils/errors';
import { toUiError } from '../../../utils/errors';
import type { ActionResult } from '../../../utils/result';
import { failure, refusal } from '../../../utils/result';
import { formatDateTime } from '../../../utils/time';
import {
  fetchDistributionSettings,
  freezeDistributor,
  listDistributors,
  listWithdrawalQueue,
  reviewDistributor,
  reviewWithdrawal,
  saveDistributionSettings,
} from '../services/merchant';
import { DISTRIBUTOR_TABS, WITHDRAWAL_TABS, WITHDRAWAL_TEXT } from '../utils/merchant';

export const DIST_NOTE_MAX = 100;

export function toDistributorCard(d: MerchantDistributor) {
  return {
    openid: d.openid,
    nickname: d.nickname || '微信用户',
    realName: d.realName,
    phone: d.phone,
    reason: d.reason,
    status: d.status,
    levelName: d.level?.name ?? '',
    inviter: d.inviter?.nickname ?? '',
    balance: d.balance,
    stats: d.stats,
    appliedText: formatDateTime(d.appliedAt),
  };
}

export function toWithdrawalCard(w: MerchantWithdrawal) {
  return {
    id: w.id,
    nickname: w.nickname || '微信用户',
    realName: w.realName,
    amount: w.amount,
    status: w.status,
    statusText: WITHDRAWAL_TEXT[w.status] ?? w.status,
    createdText: formatDateTime(w.createdAt),
    reviewedText: w.reviewedAt ? formatDateTime(w.reviewedAt) : '',
    note: w.note ?? '',
    methodText: w.method === 'wechat_transfer' ? '微信商家转账' : w.method === 'manual' ? '线下打款' : '',
  };
}

/** A list by tab whose items the merchant answers one at a time. */
abstract class AnsweredList<T> extends PagedList<T> {
  tab = 0;
  /** The item an answer is running on. */
  acting: string | null = null;

  constructor(private readonly idOf: (item: T) => string) {
    super(idOf, 'merchant');
    makeObservable<AnsweredList<T>, 'setActing' | 'answered'>(this, { tab: observable, acting: observable, reset: action, setActing: action, answered: action });
  }

  protected abstract statusOf(item: T): string;
  protected abstract get tabStatus(): string;

  reset(index: number): Promise<void> {
    this.startOver();
    this.tab = index;
    return this.loadFirst();
  }

  protected async answer(id: string, run: () => Promise<T>): Promise<ActionResult> {
    if (this.acting) return refusal('正在处理，请稍候');
    this.setActing(id);
    try {
      this.answered(await run());
      return { ok: true };
    } catch (err) {
      void this.refresh();
      return failure(err, 'merchant', '操作失败，请稍后重试');
    } finally {
      this.setActing(null);
    }
  }

  private setActing(id: string | null): void {
    this.acting = id;
  }

  private answered(next: T): void {
    this.changedFrom = 0;
    const id = this.idOf(next);
    this.items = this.statusOf(next) === this.tabStatus ? this.items.map((i) => (this.idOf(i) === id ? next : i)) : this.items.filter((i) => this.idOf(i) !== id);
  }
}

export class DistributorDesk extends AnsweredList<MerchantDistributor> {
  constructor() {
    super((d) => d.openid);
  }

  protected statusOf(d: MerchantDistributor): string {
    return d.status;
  }

  protected get tabStatus(): string {
    return (DISTRIBUTOR_TABS[this.tab] ?? DISTRIBUTOR_TABS[0]).status;
  }

  approve(openid: string): Promise<ActionResult> {
    return this.answer(openid, () => reviewDistributor(openid, true));
  }

  reject(openid: string, note: string): Promise<ActionResult> {
    const text = note.trim();
    if (text.length > DIST_NOTE_MAX) return Promise.resolve(refusal(`原因最多 ${DIST_NOTE_MAX} 字`));
    return this.answer(openid, () => reviewDistributor(openid, false, text || undefined));
  }

  freeze(openid: string, frozen: boolean): Promise<ActionResult> {
    return this.answer(openid, () => freezeDistributor(openid, frozen));
  }

  protected fetchPage(cursor: string | null): Promise<Page<MerchantDistributor>> {
    const status = (DISTRIBUTOR_TABS[this.tab] ?? DISTRIBUTOR_TABS[0]).status;
    return listDistributors(cursor ? { status, cursor } : { status });
  }
}

export class WithdrawalDesk extends AnsweredList<MerchantWithdrawal> {
  constructor() {
    super((w) => w.id);
  }

  protected statusOf(w: MerchantWithdrawal): string {
    return w.status;
  }

  protected get tabStatus(): string {
    return (WITHDRAWAL_TABS[this.tab] ?? WITHDRAWAL_TABS[0]).status;
  }

  /** 标记已打款 (manual payout) or start the transfer (wechat_transfer): the shop's payout method decides. */
  approve(id: string): Promise<ActionResult> {
    return this.answer(id, () => reviewWithdrawal(id, true));
  }

  /** 驳回: the reason is required (the distributor reads it); the money goes back to their balance. */
  reject(id: string, note: string): Promise<ActionResult> {
    const text = note.trim();
    if (!text) return Promise.resolve(refusal('请填写驳回原因'));
    if (text.length > DIST_NOTE_MAX) return Promise.resolve(refusal(`驳回原因最多 ${DIST_NOTE_MAX} 字`));
    return this.answer(id, () => reviewWithdrawal(id, false, text));
  }

  protected fetchPage(cursor: string | null): Promise<Page<MerchantWithdrawal>> {
    const status = (WITHDRAWAL_TABS[this.tab] ?? WITHDRAWAL_TABS[0]).status;
    return listWithdrawalQueue(cursor ? { status, cursor } : { status });
  }
}

export const distributorDesk = new DistributorDesk();
export const withdrawalDesk = new WithdrawalDesk();

export class DistSettingsStore {
  settings: DistributionSettings | null = null;
  loading = false;
  saving = false;
  error: UiError | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      this.receive(await fetchDistributionSettings());
    } catch (err) {
      this.fail(err);
    }
  }

  /** Saves one change; the server's refusal ("两级佣金合计不能超过 50%") comes back as the message. */
  async save(patch: Partial<DistributionSettings>): Promise<ActionResult> {
    this.setSaving(true);
    try {
      this.receive(await saveDistributionSettings(patch));
      return { ok: true };
    } catch (err) {
      const f = failure(err, 'merchant', '保存失败，请稍后重试');
      // "tier1Bps + tier2Bps: 两级佣金合计不能超过 50%": the field names are not for the merchant.
      return { ...f, message: f.message.replace(/^[\x20-\x7e]*:\s*/, '') };
    } finally {
      this.setSaving(false);
    }
  }

  private setSaving(on: boolean): void {
    this.saving = on;
  }

  private receive(settings: DistributionSettings): void {
    this.settings = settings;
    this.loading = false;
  }

  private fail(err: unknown): void {
    this.error = toUiError(err, 'merchant');
    this.loading = false;
  }
}

export const distSettings = new DistSettingsStore();
