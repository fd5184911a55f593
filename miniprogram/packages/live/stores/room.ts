/**
 * One live room page (live.room): the room, its approved goods with the live price, its coupons (claimed with the
 * room: coupon.claim {templateId, roomId}), the reminder of an upcoming room, and the lottery - joining it, following
 * it to the draw (the page ticks `now`; while it draws the store asks live.lottery every few seconds) and verifying the
 * draw on the phone (utils/lottery.ts). The way into the live-player-plugin carries the viewer's share token when they
 * are a distributor, so shoppers they bring are attributed to them. One instance per page (room pages can stack).
 *
 * The countdown reads the server's clock as well as the phone can tell it: exactly where the backend tells its time
 * (the local cloud's /health), else the phone's clock moved forward when the server's own stamps (the lottery's start,
 * a live room's start, what is explained since) show it is behind - as the order pages do (order/services/server-clock).
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { LiveCoupon, LiveRoomDetail, LiveStatus, Lottery, LotteryStatus } from '../../../../typings/api';
import { fetchServerNow, isApiCallError } from '../../../services/api';
import { getLiveRoom, getLottery, joinLottery } from '../../../services/live';
import { shareStore } from '../../../stores/share';
import type { UiError } from '../../../utils/errors';
import { toUiError } from '../../../utils/errors';
import { LIVE_STATUS_TEXT, pluginRoomUrl, roomTagText, roomTimeText } from '../../../utils/live';
import type { LotteryCheck } from '../../../utils/lottery';
import { verifyLottery } from '../../../utils/lottery';
import type { ActionResult } from '../../../utils/result';
import { failure, refusal } from '../../../utils/result';
import { formatCountdown } from '../../../utils/time';
import { claimLiveCoupon } from '../services/coupon';
import type { LiveSessionStore } from './session';
import { liveSession } from './session';

/** How often a lottery past its end (drawing) is asked for again: soon after the end, then less often. */
export const LOTTERY_POLL_MS = 3000;
export const LOTTERY_POLL_SLOW_MS = 10_000;
/** How often a live room is read again while the page is shown (what is explained moves on). */
export const ROOM_REFRESH_MS = 60_000;

export interface RoomView {
  roomId: string;
  name: string;
  cover: string;
  anchorName: string;
  status: LiveStatus;
  /** 直播中 / 预告 / 回放. */
  statusText: string;
  /** 直播中 / "11-20 20:00 开播" / 回放 / 已结束. */
  tagText: string;
  /** "2026-11-20 20:00 - 22:00". */
  timeText: string;
  /** "门店名 · 城市 地址", '' without a store. */
  storeText: string;
  replayUrl: string;
  explainingTitle: string;
}

export interface LiveGoodsView {
  productId: string;
  title: string;
  image: string;
  /** The normal (lowest) price, fen. */
  price: number;
  /** The live price when there is one below the normal price, else 0 (none). */
  livePrice: number;
  explaining: boolean;
}

export interface LiveCouponView extends LiveCoupon {
  buttonText: string;
  claimable: boolean;
}

export interface LotteryView {
  lotteryId: string;
  status: LotteryStatus;
  /** 进行中 / 开奖中 / 已开奖. */
  statusText: string;
  prizeName: string;
  participants: number;
  winnerCount: number;
  /** Running: the time left ("02:13"); '' otherwise. */
  countdown: string;
  commitment: string;
  /** Revealed at the draw; '' before. */
  seed: string;
  winners: { nickname: string; ticket: string; mine: boolean }[];
  /** The caller's ticket ('' when they have not joined). */
  myTicket: string;
  joined: boolean;
  /** 参与抽奖 is offered. */
  canJoin: boolean;
  /** After the draw, for a participant: 中奖 / 未中奖; '' otherwise. */
  outcomeText: string;
  won: boolean;
}

const COUPON_BUTTON_TEXT = { claimable: '领取', claimed: '已领取', sold_out: '已抢光' } as const;

