/**
 * Live commerce state the main package and several subpackages share:
 * - `liveEntry`: the room the shopper came from. When the live-player-plugin opens our product page it passes
 *   `room_id` (and `custom_params`); the room is kept with the time for LIVE_ENTRY_TTL_MS (in storage, so a restart
 *   of the app within that time keeps it) and every checkout meanwhile sends `live: {roomId}` to order.quote and
 *   order.create - the server decides which lines get the live price. A distributor's share token in
 *   custom_params (`st`) is told to the server like any entry (`user.enter`), so the shopper is attributed.
 * - `liveNow`: the rooms live now, for the home page's strip.
 */
import { makeAutoObservable } from 'mobx-miniprogram';
import type { LiveRef, LiveRoom } from '../../typings/api';
import { listLiveRooms } from '../services/live';
import { sendEnter } from '../services/user';
import { parseCustomParams, roomIdFromQuery } from '../utils/live';
import { shareTokenFromQuery } from '../utils/share';

/** How long the room a shopper came from counts for their checkouts. */
export const LIVE_ENTRY_TTL_MS = 2 * 3600_000;
/** The storage key of the remembered room. */
export const LIVE_ENTRY_KEY = 'liveEntry';
/** How many rooms the home strip shows. */
export const LIVE_NOW_COUNT = 6;

export interface LiveEntry {
  roomId: string;
  at: number;
}

function isEntry(value: unknown): value is LiveEntry {
  const v = value as Partial<LiveEntry> | null;
  return typeof v === 'object' && v !== null && typeof v.roomId === 'string' && v.roomId !== '' && typeof v.at === 'number' && Number.isFinite(v.at);
}

function readStored(): LiveEntry | null {
  try {
    const stored: unknown = wx.getStorageSync(LIVE_ENTRY_KEY);
    return isEntry(stored) ? { roomId: stored.roomId, at: stored.at } : null;
  } catch {
    return null;
  }
}

function writeStored(entry: LiveEntry | null): void {
  try {
    if (entry) wx.setStorageSync(LIVE_ENTRY_KEY, entry);
    else wx.removeStorageSync(LIVE_ENTRY_KEY);
  } catch {
    // Storage is a convenience here: the room still counts for this run of the app.
  }
}

function currentScene(): number {
  try {
    const scene = wx.getEnterOptionsSync().scene;
    return typeof scene === 'number' ? scene : 1001;
  } catch {
    return 1001;
  }
}

export class LiveEntryStore {
  entry: LiveEntry | null = null;
  private restored = false;

  constructor(private readonly clock: () => number = Date.now) {
    makeAutoObservable<this, 'restored' | 'clock'>(this, { restored: false, clock: false });
  }

  /** The room the shopper came from while it counts (LIVE_ENTRY_TTL_MS), else null. */
  roomId(now: number = this.clock()): string | null {
    this.restore();
    const entry = this.entry;
    if (!entry) return null;
    if (now - entry.at > LIVE_ENTRY_TTL_MS || entry.at - now > LIVE_ENTRY_TTL_MS) return null;
    return entry.roomId;
  }

  /** What order.quote and order.create carry: `{roomId}` of the room the shopper came from, or undefined. */
  ref(now: number = this.clock()): LiveRef | undefined {
    const roomId = this.roomId(now);
    return roomId ? { roomId } : undefined;
  }

  remember(roomId: string, now: number = this.clock()): void {
    this.restored = true;
    this.entry = { roomId, at: now };
    writeStored(this.entry);
  }

  forget(): void {
    this.restored = true;
    this.entry = null;
    writeStored(null);
  }

  /**
   * A page opened from a room (the plugin's product link: `room_id` + `custom_params`, or our own `roomId`):
   * remembers the room and tells the server a distributor's token found in custom_params. Answers the room id.
   */
  enterFromQuery(query: Record<string, string | undefined>): string | null {
    const roomId = roomIdFromQuery(query);
    if (!roomId) return null;
    this.remember(roomId);
    const params = parseCustomParams(query.custom_params);
    const token = shareTokenFromQuery({ st: params.st });
    if (token) {
      sendEnter({ scene: currentScene(), query: { st: token, room_id: roomId } }).catch((err: unknown) => console.warn('[live enter]', err));
    }
    return roomId;
  }

  private restore(): void {
    if (this.restored) return;
    this.restored = true;
    this.entry = readStored();
  }
}

export const liveEntry = new LiveEntryStore();

/** A room of the home strip as the view needs it. */
export interface LiveNowCard {
  roomId: string;
  name: string;
  cover: string;
  anchorName: string;
  /** What the anchor is explaining ('' when nothing). */
  explainingTitle: string;
  explainingImage: string;
}

export function liveNowCard(room: LiveRoom): LiveNowCard {
  return {
    roomId: room.roomId,
    name: room.name,
    cover: room.cover,
    anchorName: room.anchorName,
    explainingTitle: room.explaining?.title ?? '',
    explainingImage: room.explaining?.image ?? '',
  };
}

/** The rooms live now (live.rooms {status: 'live'}), for the home page's strip. A failure shows no strip. */
export class LiveNowStore {
  rooms: LiveRoom[] = [];
  loaded = false;
  private request = 0;

  constructor() {
    makeAutoObservable<this, 'request'>(this, { request: false });
  }

  get cards(): LiveNowCard[] {
    return this.rooms.slice(0, LIVE_NOW_COUNT).map(liveNowCard);
  }

  /** Show the strip: at least one room is live. */
  get show(): boolean {
    return this.rooms.length > 0;
  }

  async load(): Promise<void> {
    const request = ++this.request;
    try {
      const page = await listLiveRooms({ status: 'live' });
      if (request === this.request) this.receive(page.items.filter((r) => r.status === 'live'));
    } catch {
      // The strip is extra: the home page stands without it.
      if (request === this.request) this.receive([]);
    }
  }

  private receive(rooms: LiveRoom[]): void {
    this.rooms = rooms;
    this.loaded = true;
  }
}

export const liveNow = new LiveNowStore();
