/**
 * What a share card carries: for an approved distributor, the path with their token (`st`) so the shopper who opens
 * it is attributed to them; for anyone else the plain path. The distributor status (dist.me) is read once per
 * session (or told by the distributor centre) and tokens are cached per target.
 *
 * onShareAppMessage must answer at once: with the token cached the path has it; otherwise the answer carries a
 * `promise` WeChat waits for (up to 3 s) that resolves to the path with the token - or the plain path if the link
 * cannot be had.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { DistributorStatus, ShareTarget } from '../../typings/api';
import { fetchDistMe, fetchShareLink } from '../services/share';
import { targetKey, targetPath, withShareToken } from '../utils/share';

export interface ShareContent {
  title: string;
  path: string;
  imageUrl?: string;
}

export type ShareAnswer = ShareContent & { promise?: Promise<ShareContent> };

export class ShareStore {
  /** null until dist.me has answered. */
  status: DistributorStatus | null = null;
  /** Target key -> the caller's token. */
  tokens: Record<string, string> = {};
  private statusRequest: Promise<void> | null = null;

  constructor() {
    makeAutoObservable<this, 'statusRequest'>(this, { statusRequest: false });
  }

  get isDistributor(): boolean {
    return this.status === 'approved';
  }

  /** dist.me once per session; a failure leaves the status unknown (shares stay plain) and is asked again next time. */
  ensureStatus(): Promise<void> {
    if (this.status !== null) return Promise.resolve();
    if (!this.statusRequest) {
      this.statusRequest = fetchDistMe()
        .then((me) => this.setStatus(me.status))
        .catch(() => undefined)
        .then(() => {
          this.statusRequest = null;
        });
    }
    return this.statusRequest;
  }

  /** dist.me again (Me on show: an application may have been answered since). */
  refreshStatus(): Promise<void> {
    this.status = null;
    this.statusRequest = null;
    return this.ensureStatus();
  }

  /** The status as the distributor pages read it (they call dist.me themselves). */
  setStatus(status: DistributorStatus): void {
    this.status = status;
  }

  /** Another identity (dev switcher): nothing cached holds. */
  forget(): void {
    this.status = null;
    this.tokens = {};
  }

  rememberToken(target: ShareTarget, token: string): void {
    this.tokens = { ...this.tokens, [targetKey(target)]: token };
  }

  /** The caller's token for `target` (cached, else dist.link). */
  async tokenFor(target: ShareTarget): Promise<string> {
    const cached = this.tokens[targetKey(target)];
    if (cached) return cached;
    const link = await fetchShareLink(target);
    this.rememberToken(target, link.token);
    return link.token;
  }

  /**
   * The onShareAppMessage answer for a page that is not a link target of its own (category, search, coupon center):
   * the card opens `path` itself and carries the distributor's shop-wide token (the home link's), which binds the same.
   */
  sharePage(path: string, title: string): ShareAnswer {
    return this.shareFor({ type: 'home' }, title, undefined, path);
  }

  /** The onShareAppMessage answer for `target` (`path`: open this page instead of the target's own). */
  shareFor(target: ShareTarget, title: string, imageUrl?: string, path?: string): ShareAnswer {
    const plain: ShareContent = { title, path: path ?? targetPath(target) };
    if (imageUrl) plain.imageUrl = imageUrl;
    if (this.status !== null && !this.isDistributor) return plain;
    const cached = this.tokens[targetKey(target)];
    if (cached) return { ...plain, path: withShareToken(plain.path, cached) };
    const promise = this.ensureStatus()
      .then(() => (this.isDistributor ? this.tokenFor(target).then((token) => ({ ...plain, path: withShareToken(plain.path, token) })) : plain))
      .catch(() => plain);
    return { ...plain, promise };
  }
}

export const shareStore = new ShareStore();