export function lotteryView(l: Lottery, now: number): LotteryView {
  const ended = l.status === 'running' && now >= l.endsAt;
  const status: LotteryStatus = ended ? 'drawing' : l.status;
  const statusText = status === 'running' ? '进行中' : status === 'drawing' ? '开奖中' : '已开奖';
  const joined = l.myTicket !== null;
  let outcomeText = '';
  if (l.status === 'drawn' && joined) outcomeText = l.won ? '中奖' : '未中奖';
  return {
    lotteryId: l.lotteryId,
    status,
    statusText,
    prizeName: l.prize.name,
    participants: l.participants,
    winnerCount: l.winnerCount,
    countdown: status === 'running' ? formatCountdown(l.endsAt - now) : '',
    commitment: l.commitment,
    seed: l.seed ?? '',
    winners: l.winners.map((w) => ({ nickname: w.nickname, ticket: w.ticket, mine: w.ticket === l.myTicket })),
    myTicket: l.myTicket ?? '',
    joined,
    canJoin: status === 'running' && !joined,
    outcomeText,
    won: l.status === 'drawn' && l.won,
  };
}

/** The viewer's share token when they are an approved distributor (their shop-wide link's), else null. */
export async function distributorToken(): Promise<string | null> {
  await shareStore.ensureStatus();
  if (!shareStore.isDistributor) return null;
  try {
    return await shareStore.tokenFor({ type: 'home' });
  } catch {
    return null;
  }
}

export class LiveRoomStore {
  roomId = '';
  detail: LiveRoomDetail | null = null;
  loading = false;
  error: UiError | null = null;
  /** The coupon template being claimed. */
  claiming: string | null = null;
  joining = false;
  /** The result of 验证 for the lottery on screen (null until asked). */
  check: LotteryCheck | null = null;
  /** The time the lottery countdown reads (the page ticks it). */
  now: number;
  private lastLotteryPoll = 0;
  private lastRoomRead = 0;
  private request = 0;
  /** Server time minus phone time: exact (the local cloud tells it), else a lower bound from the server's stamps. */
  private exactOffset: number | null = null;
  private lowerBound = 0;

  constructor(
    private readonly session: LiveSessionStore = liveSession,
    private readonly clock: () => number = Date.now,
  ) {
    this.now = clock();
    makeAutoObservable<this, 'session' | 'clock' | 'lastLotteryPoll' | 'lastRoomRead' | 'request' | 'exactOffset' | 'lowerBound'>(this, {
      session: false,
      clock: false,
      lastLotteryPoll: false,
      lastRoomRead: false,
      request: false,
      exactOffset: false,
      lowerBound: false,
    });
  }

  get notFound(): boolean {
    return this.error?.code === 'NOT_FOUND';
  }

  get room(): RoomView | null {
    const d = this.detail;
    if (!d) return null;
    const store = d.store;
    return {
      roomId: d.roomId,
      name: d.name,
      cover: d.cover,
      anchorName: d.anchorName,
      status: d.status,
      statusText: LIVE_STATUS_TEXT[d.status],
      tagText: roomTagText(d),
      timeText: roomTimeText(d),
      storeText: store ? `${store.name} · ${store.city}${store.address ? ` ${store.address}` : ''}` : '',
      replayUrl: d.replayUrl ?? '',
      explainingTitle: d.status === 'live' ? d.explaining?.title ?? '' : '',
    };
  }

  /** The room's approved goods, the one being explained first. */
  get goods(): LiveGoodsView[] {
    const list = (this.detail?.goods ?? []).filter((g) => g.auditStatus === 'approved');
    const live = this.detail?.status === 'live';
    return list
      .map((g) => ({
        productId: g.productId,
        title: g.title,
        image: g.image,
        price: g.price,
        livePrice: g.livePrice !== null && g.livePrice < g.price ? g.livePrice : 0,
        explaining: live && g.explaining,
      }))
      .sort((a, b) => Number(b.explaining) - Number(a.explaining));
  }

