/**
 * The distributor's account (`dist.me`): status, level, balances, today's and overall numbers, the shop's rules; and
 * what changes it: applying, withdrawing. The share store learns the status from here (stores/share.ts).
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { DistMe } from '../../../../typings/api';
import { shareStore } from '../../../stores/share';
import type { UiError } from '../../../utils/errors';
import { toUiError } from '../../../utils/errors';
import type { ActionResult } from '../../../utils/result';
import { failure, refusal } from '../../../utils/result';
import { applyDistributor, fetchMe, withdraw } from '../services/dist';
import { parseYuan, validateApply } from '../utils/dist';

export class DistMeStore {
  me: DistMe | null = null;
  loading = false;
  error: UiError | null = null;
  /** An apply or a withdrawal is being sent. */
  submitting = false;
  private request = 0;

  constructor() {
    makeAutoObservable<this, 'request'>(this, { request: false });
  }

  get status(): DistMe['status'] {
    return this.me?.status ?? 'none';
  }

  get approved(): boolean {
    return this.me?.status === 'approved';
  }

  get balance(): DistMe['balance'] {
    return this.me?.balance ?? { pending: 0, available: 0, withdrawn: 0 };
  }

  /** The most one may withdraw now (a negative balance after a clawback: nothing). */
  get withdrawable(): number {
    return Math.max(0, this.balance.available);
  }

  async load(): Promise<void> {
    const request = ++this.request;
    this.loading = true;
    this.error = null;
    try {
      const me = await fetchMe();
      if (request === this.request) this.receive(me);
    } catch (err) {
      if (request === this.request) this.fail(err);
    }
  }

  /** 提交申请: the form checked here first; the answer is the new status (approved at once with autoApprove). */
  async apply(form: { realName: string; phone: string; reason: string }): Promise<ActionResult> {
    const errors = validateApply(form);
    const first = errors.realName ?? errors.phone ?? errors.reason;
    if (first) return refusal(first);
    if (this.submitting) return refusal('正在提交，请稍候');
    this.setSubmitting(true);
    try {
      const reason = form.reason.trim();
      await applyDistributor({ realName: form.realName.trim(), phone: form.phone.trim(), ...(reason ? { reason } : {}) });
      await this.load();
      return { ok: true };
    } catch (err) {
      return failure(err, 'distribution', '提交失败，请稍后重试');
    } finally {
      this.setSubmitting(false);
    }
  }

  /**
   * 提现 of `input` yuan. Only the amount's form is checked here; the rules (minimum, balance, times a day) are the
   * server's, and its words are shown ("最低提现 ¥1.00", "可提现余额不足（¥3.20）").
   */
  async withdraw(input: string): Promise<ActionResult> {
    if (String(input ?? '').trim() === '') return refusal('请输入提现金额');
    const fen = parseYuan(input);
    if (fen === null || fen <= 0) return refusal('请输入正确的金额，最多两位小数');
    if (this.submitting) return refusal('正在提交，请稍候');
    this.setSubmitting(true);
    try {
      await withdraw(fen);
      await this.load();
      return { ok: true };
    } catch (err) {
      return failure(err, 'distribution', '提现失败，请稍后重试');
    } finally {
      this.setSubmitting(false);
    }
  }

  private setSubmitting(on: boolean): void {
    this.submitting = on;
  }

  private receive(me: DistMe): void {
    this.me = me;
    this.loading = false;
    shareStore.setStatus(me.status);
  }

  private fail(err: unknown): void {
    this.error = toUiError(err, 'distribution');
    this.loading = false;
  }
}

export const distMe = new DistMeStore();
