/**
 * The current user: who they are to the shop (user.me: roles, and the counts Me's badges show) and, in local mode,
 * the local cloud's dev identities and which one calls are made as.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { Me, OrderCounts } from '../../typings/api';
import type { DevIdentity } from '../services/dev';
import { defaultDevIdentity, getCurrentDevOpenid, listDevIdentities, setCurrentDevOpenid } from '../services/dev';
import { isLocalMode } from '../services/api';
import { fetchMe } from '../services/user';
import { countBadge } from '../utils/order';
import type { UiError } from '../utils/errors';
import { toUiError } from '../utils/errors';

/** A role is shown only where it means something to the shop; a plain shopper has no tag at all. */
const ROLE_LABELS: Record<string, string> = { merchant: '店长', distributor: '分销员' };

export interface IdentityView {
  openid: string;
  nickname: string;
  /** "店长", "分销员"; none for a plain shopper. */
  roleLabels: string[];
}

export function roleLabels(roles: readonly string[]): string[] {
  return roles.map((r) => ROLE_LABELS[r]).filter((label): label is string => !!label);
}

export class UserStore {
  identities: DevIdentity[] = [];
  currentOpenid: string | null = null;
  loading = false;
  error: UiError | null = null;
  /** The last user.me answer (null until it arrives, or when it failed: the badges then stay off). */
  me: Me | null = null;
  readonly devMode: boolean;

  private meRequest = 0;

  constructor() {
    this.devMode = isLocalMode();
    this.currentOpenid = this.devMode ? getCurrentDevOpenid() : null;
    makeAutoObservable<this, 'meRequest'>(this, { meRequest: false });
  }

  /** Shortcut key -> badge text on Me's order shortcuts ('' = no badge): orders per status, and 退款/售后 in progress. */
  get orderBadges(): Record<keyof OrderCounts | 'after_sales', string> {
    const c = this.me?.orderCounts;
    return {
      pending_payment: countBadge(c?.pending_payment ?? 0),
      paid: countBadge(c?.paid ?? 0),
      shipped: countBadge(c?.shipped ?? 0),
      after_sales: countBadge(this.me?.afterSaleCount ?? 0),
    };
  }

  /**
   * Entry key -> badge text on the back office (店铺管理, merchants): 订单管理 the paid orders to ship, 售后处理 what
   * waits for the shop there (refund requests to review and refunds WeChat Pay refused, to retry). '' = no badge.
   */
  get merchantBadges(): Record<'orders' | 'after-sales', string> {
    const w = this.me?.workbench;
    return { orders: countBadge(w?.toShip ?? 0), 'after-sales': countBadge((w?.toReview ?? 0) + (w?.refundsFailed ?? 0)) };
  }

  /** The signed-in user runs the shop (user.me roles): Me shows the back office (店铺管理). */
  get isMerchant(): boolean {
    return this.me?.roles.includes('merchant') ?? false;
  }

  get couponCount(): number {
    return this.me?.couponCount ?? 0;
  }

  /** user.me again (Me on show, after an identity switch). A failure keeps the badges off; nothing to show the shopper. */
  async loadMe(): Promise<void> {
    const request = ++this.meRequest;
    try {
      const me = await fetchMe();
      if (request === this.meRequest) this.receiveMe(me);
    } catch {
      if (request === this.meRequest) this.receiveMe(null);
    }
  }

  get currentIdentity(): DevIdentity | null {
    return this.identities.find((u) => u.openid === this.currentOpenid) ?? null;
  }

  get identityList(): IdentityView[] {
    return this.identities.map((u) => ({ openid: u.openid, nickname: u.nickname || u.openid, roleLabels: roleLabels(u.roles) }));
  }

  /** The profile header: the dev identity in local mode; the signed-in shopper in the cloud (login comes later). */
  get profile(): { name: string; roleLabels: string[] } {
    const current = this.currentIdentity;
    if (this.devMode && current) return { name: current.nickname || current.openid, roleLabels: roleLabels(current.roles) };
    return { name: this.me?.profile.nickname || '微信用户', roleLabels: roleLabels(this.me?.roles ?? []) };
  }

  async loadIdentities(): Promise<void> {
    if (!this.devMode || this.loading) return;
    this.loading = true;
    this.error = null;
    try {
      this.receive(await listDevIdentities());
    } catch (err) {
      this.fail(err);
    }
  }

  /** Calls from now on are made as `openid`. */
  chooseIdentity(openid: string): void {
    if (!this.devMode || !this.identities.some((u) => u.openid === openid)) return;
    setCurrentDevOpenid(openid);
    this.currentOpenid = openid;
    this.me = null;
  }

  private receiveMe(me: Me | null): void {
    this.me = me;
  }

  private receive(list: DevIdentity[]): void {
    this.identities = list;
    let current = getCurrentDevOpenid();
    if (!list.some((u) => u.openid === current)) {
      // Nothing chosen yet, or the chosen identity is gone after a reseed: calls go as the default identity.
      const fallback = defaultDevIdentity(list);
      current = fallback ? fallback.openid : null;
      if (current) setCurrentDevOpenid(current);
    }
    this.currentOpenid = current;
    this.loading = false;
  }

  private fail(err: unknown): void {
    this.error = toUiError(err, 'account');
    this.loading = false;
  }
}

export const userStore = new UserStore();
