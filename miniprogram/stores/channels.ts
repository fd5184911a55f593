/**
 * The home page's Channels (视频号) block, for the shop's account (`home.channels`): live now (视频号直播中, 去观看
 * opens it), else the next live notice (its start time, 预约 reserves it), else nothing. WeChat answers all of it on
 * the phone (utils/channels.ts); a base library without these APIs, or any failure, shows no block.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { ChannelsLiveInfo, ChannelsNotice } from '../utils/channels';
import { getChannelsLiveInfo, getChannelsLiveNoticeInfo, openChannelsLive, reserveChannelsLive } from '../utils/channels';
import { noticeStartMs, shortDateTime } from '../utils/live';
import type { ActionResult } from '../utils/result';
import { refusal } from '../utils/result';

/** wx.getChannelsLiveInfo's status for a live broadcast. */
export const CHANNELS_LIVE = 2;

export type ChannelsState =
  | { kind: 'none' }
  | { kind: 'live'; info: ChannelsLiveInfo }
  | { kind: 'notice'; notice: ChannelsNotice; startAt: number | null; reserved: boolean };

/** What the block shows (null: no block). */
export interface ChannelsView {
  kind: 'live' | 'notice';
  nickname: string;
  headUrl: string;
  /** 视频号直播中 / 视频号直播预告. */
  title: string;
  /** The live's description, or "11-20 20:00 开播". */
  text: string;
  /** The notice was reserved on this run of the app. */
  reserved: boolean;
  /** The notice takes reservations. */
  reservable: boolean;
}

export class ChannelsStore {
  finderUserName: string | null = null;
  state: ChannelsState = { kind: 'none' };
  private request = 0;

  constructor() {
    makeAutoObservable<this, 'request'>(this, { request: false });
  }

  get view(): ChannelsView | null {
    const s = this.state;
    if (s.kind === 'live') {
      return { kind: 'live', nickname: s.info.nickname, headUrl: s.info.headUrl, title: '视频号直播中', text: s.info.description || '正在直播，快来看看', reserved: false, reservable: false };
    }
    if (s.kind === 'notice') {
      const when = s.startAt === null ? '即将开播' : `${shortDateTime(s.startAt)} 开播`;
      return { kind: 'notice', nickname: s.notice.nickname, headUrl: s.notice.headUrl, title: '视频号直播预告', text: when, reserved: s.reserved, reservable: s.notice.reservable };
    }
    return null;
  }

  /** Asks WeChat about `account` (home.channels; null: the shop has none, no block). */
  async load(account: { finderUserName: string } | null): Promise<void> {
    const request = ++this.request;
    const finder = account?.finderUserName ?? null;
    this.setAccount(finder);
    if (!finder) return this.receive(request, { kind: 'none' });
    const info = await getChannelsLiveInfo(finder);
    if (info && info.status === CHANNELS_LIVE) return this.receive(request, { kind: 'live', info });
    const notice = await getChannelsLiveNoticeInfo(finder);
    if (notice && notice.status === 0) return this.receive(request, { kind: 'notice', notice, startAt: noticeStartMs(notice.startTime), reserved: false });
    return this.receive(request, { kind: 'none' });
  }

  /** 去观看: opens the Channels live room. */
  async watch(): Promise<ActionResult> {
    const s = this.state;
    if (s.kind !== 'live' || !this.finderUserName) return refusal('直播已结束');
    const opened = await openChannelsLive(this.finderUserName, s.info.feedId, s.info.nonceId);
    return opened ? { ok: true } : refusal('暂时无法打开视频号直播');
  }

  /** 预约: reserves the notice (WeChat asks the shopper). */
  async reserve(): Promise<ActionResult> {
    const s = this.state;
    if (s.kind !== 'notice') return refusal('没有可预约的直播');
    if (s.reserved) return { ok: true };
    const done = await reserveChannelsLive(s.notice.noticeId);
    if (!done) return refusal('未完成预约');
    this.markReserved(s.notice.noticeId);
    return { ok: true };
  }

  private setAccount(finder: string | null): void {
    this.finderUserName = finder;
  }

  private receive(request: number, state: ChannelsState): void {
    if (request === this.request) this.state = state;
  }

  private markReserved(noticeId: string): void {
    const s = this.state;
    if (s.kind === 'notice' && s.notice.noticeId === noticeId) this.state = { ...s, reserved: true };
  }
}

export const channelsStore = new ChannelsStore();
