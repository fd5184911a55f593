/**
 * What the live pages share during a run of the app: the rooms the shopper asked to be reminded of - as the server
 * said (each listed room and a room's detail carry `reminded`) or as this run's taps did. Reminding is here too: the
 * list's cards and the room page do it the same way. The reminder template (what wx.requestSubscribeMessage asks
 * consent for) comes with each list page and each room's detail; the list and the room page keep their own.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { LiveRoom } from '../../../../typings/api';
import { remindLive } from '../../../services/live';
import type { ActionResult } from '../../../utils/result';
import { failure, refusal } from '../../../utils/result';

/** What the shopper reads after declining the consent dialog. */
export const CONSENT_DECLINED = '未允许开播提醒，开播时将无法通知你';

export class LiveSessionStore {
  /** Room id -> reminded (a tap in this run of the app, or as a listed room or a room's detail said). */
  reminded: Record<string, boolean> = {};
  /** The room a reminder is being asked for. */
  reminding: string | null = null;

  constructor() {
    makeAutoObservable(this);
  }

  isReminded(roomId: string): boolean {
    return this.reminded[roomId] === true;
  }

  /** What the server says of rooms (a list page's, a room's detail): those the shopper asked to be reminded of. */
  learn(...rooms: Array<Pick<LiveRoom, 'roomId' | 'reminded'>>): void {
    const fresh = rooms.filter((r) => r.reminded && !this.isReminded(r.roomId));
    if (!fresh.length) return;
    const reminded = { ...this.reminded };
    for (const r of fresh) reminded[r.roomId] = true;
    this.reminded = reminded;
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