  get coupons(): LiveCouponView[] {
    return (this.detail?.coupons ?? []).map((c) => ({ ...c, buttonText: COUPON_BUTTON_TEXT[c.state], claimable: c.state === 'claimable' }));
  }

  get lottery(): LotteryView | null {
    const l = this.detail?.lottery;
    return l ? lotteryView(l, this.now) : null;
  }

  /** Upcoming: the page offers 提醒我. */
  get canRemind(): boolean {
    return this.detail?.status === 'upcoming';
  }

  get reminded(): boolean {
    return !!this.detail && (this.detail.reminded || this.session.isReminded(this.detail.roomId));
  }

  get reminding(): boolean {
    return this.session.reminding !== null && this.session.reminding === this.roomId;
  }

  /** The template 提醒我 asks consent for (null: none, just remind). */
  get reminderTemplateId(): string | null {
    return this.detail?.reminderTemplateId ?? null;
  }

  /** The server's time now, as well as the phone can tell it. */
  serverNow(): number {
    return this.clock() + (this.exactOffset ?? Math.max(0, this.lowerBound));
  }

  async load(roomId: string): Promise<void> {
    const request = this.begin(roomId);
    void this.syncClock();
    // The way into the plugin carries a distributor's token: ask for it now, so the tap does not wait.
    void distributorToken();
    try {
      const detail = await getLiveRoom(roomId);
      if (request === this.request) this.receive(detail);
    } catch (err) {
      if (request === this.request) this.fail(err);
    }
  }

  /** The page was opened without a room id. */
  showMissing(): void {
    this.begin('');
    this.loading = false;
    this.error = { code: 'NOT_FOUND', message: '直播间不存在或已删除' };
  }

  /** The room again (back from the plugin, pull-down). The room on screen stays until it arrives. */
  async refresh(): Promise<void> {
    if (!this.roomId) return;
    const request = ++this.request;
    try {
      const detail = await getLiveRoom(this.roomId);
      if (request === this.request) this.receive(detail);
    } catch (err) {
      if (request === this.request && !this.detail) this.fail(err);
    }
  }

  /** 领取: claims with the room; the coupons are then shown as the server sees them. The server's refusal is the message. */
  async claim(templateId: string): Promise<ActionResult> {
    if (this.claiming) return refusal('正在领取，请稍候');
    const item = this.detail?.coupons.find((c) => c.templateId === templateId);
    if (!item) return refusal('优惠券不存在');
    if (item.state !== 'claimable') return refusal(COUPON_BUTTON_TEXT[item.state]);
    this.setClaiming(templateId);
    try {
      await claimLiveCoupon(templateId, this.roomId);
    } catch (err) {
      this.setClaiming(null);
      if (isApiCallError(err) && err.code !== 'NETWORK') void this.refresh();
      return failure(err, 'live', '领取失败，请稍后重试');
    }
    await this.refresh();
    this.setClaiming(null);
    return { ok: true };
  }

  /** 提醒我 (`consent`: the answer to the dialog the tap asked; see LiveSessionStore.remind). */
  remind(consent: Promise<boolean>): Promise<ActionResult> {
    if (!this.canRemind) return Promise.resolve(refusal('直播已开始或已结束'));
    return this.session.remind(this.roomId, consent);
  }

  /** 参与抽奖: the answer carries the caller's ticket. */
  async joinLottery(): Promise<ActionResult> {
    const l = this.detail?.lottery;
    if (!l) return refusal('当前没有抽奖');
    if (this.joining) return refusal('正在参与，请稍候');
    this.setJoining(true);
    try {
      this.receiveLottery(await joinLottery(l.lotteryId));
      return { ok: true };
    } catch (err) {
      if (isApiCallError(err, 'LOTTERY_CLOSED')) void this.refreshLottery();
      return failure(err, 'live', '参与失败，请稍后重试');
    } finally {
      this.setJoining(false);
    }
  }

