/**
 * The server's clock as seen from the phone: `now()` is the phone's clock plus an offset learnt from the backend,
 * so a pay-by countdown ends when the server closes the order, not when the phone's clock says so.
 *
 * What the offset is learnt from:
 * - exact: a response that carries the server's time. The local cloud answers `GET /health` with `{now}`
 *   (fetchServerNow, local mode only): offset = serverNow - the middle of the request.
 * - a lower bound: no cloud response carries the server's time today, but every timestamp the server wrote
 *   (createdAt, timeline, paidAt...) was in the past when the response left it: serverNow >= the latest of them.
 *   When the phone's clock is behind that, it is provably slow and the offset moves it forward; a phone that runs
 *   fast cannot be detected this way (the order detail would need a `serverNow` field for that).
 * An exact reading wins over lower bounds.
 */
import { fetchServerNow } from '../../../services/api';

export class ServerClock {
  private exactOffset: number | null = null;
  private lowerBound = 0;

  constructor(private readonly deviceNow: () => number = () => Date.now()) {}

  /** Milliseconds to add to the phone's clock. */
  get offsetMs(): number {
    return this.exactOffset ?? Math.max(0, this.lowerBound);
  }

  /** The server's time now (best estimate). */
  now(): number {
    return this.deviceNow() + this.offsetMs;
  }

  /** A response carried the server's time `serverNow`; the request left at `sentAt` and came back at `receivedAt` (phone clock). */
  observeExact(serverNow: number, sentAt: number, receivedAt: number): void {
    this.exactOffset = Math.round(serverNow - (sentAt + receivedAt) / 2);
  }

  /** A response that arrived at `receivedAt` (phone clock) holds server timestamps up to `latestServerStamp`. */
  observeLowerBound(latestServerStamp: number, receivedAt: number): void {
    if (!Number.isFinite(latestServerStamp)) return;
    this.lowerBound = Math.max(this.lowerBound, latestServerStamp - receivedAt);
  }

  /** Reads the server's time where the backend offers it (the local cloud); answers whether it learnt it. */
  async sync(fetch: () => Promise<number | null> = fetchServerNow): Promise<boolean> {
    const sentAt = this.deviceNow();
    const serverNow = await fetch();
    if (serverNow === null) return false;
    this.observeExact(serverNow, sentAt, this.deviceNow());
    return true;
  }
}

/** The clock every order page reads. */
export const serverClock = new ServerClock();
