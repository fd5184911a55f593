/**
 * WeChat's Channels (视频号) live APIs as promises that never reject: an API the base library lacks (getChannelsLiveInfo
 * needs 2.15, the notice APIs 2.19) or a failure (the account is not the shop's legal entity, no network) answers
 * null / false, and the home page simply shows no Channels block.
 */

export interface ChannelsLiveInfo {
  /** 1 never went live, 2 live, 3 ended, 4 preparing. */
  status: number;
  feedId: string;
  nonceId: string;
  description: string;
  nickname: string;
  headUrl: string;
}

export interface ChannelsNotice {
  noticeId: string;
  /** As WeChat answers it: seconds since the epoch, as a string. */
  startTime: string;
  /** 0 usable, 1 cancelled, 2 used. */
  status: number;
  reservable: boolean;
  nickname: string;
  headUrl: string;
}

type WxLike = Record<string, unknown>;

function api(name: string): ((options: Record<string, unknown>) => void) | null {
  if (typeof wx === 'undefined') return null;
  const fn = (wx as unknown as WxLike)[name];
  return typeof fn === 'function' ? (fn as (options: Record<string, unknown>) => void).bind(wx) : null;
}

function callApi<T>(name: string, options: Record<string, unknown>, onSuccess: (res: Record<string, unknown>) => T, fallback: T): Promise<T> {
  const fn = api(name);
  if (!fn) return Promise.resolve(fallback);
  return new Promise<T>((resolve) => {
    try {
      fn({
        ...options,
        success: (res: Record<string, unknown>) => resolve(onSuccess(res ?? {})),
        fail: () => resolve(fallback),
      });
    } catch {
      resolve(fallback);
    }
  });
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

export function getChannelsLiveInfo(finderUserName: string): Promise<ChannelsLiveInfo | null> {
  return callApi<ChannelsLiveInfo | null>(
    'getChannelsLiveInfo',
    { finderUserName },
    (res) => ({
      status: Number(res.status),
      feedId: str(res.feedId),
      nonceId: str(res.nonceId),
      description: str(res.description),
      nickname: str(res.nickname),
      headUrl: str(res.headUrl),
    }),
    null,
  );
}

export function getChannelsLiveNoticeInfo(finderUserName: string): Promise<ChannelsNotice | null> {
  return callApi<ChannelsNotice | null>(
    'getChannelsLiveNoticeInfo',
    { finderUserName },
    (res) =>
      res.noticeId
        ? {
            noticeId: str(res.noticeId),
            startTime: str(res.startTime),
            status: Number(res.status ?? 0),
            reservable: res.reservable !== false,
            nickname: str(res.nickname),
            headUrl: str(res.headUrl),
          }
        : null,
    null,
  );
}

/** Opens the Channels live room; false when WeChat could not. */
export function openChannelsLive(finderUserName: string, feedId: string, nonceId: string): Promise<boolean> {
  return callApi('openChannelsLive', { finderUserName, feedId, nonceId }, () => true, false);
}

/** Reserves the Channels live notice (WeChat asks the shopper itself); false when declined or unavailable. */
export function reserveChannelsLive(noticeId: string): Promise<boolean> {
  return callApi('reserveChannelsLive', { noticeId }, () => true, false);
}