  /** The lottery as it is now (its draw). */
  async refreshLottery(): Promise<void> {
    const l = this.detail?.lottery;
    if (!l) return;
    this.lastLotteryPoll = this.serverNow();
    try {
      this.receiveLottery(await getLottery(l.lotteryId));
    } catch {
      // Asked again on a later tick.
    }
  }

  /** 验证: checks the draw on the phone (the commitment, the winners recomputed from the seed and the tickets). */
  verify(): LotteryCheck | null {
    const l = this.detail?.lottery;
    this.check = l ? verifyLottery(l) : null;
    return this.check;
  }

  /**
   * The page's clock tick: moves the countdown; a lottery past its end is asked for until it is drawn (every few
   * seconds, less often after the first 20); a live room is read again every minute.
   */
  tick(now: number = this.serverNow()): void {
    this.now = now;
    if (this.detail?.status === 'live' && now - this.lastRoomRead >= ROOM_REFRESH_MS) {
      this.lastRoomRead = now;
      void this.refresh();
    }
    const l = this.detail?.lottery;
    if (!l || l.status === 'drawn') return;
    const waiting = l.status === 'drawing' || now >= l.endsAt;
    const every = now - l.endsAt < 20_000 ? LOTTERY_POLL_MS : LOTTERY_POLL_SLOW_MS;
    if (waiting && now - this.lastLotteryPoll >= every) void this.refreshLottery();
  }

  /** 进入直播间: the live-player-plugin's room page, with a distributor's share token in custom_params. */
  async enterUrl(): Promise<string> {
    const token = await distributorToken();
    return pluginRoomUrl(this.roomId, token ? { st: token } : {});
  }

  private begin(roomId: string): number {
    this.roomId = roomId;
    this.detail = null;
    this.error = null;
    this.check = null;
    this.loading = true;
    return ++this.request;
  }

  /** Where the backend tells its time (the local cloud): the exact offset. */
  private async syncClock(): Promise<void> {
    const sentAt = this.clock();
    const serverNow = await fetchServerNow();
    if (serverNow !== null) this.exactOffset = Math.round(serverNow - (sentAt + this.clock()) / 2);
  }

  /** Server stamps in the past when the answer left the server: the server's clock is at least there. */
  private observeStamps(detail: LiveRoomDetail | null, lottery: Lottery | null): void {
    const stamps = [lottery?.startedAt, detail?.status === 'live' ? detail.startTime : undefined, detail?.explaining?.since];
    const receivedAt = this.clock();
    for (const stamp of stamps) if (typeof stamp === 'number' && Number.isFinite(stamp)) this.lowerBound = Math.max(this.lowerBound, stamp - receivedAt);
    this.now = this.serverNow();
  }

  private receive(detail: LiveRoomDetail): void {
    this.lastRoomRead = this.serverNow();
    this.observeStamps(detail, detail.lottery);
    // A verification was of the lottery on screen: another one (or its state moving on) drops it.
    const before = this.detail?.lottery;
    if (this.check && (before?.lotteryId !== detail.lottery?.lotteryId || detail.lottery?.status !== 'drawn')) this.check = null;
    this.detail = detail;
    this.loading = false;
    this.error = null;
    this.session.learn(detail);
  }

  private receiveLottery(lottery: Lottery): void {
    const d = this.detail;
    if (!d || d.lottery?.lotteryId !== lottery.lotteryId) return;
    this.observeStamps(null, lottery);
    this.detail = { ...d, lottery };
    // A verification was of the lottery as it was.
    if (this.check && lottery.status !== 'drawn') this.check = null;
  }

  private fail(err: unknown): void {
    this.loading = false;
    this.error = toUiError(err, 'live');
  }

  private setClaiming(id: string | null): void {
    this.claiming = id;
  }

  private setJoining(joining: boolean): void {
    this.joining = joining;
  }
}
