/**
 * WeChat's mini program live (小程序直播, live-player-plugin) server APIs and subscribe messages, as the use cases
 * need them. Real: cloud.openapi.liveBroadcast / subscribeMessage (adapters/live-cloud). Local: a stateful sandbox
 * driven by the local clock (adapters/live-sandbox).
 *
 * Every call answers a value: `{ok: false, errcode, errmsg}` is WeChat refusing (its own errcode); a thrown error is
 * a transport failure (timeout, dying instance) after which the caller cannot know whether WeChat acted.
 */

export type LiveAnswer<T> = { ok: true; value: T } | { ok: false; errcode: number; errmsg: string };

export interface CreateRoomInput {
  name: string;
  anchorName: string;
  /** WeChat id of the anchor (required by room/create); the sandbox accepts any non-empty text. */
  anchorWechat: string;
  /** Epoch ms. WeChat takes seconds; the adapter converts. */
  startTime: number;
  endTime: number;
  /** Image URL or media id for the cover and share image. */
  coverImg: string;
  shareImg: string;
  /** The 购物直播 channel cover (800x800, <= 100 KB), which room/create requires; the share image when absent. */
  feedsImg?: string;
}

/** One room as getLiveInfo lists it. */
export interface WxRoom {
  roomId: number;
  name: string;
  anchorName: string;
  coverImg: string;
  /** Epoch ms. */
  startTime: number;
  endTime: number;
  /** 101 live, 102 not started, 103 ended, 104 banned, 105 paused, 106 abnormal, 107 expired. */
  liveStatus: number;
  /** Goods in the room (goodsId). */
  goodsIds: number[];
}

export interface AddGoodsInput {
  /** At most 14 Chinese characters (a CJK character counts 2 of 28 units). */
  name: string;
  /** Image URL or media id. */
  coverImg: string;
  /** priceType 1 (one price), in fen. */
  price: number;
  /** The mini program page a tap in the room opens, e.g. packages/goods/pages/detail/index?id=p1 */
  url: string;
}

/** goods audit: 0 not submitted, 1 in audit, 2 approved, 3 rejected. */
export interface WxGoodsAudit {
  goodsId: number;
  auditStatus: 0 | 1 | 2 | 3;
}

export interface SubscribeMessageInput {
  touser: string;
  templateId: string;
  /** The page the message opens (with its query). */
  page: string;
  data: Record<string, { value: string }>;
}

export interface LiveGateway {
  /** room/create -> roomId. */
  createRoom(input: CreateRoomInput): Promise<LiveAnswer<{ roomId: number }>>;
  /** getliveinfo: rooms from `start`, at most `limit` (<= 100), newest first, and how many there are in all. */
  rooms(start: number, limit: number): Promise<LiveAnswer<{ rooms: WxRoom[]; total: number }>>;
  /** getliveinfo action get_replay: the replay URLs (empty until about 10 minutes after the end). */
  replays(roomId: number): Promise<LiveAnswer<{ urls: string[] }>>;
  /** goods/add: registers the goods and submits it to audit. */
  addGoods(input: AddGoodsInput): Promise<LiveAnswer<{ goodsId: number; auditId: number }>>;
  /** goods/getgoodswarehouse: audit states of up to 20 goods. */
  goodsAudit(goodsIds: number[]): Promise<LiveAnswer<WxGoodsAudit[]>>;
  /** goods/delete: removes the goods from the library (and from every room). */
  deleteGoods(goodsId: number): Promise<LiveAnswer<null>>;
  /** room/addgoods: approved goods into a room. */
  addGoodsToRoom(roomId: number, goodsIds: number[]): Promise<LiveAnswer<null>>;
  /** room/deleteInRoom (goods/deleteInRoom): takes goods out of a room. */
  removeGoodsFromRoom(roomId: number, goodsId: number): Promise<LiveAnswer<null>>;
  /** goods/push: the anchor is explaining this goods now. */
  pushGoods(roomId: number, goodsId: number): Promise<LiveAnswer<null>>;
  /** subscribeMessage.send. errcode 43101: the user gave no (or no more) consent for this template. */
  sendSubscribeMessage(input: SubscribeMessageInput): Promise<LiveAnswer<null>>;
}

/** WeChat's live_status codes. */
export const LIVE_STATUS = { live: 101, notStarted: 102, ended: 103, banned: 104, paused: 105, abnormal: 106, expired: 107 } as const;

/** subscribeMessage.send: the user has no consent left for this template (one-time consent spent, or refused). */
export const ERR_NO_SUBSCRIBE_QUOTA = 43101;

/**
 * WeChat's "api unauthorized": the API cannot be called from a cloud function. goods/delete has no cloud call
 * (本接口不支持云调用), so deleteGoods answers this in the cloud: delete the goods in the 小程序直播 console instead.
 */
export const ERR_API_UNAUTHORIZED = 48001;
