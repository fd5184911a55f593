/**
 * What the live pages learn during a run of the app and share: the rooms the shopper asked to be reminded of, and the
 * shop's reminder template (which wx.requestSubscribeMessage asks consent for; it comes with a room's detail, so the
 * list learns it from one room before its 提醒我 buttons can ask). Reminding is here too: the list's cards and the
 * room page do it the same way.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { LiveRoomDetail } from '../../../../typings/api';
import { getLiveRoom, remindLive } from '../../../services/live';
import type { ActionResult } from '../../../utils/result';
import { failure, refusal } from '../../../utils/result';

/** What the shopper reads after declining the consent dialog. */
export const CONSENT_DECLINED = '未允许开播提醒，开播时将无法通知你';

export class LiveSessionStore {
  /** Room id -> reminded (this run of the app, or as a room's detail said). */
  reminded: Record<string, boolean> = {};
  /** The shop's reminder template: undefined until learnt; null when the shop has none. */
  reminderTemplateId: string | null | undefined = undefined;
  /** The room a reminder is being asked for. */
  reminding: string | null = null;
  private learning: Promise<void> | null = null;

  constructor() {
    makeAutoObservable<this, 'learning'>(this, { learning: false });
  }

  isReminded(roomId: string): boolean {
    return this.reminded[roomId] === true;
  }

  /** What a room's detail says: the template, and whether the shopper asked for its reminder. */
  learn(detail: Pick<LiveRoomDetail, 'roomId' | 'reminded' | 'reminderTemplateId'>): void {
    this.reminderTemplateId = detail.reminderTemplateId;
    if (detail.reminded && !this.isReminded(detail.roomId)) this.reminded = { ...this.reminded, [detail.roomId]: true };
  }

  /** Learns the template from `roomId`'s detail once (the list's upcoming rooms); a failure is asked again next time. */
  learnFrom(roomId: string): Promise<void> {
    if (this.reminderTemplateId !== undefined) return Promise.resolve();
    if (!this.learning) {
      this.learning = getLiveRoom(roomId)
        .then((detail) => this.learn(detail))
        .catch(() => undefined)
        .then(() => {
          this.learning = null;
        });
    }
    return this.learning;
  }

  /**
   * 提醒我: `consent` is the answer to the consent dialog the tap handler asked (askReminderConsent). live.remind is
   * called only when the shopper accepted (or the shop has no template to ask for).
   */
  async remind(roomId: string, consent: Promise<boolean>): Promise<ActionResult> {
    if (this.reminding) return refusal('正在处理，请稍候');
    this.setReminding(roomId);
    try {
      if (!(await consent)) return refusal(CONSENT_DECLINED);
      await remindLive(roomId);
      this.markReminded(roomId);
      return { ok: true };
    } catch (err) {
      return failure(err, 'live', '预约失败，请稍后重试');
    } finally {
      this.setReminding(null);
    }
  }

  private setReminding(roomId: string | null): void {
    this.reminding = roomId;
  }

  private markReminded(roomId: string): void {
    this.reminded = { ...this.reminded, [roomId]: true };
  }
}

export const liveSession = new LiveSessionStore();
