/** The current user. For now: the local cloud's dev identities and which one calls are made as. */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { DevIdentity } from '../services/dev';
import { defaultDevIdentity, getCurrentDevOpenid, listDevIdentities, setCurrentDevOpenid } from '../services/dev';
import { isLocalMode } from '../services/api';
import type { UiError } from '../utils/errors';
import { toUiError } from '../utils/errors';

const ROLE_LABELS: Record<string, string> = { merchant: '商家', distributor: '分销员' };

export interface IdentityView {
  openid: string;
  nickname: string;
  /** "商家", "分销员"; "顾客" for an identity without roles. */
  roleLabels: string[];
}

function roleLabels(roles: readonly string[]): string[] {
  return roles.length === 0 ? ['顾客'] : roles.map((r) => ROLE_LABELS[r] ?? r);
}

export class UserStore {
  identities: DevIdentity[] = [];
  currentOpenid: string | null = null;
  loading = false;
  error: UiError | null = null;
  readonly devMode: boolean;

  constructor() {
    this.devMode = isLocalMode();
    this.currentOpenid = this.devMode ? getCurrentDevOpenid() : null;
    makeAutoObservable(this);
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
    return { name: '微信用户', roleLabels: [] };
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
