/**
 * The merchant's live workbench (packages/merchant live-*): the rules (yuan -> fen, WeChat's room limits as hints,
 * when 讲解 is possible, the timeline chart), then the real pages rendered with Vant against a stand-in of the
 * merchant live actions (support/live-merchant-data.ts, typed from typings/api.ts): rooms and their store filter and
 * figures, the create form and WeChat's refusal, goods audit tags, live prices, 讲解, coupons, lotteries and the
 * dashboard's chart of views.
 */
import type { LiveStats } from '../../typings/api';
import type { FakeBackend } from './support/fake-backend';
import { refuse } from './support/fake-backend';
import { AnyComponent, ensureMiniprogramNpm, loadPage, Page, settle, tap, TestCloud, textOf, waitFor } from './support/harness';
import { emptyWorld, goods, liveBackend, liveCoupon, LiveWorld, lottery, MIN, product, room, STORES, T0 } from './support/live-merchant-data';
import {
  canPush,
  CHART_COLORS,
  NONE_COLOR,
  pushBlockedReason,
  roomFormHints,
  textWidth,
  timelineChart,
  yuanToFen,
} from '../../miniprogram/packages/merchant/utils/live';

// ---------- the rules ----------

describe('yuanToFen: the live price typed in yuan, sent as integer fen', () => {
  test.each([
    ['19.9', 1990],
    ['19.90', 1990],
    ['19', 1900],
    ['0.01', 1],
    ['.5', 50],
    ['12.', 1200],
    [' ¥ 8.88 ', 888],
    ['0.1', 10],
    ['1.10', 110],
    ['999999.99', 99999999],
  ])('%j -> %d fen', (input, fen) => {
    expect(yuanToFen(input)).toEqual({ ok: true, fen });
  });

  test('empty means no live price (the normal price)', () => {
    expect(yuanToFen('')).toEqual({ ok: true, fen: null });
    expect(yuanToFen('   ')).toEqual({ ok: true, fen: null });
  });

  test.each([
    ['1.234', '价格最多两位小数'],
    ['abc', '请输入正确的价格，如 19.90'],
    ['-1', '请输入正确的价格，如 19.90'],
    ['1e3', '请输入正确的价格，如 19.90'],
    ['0', '直播价需大于 0'],
    ['0.00', '直播价需大于 0'],
    ['1000000.01', '直播价过高，请检查'],
  ])('%j is refused: %s', (input, message) => {
    expect(yuanToFen(input)).toEqual({ ok: false, message });
  });

  test('no floating point drift: every cent from 0.01 to 99.99 is exact', () => {
    for (let fen = 1; fen < 10000; fen += 1) {
      const text = `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
      expect(yuanToFen(text)).toEqual({ ok: true, fen });
    }
  });
});

describe("WeChat's room limits as hints", () => {
  const now = T0 - 24 * 60 * MIN;
  const ok = { name: '春季新品直播', anchorName: '小满', startTime: now + 60 * MIN, endTime: now + 180 * MIN };

  test('a good form has no hints', () => {
    expect(roomFormHints(ok, now)).toEqual({});
  });

  test('names are measured as WeChat measures them: a Chinese character 2, a letter or digit 1', () => {
    expect(textWidth('春季新品')).toBe(8);
    expect(textWidth('ab12')).toBe(4);
    expect(roomFormHints({ ...ok, name: '直播' }, now).name).toMatch(/3 到 17 个汉字/); // width 4 < 6
    expect(roomFormHints({ ...ok, name: '新品上市' }, now).name).toBeUndefined();
    expect(roomFormHints({ ...ok, name: 'abcdef' }, now).name).toBeUndefined(); // width 6
    expect(roomFormHints({ ...ok, name: '一二三四五六七八九十一二三四五六七' }, now).name).toBeUndefined(); // 17
    expect(roomFormHints({ ...ok, name: '一二三四五六七八九十一二三四五六七八' }, now).name).toMatch(/3 到 17/); // 18
    expect(roomFormHints({ ...ok, name: '  ' }, now).name).toBe('请填写直播间名称');
    expect(roomFormHints({ ...ok, anchorName: '满' }, now).anchorName).toBe('主播昵称需 2 到 15 个汉字');
  });

  test('start at least 10 minutes ahead and within 6 months; 30 minutes to 24 hours long', () => {
    expect(roomFormHints({ ...ok, startTime: now + 9 * MIN, endTime: now + 120 * MIN }, now).startTime).toBe('开播时间需在 10 分钟之后');
    expect(roomFormHints({ ...ok, startTime: now + 10 * MIN, endTime: now + 120 * MIN }, now).startTime).toBeUndefined();
    expect(roomFormHints({ ...ok, startTime: now + 200 * 24 * 60 * MIN, endTime: now + 200 * 24 * 60 * MIN + 60 * MIN }, now).startTime).toBe(
      '开播时间不能在 6 个月之后',
    );
    expect(roomFormHints({ ...ok, endTime: ok.startTime + 29 * MIN }, now).endTime).toBe('直播时长不能短于 30 分钟');
    expect(roomFormHints({ ...ok, endTime: ok.startTime + 30 * MIN }, now).endTime).toBeUndefined();
    expect(roomFormHints({ ...ok, endTime: ok.startTime + 24 * 60 * MIN }, now).endTime).toBeUndefined();
    expect(roomFormHints({ ...ok, endTime: ok.startTime + 24 * 60 * MIN + MIN }, now).endTime).toBe('直播时长不能超过 24 小时');
  });
});

test('讲解 needs a live room and approved goods', () => {
  const live = { status: 'live' as const };
  const upcoming = { status: 'upcoming' as const };
  expect(canPush(live, { auditStatus: 'approved', explaining: false })).toBe(true);
  expect(canPush(live, { auditStatus: 'approved', explaining: true })).toBe(false);
  for (const auditStatus of ['submitting', 'pending', 'rejected'] as const) {
    expect(canPush(live, { auditStatus, explaining: false })).toBe(false);
    expect(pushBlockedReason(live, { auditStatus, explaining: false })).toBe('审核通过后可讲解');
  }
  expect(canPush(upcoming, { auditStatus: 'approved', explaining: false })).toBe(false);
  expect(pushBlockedReason(upcoming, { auditStatus: 'approved', explaining: false })).toBe('开播后可讲解');
  expect(canPush({ status: 'ended' }, { auditStatus: 'approved', explaining: false })).toBe(false);
});

describe('the timeline chart', () => {
  const titles = { p1: '羊毛围巾', p2: '手冲咖啡' };
  const timeline: LiveStats['timeline'] = [
    { minute: T0 + 4 * MIN, orders: 1, gmv: 500, explainingProductId: null },
    { minute: T0, orders: 1, gmv: 1000, explainingProductId: 'p1' },
    { minute: T0 + MIN, orders: 3, gmv: 3000, explainingProductId: 'p1' },
    { minute: T0 + 3 * MIN, orders: 2, gmv: 2000, explainingProductId: 'p2' },
  ];

  test('a bar per minute from the first to the last, heights proportional to GMV, empty minutes at 0', () => {
    const chart = timelineChart(timeline, titles);
    expect(chart.bucketMinutes).toBe(1);
    expect(chart.maxGmv).toBe(3000);
    expect(chart.bars.map((b) => b.minute)).toEqual([0, 1, 2, 3, 4].map((i) => T0 + i * MIN));
    expect(chart.bars.map((b) => b.height)).toEqual([33.3, 100, 0, 66.7, 16.7]);
    expect(chart.bars.map((b) => b.gmv)).toEqual([1000, 3000, 0, 2000, 500]);
  });

  test('coloured by the explained product, marked where it changes, with a legend in order of appearance', () => {
    const chart = timelineChart(timeline, titles);
    expect(chart.bars.map((b) => b.color)).toEqual([CHART_COLORS[0], CHART_COLORS[0], NONE_COLOR, CHART_COLORS[1], NONE_COLOR]);
    expect(chart.bars.map((b) => b.mark)).toEqual(['羊毛围巾', '', '', '手冲咖啡', '']);
    expect(chart.bars.map((b) => b.markLevel)).toEqual([0, 0, 0, 1, 0]);
    expect(chart.legend).toEqual([
      { productId: 'p1', title: '羊毛围巾', color: CHART_COLORS[0] },
      { productId: 'p2', title: '手冲咖啡', color: CHART_COLORS[1] },
      { productId: null, title: '未讲解', color: NONE_COLOR },
    ]);
    expect(chart.bars[0].tick).toBe('20:00');
  });

  test('a product explained again after another is marked again; one missing from the titles is named so', () => {
    const chart = timelineChart(
      [
        { minute: T0, orders: 1, gmv: 100, explainingProductId: 'p1' },
        { minute: T0 + MIN, orders: 1, gmv: 100, explainingProductId: 'p2' },
        { minute: T0 + 2 * MIN, orders: 1, gmv: 100, explainingProductId: 'p1' },
        { minute: T0 + 3 * MIN, orders: 1, gmv: 100, explainingProductId: 'gone' },
      ],
      titles,
    );
    expect(chart.bars.map((b) => b.mark)).toEqual(['羊毛围巾', '手冲咖啡', '羊毛围巾', '已移除的商品']);
    // Marks close together take the next row; with every row taken, the one that frees first.
    expect(chart.bars.map((b) => b.markLevel)).toEqual([0, 1, 2, 0]);
  });

  test('time ticks every ten bars, and under the last bar when it is far enough from the one before', () => {
    const at = (n: number) => Array.from({ length: n }, (_, i) => ({ minute: T0 + i * MIN, orders: 1, gmv: 100, explainingProductId: null }));
    const ticks = (n: number) => timelineChart(at(n), titles).bars.flatMap((b, i) => (b.tick ? [`${i}:${b.tick}`] : []));
    expect(ticks(5)).toEqual(['0:20:00']);
    expect(ticks(9)).toEqual(['0:20:00', '8:20:08']);
    expect(ticks(23)).toEqual(['0:20:00', '10:20:10', '20:20:20']);
    expect(ticks(26)).toEqual(['0:20:00', '10:20:10', '20:20:20', '25:20:25']);
  });

  test('a long timeline is grouped so the chart stays at most 180 bars; a tiny minute still shows', () => {
    const long: LiveStats['timeline'] = [
      { minute: T0, orders: 1, gmv: 100_000, explainingProductId: 'p1' },
      { minute: T0 + 1, orders: 1, gmv: 1, explainingProductId: 'p1' }, // the same minute: summed
      { minute: T0 + 599 * MIN, orders: 1, gmv: 10, explainingProductId: 'p2' },
    ];
    const chart = timelineChart(long, titles);
    expect(chart.bucketMinutes).toBe(4);
    expect(chart.bars).toHaveLength(150);
    expect(chart.bars[0]).toMatchObject({ gmv: 100_001, orders: 2, height: 100 });
    expect(chart.bars[149]).toMatchObject({ gmv: 10, height: 1, mark: '手冲咖啡' });
    expect(timelineChart([], titles)).toEqual({ bars: [], legend: [], bucketMinutes: 1, maxGmv: 0 });
  });
});

// ---------- the pages ----------

/** No local cloud: every call goes to the stand-in through services/api.ts setTransport. */
const OFFLINE: TestCloud = {
  url: 'http://127.0.0.1:9',
  calls: [],
  api: () => Promise.reject(new Error('no local cloud in this file')),
  update: () => Promise.reject(new Error('no local cloud in this file')),
  dev: () => Promise.reject(new Error('no local cloud in this file')),
  close: () => Promise.resolve(),
};

beforeAll(() => ensureMiniprogramNpm(), 120_000);

type WxMock = Record<string, jest.Mock>;
function mockWx(mocks: Record<string, (...args: unknown[]) => unknown>): WxMock {
  const out: WxMock = {};
  for (const [name, impl] of Object.entries(mocks)) {
    out[name] = jest.fn(impl);
    (wx as unknown as Record<string, unknown>)[name] = out[name];
  }
  return out;
}

function open(path: string, backend: FakeBackend, query: Record<string, string> = {}): { page: Page; wxm: WxMock } {
  const { page, mp } = loadPage(path, OFFLINE, { storage: { devOpenid: 'dev-merchant' } });
  mp<typeof import('../../miniprogram/services/api')>('services/api').setTransport(backend.transport);
  const wxm = mockWx({
    showToast: () => undefined,
    navigateTo: () => Promise.resolve(),
    redirectTo: () => Promise.resolve(),
    stopPullDownRefresh: () => undefined,
    showModal: () => Promise.resolve({ confirm: true, cancel: false }),
  });
  page.instance.onLoad(query);
  return { page, wxm };
}

const vantButton = (host: AnyComponent | undefined): AnyComponent | undefined => host?.querySelector('.van-button');
/** The element matching `selector` inside `scope` (simulate's querySelector only searches a component's own template). */
const within = (page: Page, scope: AnyComponent | undefined, selector: string): AnyComponent | undefined =>
  scope ? page.querySelectorAll(selector).find((c: AnyComponent) => !!c.dom && scope.dom?.contains(c.dom)) : undefined;
const allWithin = (page: Page, scope: AnyComponent | undefined, selector: string): AnyComponent[] =>
  scope ? page.querySelectorAll(selector).filter((c: AnyComponent) => !!c.dom && scope.dom?.contains(c.dom)) : [];
const texts = (page: Page, selector: string): string[] => page.querySelectorAll(selector).map(textOf);
const toasts = (wxm: WxMock): string[] => wxm.showToast.mock.calls.map((c) => (c[0] as { title: string }).title);

function typeInto(field: AnyComponent | undefined, value: string): void {
  const control = (field?.querySelectorAll('.van-field__control') ?? []).find((c: AnyComponent) => /^WX-INPUT$/i.test(c.dom?.tagName ?? ''));
  if (!control) throw new Error('no input in the field');
  control.dispatchEvent('input', { detail: { value } });
}

describe('直播管理: the rooms', () => {
  function world(): LiveWorld {
    return emptyWorld({
      pageSize: 2,
      stores: STORES,
      storeStats: [
        { store: STORES[0], rooms: 2, liveNow: 1, orders: 12, paidOrders: 10, gmv: 128800 },
        { store: null, rooms: 1, liveNow: 0, orders: 0, paidOrders: 0, gmv: 0 },
      ],
      rooms: [
        room('r1', {
          name: '春季新品直播',
          status: 'live',
          liveStatus: 101,
          storeId: 's-sh',
          reminderSubscribers: 36,
          goods: [goods('p1'), goods('p2', { auditStatus: 'pending' }), goods('p3')],
          explaining: { productId: 'p1', title: '商品 p1', image: '', price: 4900, since: T0 },
        }),
        room('r2', { name: '周末清仓', storeId: 's-sh', startTime: T0 + 24 * 60 * MIN, endTime: T0 + 25 * 60 * MIN + 30 * MIN }),
        room('r3', { name: '老客回馈', status: 'ended', liveStatus: 103, startTime: T0 - 24 * 60 * MIN, endTime: T0 - 22 * 60 * MIN }),
      ],
    });
  }

  test('each room with its status, times, goods and reminder subscribers; pages on reach-bottom; the stores and their figures', async () => {
    const backend = liveBackend(world());
    const { page, wxm } = open('packages/merchant/pages/live-rooms/index', backend);
    await waitFor(() => page.querySelectorAll('.room-card').length === 2, 'the first page');

    const first = page.querySelectorAll('.room-card')[0];
    expect(textOf(first)).toContain('直播中');
    expect(textOf(first)).toContain('春季新品直播');
    expect(textOf(first)).toContain('2025-03-12 20:00 - 22:00');
    expect(textOf(first)).toContain('主播 小满 · 2 小时 · 上海旗舰店');
    expect(textOf(within(page, first, '.room-card__goods'))).toBe('商品 2');
    expect(textOf(within(page, first, '.room-card__auditing'))).toBe('审核中 1');
    expect(textOf(within(page, first, '.room-card__reminders'))).toBe('预约 36 人');
    expect(textOf(within(page, first, '.room-card__explaining'))).toBe('讲解中：商品 p1');
    const second = page.querySelectorAll('.room-card')[1];
    expect(textOf(second)).toContain('未开始');
    expect(textOf(second)).toContain('2025-03-13 20:00 - 21:30');
    expect(textOf(second)).toContain('1 小时 30 分钟');

    page.instance.onReachBottom();
    await waitFor(() => page.querySelectorAll('.room-card').length === 3, 'the second page');
    expect(textOf(page.querySelectorAll('.room-card')[2])).toContain('已结束');
    await waitFor(() => textOf(page).includes('没有更多了'), 'the end of the list');
    expect(backend.payloads('merchant.liveRooms')).toEqual([{}, { cursor: '2' }]);

    // The per-store figures above the list.
    expect(texts(page, '.store-stat__name')).toEqual(['上海旗舰店', '未关联门店']);
    expect(textOf(page.querySelectorAll('.store-stat')[0])).toContain('¥1288.00');
    expect(textOf(page.querySelectorAll('.store-stat')[0])).toContain('2 场直播');
    expect(textOf(page.querySelectorAll('.store-stat')[0])).toContain('1 场直播中');
    expect(textOf(page.querySelectorAll('.store-stat')[0])).toContain('已付款 10 单 / 下单 12 单');

    // The store filter: 全部 then each store; a store asks for its rooms only.
    expect(texts(page, '.store-filter__chip')).toEqual(['全部', '上海旗舰店', '杭州西湖店']);
    await tap(page.querySelectorAll('.store-filter__chip')[2], '杭州西湖店');
    await waitFor(() => textOf(page).includes('该门店还没有直播间'), 'the empty store');
    expect(backend.payloads('merchant.liveRooms').slice(-1)).toEqual([{ storeId: 's-hz' }]);
    expect(textOf(page.querySelector('.store-filter__chip--active'))).toBe('杭州西湖店');

    await tap(page.querySelectorAll('.store-filter__chip')[1], '上海旗舰店');
    await waitFor(() => page.querySelectorAll('.room-card').length === 2, "the Shanghai store's rooms");
    expect(backend.payloads('merchant.liveRooms').slice(-1)).toEqual([{ storeId: 's-sh' }]);

    await tap(page.querySelectorAll('.room-card')[0], 'a room');
    expect(wxm.navigateTo).toHaveBeenCalledWith({ url: '/packages/merchant/pages/live-room/index?roomId=r1' });
    await tap(vantButton(page.querySelector('.live-rooms__create')), '创建直播间');
    expect(wxm.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/merchant/pages/live-create/index' });
    page.instance.onUnload();
  });

  test('a shop without stores shows no filter; a shopper reads the refusal', async () => {
    const backend = liveBackend(emptyWorld());
    backend.handlers.merchant!.liveRooms = () => {
      throw refuse('FORBIDDEN', '仅商家可管理直播');
    };
    const { page } = open('packages/merchant/pages/live-rooms/index', backend);
    await waitFor(() => textOf(page).includes('仅商家可管理直播'), 'the refusal');
    expect(page.querySelector('.store-filter')).toBeUndefined();
    expect(page.querySelector('.live-rooms__stats')).toBeUndefined();
    page.instance.onUnload();
  });
});

describe('创建直播间', () => {
  const CREATE = 'packages/merchant/pages/live-create/index';

  test("hints follow WeChat's limits as the merchant types; the server's refusal is shown on the form; then it is created", async () => {
    const w = emptyWorld({ stores: STORES });
    const backend = liveBackend(w);
    const create = backend.handlers.merchant!.createLiveRoom!;
    backend.handlers.merchant!.createLiveRoom = () => {
      throw refuse('WECHAT_REFUSED', '创建直播间失败：微信返回 300036 主播微信号未实名认证');
    };
    const { page, wxm } = open(CREATE, backend);
    await waitFor(() => page.querySelector('.create__store'), 'the store picker');
    // The times start filled: the next half hour, two hours long.
    expect(textOf(page.querySelector('.create__end'))).toContain('时长 2 小时');

    // An empty form is not sent.
    await tap(vantButton(page.querySelector('.create__submit')), '创建 with nothing');
    expect(textOf(page.querySelector('.create__hint--name'))).toBe('请填写直播间名称');
    expect(backend.payloads('merchant.createLiveRoom')).toHaveLength(0);
    expect(toasts(wxm)).toEqual(['请填写直播间名称']);

    typeInto(page.querySelector('.create__name'), '直播');
    await waitFor(() => textOf(page.querySelector('.create__hint--name')).includes('3 到 17 个汉字'), 'the name hint');
    typeInto(page.querySelector('.create__name'), '春季新品直播');
    await waitFor(() => !page.querySelector('.create__hint--name'), 'the hint gone');
    typeInto(page.querySelector('.create__anchor'), '小满');
    page.querySelector('.create__store')?.dispatchEvent('change', { detail: { value: 2 } });
    await settle(30);
    expect(textOf(page.querySelector('.create__store'))).toContain('杭州西湖店');

    // A start too soon is a hint, not a block (the device clock may be off: the server decides).
    const soon = Date.now() + 5 * MIN;
    page.instance.onPickerConfirm({ detail: soon });
    await waitFor(() => textOf(page.querySelector('.create__hint--start')) === '开播时间需在 10 分钟之后', 'the start hint');
    const start = Date.now() + 60 * MIN;
    page.instance.onPickerConfirm({ detail: start }); // the end moves with the start
    await waitFor(() => !page.querySelector('.create__hint--start'), 'the start hint gone');
    page.instance.onOpenPicker({ currentTarget: { dataset: { target: 'end' } } });
    await settle(30);
    page.instance.onPickerConfirm({ detail: start + 25 * 60 * MIN });
    await waitFor(() => textOf(page.querySelector('.create__hint--end')) === '直播时长不能超过 24 小时', 'the end hint');
    page.instance.onOpenPicker({ currentTarget: { dataset: { target: 'end' } } });
    await settle(30);
    page.instance.onPickerConfirm({ detail: start + 90 * MIN });
    await waitFor(() => !page.querySelector('.create__hint--end'), 'the end hint gone');

    await tap(vantButton(page.querySelector('.create__submit')), '创建');
    await waitFor(() => page.querySelector('.create__error'), 'the refusal');
    expect(textOf(page.querySelector('.create__error'))).toBe('创建直播间失败：微信返回 300036 主播微信号未实名认证');
    expect(backend.payloads('merchant.createLiveRoom')).toEqual([
      { name: '春季新品直播', anchorName: '小满', startTime: start, endTime: start + 90 * MIN, storeId: 's-hz' },
    ]);
    expect(wxm.redirectTo).not.toHaveBeenCalled();

    // The server's own validation words (the field name dropped), then a success.
    backend.handlers.merchant!.createLiveRoom = () => {
      throw refuse('INVALID_INPUT', 'startTime: 开播时间需在 10 分钟之后');
    };
    await tap(vantButton(page.querySelector('.create__submit')), '创建 again');
    await waitFor(() => textOf(page.querySelector('.create__error')) === '开播时间需在 10 分钟之后', "the server's words");

    typeInto(page.querySelector('.create__name'), '春季新品直播 2');
    await waitFor(() => !page.querySelector('.create__error'), 'the refusal cleared by an edit');
    backend.handlers.merchant!.createLiveRoom = create;
    await tap(vantButton(page.querySelector('.create__submit')), '创建 once more');
    await waitFor(() => wxm.redirectTo.mock.calls.length === 1, 'the room page');
    expect(wxm.redirectTo).toHaveBeenCalledWith({ url: '/packages/merchant/pages/live-room/index?roomId=r1' });
    expect(w.rooms[0]).toMatchObject({ roomId: 'r1', name: '春季新品直播 2', storeId: 's-hz' });
  });
});

describe('直播间管理', () => {
  const ROOM = 'packages/merchant/pages/live-room/index';

  function world(status: 'live' | 'upcoming' = 'live'): LiveWorld {
    return emptyWorld({
      products: [product('p1', '羊毛围巾', 12900), product('p5', '手冲咖啡壶', 8900), product('p6', '真丝眼罩', 3900)],
      templates: [liveCoupon('lc-10', { name: '直播专享 10 元券' }), liveCoupon('lc-88', { name: '满 300 减 88', threshold: 30000, amountOff: 8800, liveOnly: false })],
      rooms: [
        room('r1', {
          name: '春季新品直播',
          status,
          liveStatus: status === 'live' ? 101 : 102,
          reminderSubscribers: 12,
          goods: [
            goods('p1', { title: '羊毛围巾', price: 12900, livePrice: 9900 }),
            goods('p2', { title: '香薰蜡烛', auditStatus: 'submitting' }),
            goods('p3', { title: '陶瓷马克杯', auditStatus: 'pending' }),
            goods('p4', { title: '竹纤维毛巾', auditStatus: 'rejected', auditReason: '商品图片含二维码' }),
          ],
          coupons: [liveCoupon('lc-10', { name: '直播专享 10 元券' })],
          lotteries: [
            lottery('lot-old', {
              status: 'drawn',
              startedAt: T0 + 5 * MIN,
              endsAt: T0 + 10 * MIN,
              commitment: 'b'.repeat(64),
              seed: 'd'.repeat(64),
              participants: 57,
              winners: [
                { nickname: '阿花', ticket: '0123456789abcdef' },
                { nickname: '', ticket: 'fedcba9876543210' },
              ],
            }),
          ],
        }),
      ],
    });
  }

  const row = (page: Page, title: string): AnyComponent | undefined => page.querySelectorAll('.goods-row').find((r: AnyComponent) => textOf(r).includes(title));

  test('goods carry their audit tags (and why WeChat refused), 直播价 against 原价', async () => {
    const { page } = open(ROOM, liveBackend(world()), { roomId: 'r1' });
    await waitFor(() => page.querySelectorAll('.goods-row').length === 4, 'the goods');
    expect(textOf(page.querySelector('.room__name'))).toBe('春季新品直播');
    expect(textOf(page.querySelector('.room__head'))).toContain('预约提醒 12 人');
    expect(page.querySelectorAll('.goods-row__audit').map(textOf)).toEqual(['已通过', '提交中', '审核中', '未通过']);
    expect(page.querySelectorAll('.goods-row__audit').map((t: AnyComponent) => t.data.type)).toEqual(['success', 'default', 'warning', 'danger']);
    expect(textOf(within(page, row(page, '竹纤维毛巾'), '.goods-row__reason'))).toBe('原因：商品图片含二维码');
    expect(within(page, row(page, '羊毛围巾'), '.goods-row__reason')).toBeUndefined();
    expect(textOf(within(page, row(page, '羊毛围巾'), '.goods-row__live'))).toBe('直播价 ¥99.00');
    expect(textOf(within(page, row(page, '羊毛围巾'), '.goods-row__list'))).toBe('原价 ¥129.00');
    expect(textOf(within(page, row(page, '香薰蜡烛'), '.goods-row__normal'))).toBe('原价 ¥59.00');
    expect(within(page, row(page, '香薰蜡烛'), '.goods-row__live')).toBeUndefined();
    page.instance.onUnload();
  });

  test('讲解 is offered for approved goods of a live room only; the explained one is marked 讲解中', async () => {
    const upcoming = open(ROOM, liveBackend(world('upcoming')), { roomId: 'r1' }).page;
    await waitFor(() => upcoming.querySelectorAll('.goods-row').length === 4, 'the goods');
    expect(upcoming.querySelectorAll('.goods-row__push').map((b: AnyComponent) => b.data.disabled)).toEqual([true, true, true, true]);
    expect(textOf(within(upcoming, row(upcoming, '羊毛围巾'), '.goods-row__hint'))).toBe('开播后可讲解');
    upcoming.instance.onUnload();

    const backend = liveBackend(world('live'));
    const { page, wxm } = open(ROOM, backend, { roomId: 'r1' });
    await waitFor(() => page.querySelectorAll('.goods-row').length === 4, 'the goods');
    expect(page.querySelectorAll('.goods-row__push').map((b: AnyComponent) => b.data.disabled)).toEqual([false, true, true, true]);
    expect(textOf(within(page, row(page, '陶瓷马克杯'), '.goods-row__hint'))).toBe('审核通过后可讲解');

    // A disabled 讲解 sends nothing.
    await tap(vantButton(within(page, row(page, '陶瓷马克杯'), '.goods-row__push')), '讲解 on pending goods');
    expect(backend.payloads('merchant.pushLiveGoods')).toHaveLength(0);

    await tap(vantButton(within(page, row(page, '羊毛围巾'), '.goods-row__push')), '讲解');
    await waitFor(() => within(page, row(page, '羊毛围巾'), '.goods-row__explaining'), 'the explained mark');
    expect(backend.payloads('merchant.pushLiveGoods')).toEqual([{ roomId: 'r1', productId: 'p1' }]);
    expect(textOf(within(page, row(page, '羊毛围巾'), '.goods-row__push'))).toBe('讲解中');
    expect(within(page, row(page, '羊毛围巾'), '.goods-row__push')?.data.disabled).toBe(true);
    expect(textOf(page.querySelector('.room__explaining'))).toBe('讲解中：羊毛围巾');
    expect(toasts(wxm)).toContain('开始讲解');
    page.instance.onUnload();
  });

  test('a push refused because the room stopped being live shows why and the room as it now is', async () => {
    const w = world('live');
    const backend = liveBackend(w);
    const { page, wxm } = open(ROOM, backend, { roomId: 'r1' });
    await waitFor(() => page.querySelectorAll('.goods-row').length === 4, 'the goods');
    w.rooms = w.rooms.map((r) => ({ ...r, status: 'ended', liveStatus: 103 }));
    await tap(vantButton(within(page, row(page, '羊毛围巾'), '.goods-row__push')), '讲解');
    await waitFor(() => toasts(wxm).includes('直播间未开播'), 'the refusal');
    await waitFor(() => textOf(page.querySelector('.room__tag')) === '已结束', 'the room reloaded');
    expect(within(page, row(page, '羊毛围巾'), '.goods-row__push')?.data.disabled).toBe(true);
    page.instance.onUnload();
  });

  test('添加商品: pick a product of the shop, type a live price in yuan, sent as fen; WeChat\'s refusal stays in the sheet', async () => {
    const backend = liveBackend(world());
    const { page, wxm } = open(ROOM, backend, { roomId: 'r1' });
    await waitFor(() => page.querySelectorAll('.goods-row').length === 4, 'the goods');

    await tap(vantButton(page.querySelector('.room__add-goods')), '添加商品');
    await waitFor(() => page.querySelectorAll('.pick').length === 3, 'the shop products');
    expect(texts(page, '.pick__title')).toEqual(['羊毛围巾', '手冲咖啡壶', '真丝眼罩']);
    expect(textOf(page.querySelectorAll('.pick')[0])).toContain('已添加');
    expect(page.querySelector('.add__confirm')?.data.disabled).toBe(true);

    await tap(page.querySelectorAll('.pick')[0], 'a product already in the room');
    expect(page.data.addProductId).toBe('');
    await tap(page.querySelectorAll('.pick')[1], '手冲咖啡壶');
    await waitFor(() => page.querySelector('.pick--active'), 'the picked product');
    expect(textOf(page.querySelector('.pick--active'))).toContain('手冲咖啡壶');

    // Three decimals: refused on the page, nothing sent.
    typeInto(page.querySelector('.add__price'), '69.999');
    await settle(30);
    await tap(vantButton(page.querySelector('.add__confirm')), '提交审核');
    await waitFor(() => textOf(page.querySelector('.add__error')) === '价格最多两位小数', 'the price problem');
    expect(backend.payloads('merchant.addLiveGoods')).toHaveLength(0);

    // WeChat refuses: its words in the sheet, which stays open.
    const add = backend.handlers.merchant!.addLiveGoods!;
    backend.handlers.merchant!.addLiveGoods = () => {
      throw refuse('WECHAT_REFUSED', 'errcode 300018: image size too large');
    };
    typeInto(page.querySelector('.add__price'), '69.9');
    await settle(30);
    await tap(vantButton(page.querySelector('.add__confirm')), '提交审核');
    await waitFor(() => textOf(page.querySelector('.add__error')) === '微信未通过：errcode 300018: image size too large', "WeChat's refusal");
    expect(page.querySelector('.add-popup')?.data.show).toBe(true);

    backend.handlers.merchant!.addLiveGoods = add;
    await tap(vantButton(page.querySelector('.add__confirm')), '提交审核 again');
    await waitFor(() => page.querySelectorAll('.goods-row').length === 5, 'the new goods');
    expect(backend.payloads('merchant.addLiveGoods').slice(-1)).toEqual([{ roomId: 'r1', productId: 'p5', livePrice: 6990 }]);
    expect(page.querySelector('.add-popup')?.data.show).toBe(false);
    expect(toasts(wxm)).toContain('已提交审核');
    const added = row(page, '手冲咖啡壶');
    expect(textOf(within(page, added, '.goods-row__audit'))).toBe('提交中');
    expect(textOf(within(page, added, '.goods-row__live'))).toBe('直播价 ¥69.90');
    expect(textOf(within(page, added, '.goods-row__list'))).toBe('原价 ¥89.00');

    // Without a live price: no livePrice in the payload.
    await tap(vantButton(page.querySelector('.room__add-goods')), '添加商品 again');
    await waitFor(() => page.querySelectorAll('.pick').length === 3, 'the products');
    await tap(page.querySelectorAll('.pick')[2], '真丝眼罩');
    await tap(vantButton(page.querySelector('.add__confirm')), '提交审核');
    await waitFor(() => page.querySelectorAll('.goods-row').length === 6, 'the sixth goods');
    expect(backend.payloads('merchant.addLiveGoods').slice(-1)).toEqual([{ roomId: 'r1', productId: 'p6' }]);
    expect(textOf(within(page, row(page, '真丝眼罩'), '.goods-row__normal'))).toBe('原价 ¥39.00');

    // 移除 asks first.
    await tap(vantButton(within(page, row(page, '真丝眼罩'), '.goods-row__remove')), '移除');
    await waitFor(() => page.querySelectorAll('.goods-row').length === 5, 'the goods removed');
    expect(wxm.showModal).toHaveBeenCalledWith(expect.objectContaining({ content: '从直播间移除“真丝眼罩”？' }));
    expect(backend.payloads('merchant.removeLiveGoods')).toEqual([{ roomId: 'r1', productId: 'p6' }]);
    page.instance.onUnload();
  });

  test('live coupons: add one of the templates not yet in the room, remove one', async () => {
    const backend = liveBackend(world());
    const { page } = open(ROOM, backend, { roomId: 'r1' });
    await waitFor(() => page.querySelectorAll('.goods-row').length === 4, 'the room');
    expect(texts(page, '.section .coupon-row__name')).toEqual(['直播专享 10 元券']);
    expect(textOf(page.querySelector('.coupon-row'))).toContain('满99元可用 · 直播专享');

    await tap(vantButton(page.querySelector('.room__add-coupon')), '添加优惠券');
    await waitFor(() => page.querySelectorAll('.coupon-option').length === 1, 'the templates');
    expect(textOf(page.querySelector('.coupon-option'))).toContain('满 300 减 88');
    expect(textOf(page.querySelector('.coupon-option'))).toContain('¥88');
    await tap(vantButton(page.querySelector('.coupon-option__add')), '添加');
    await waitFor(() => page.querySelectorAll('.coupon-option').length === 0 && textOf(page).includes('没有可添加的优惠券'), 'the template added');
    expect(backend.payloads('merchant.addLiveCoupon')).toEqual([{ roomId: 'r1', templateId: 'lc-88' }]);
    expect(texts(page, '.section .coupon-row__name')).toEqual(['直播专享 10 元券', '满 300 减 88']);

    page.instance.onCloseCoupons();
    await tap(vantButton(page.querySelectorAll('.coupon-row__remove')[0]), '移除');
    await waitFor(() => texts(page, '.section .coupon-row__name').length === 1, 'the coupon removed');
    expect(texts(page, '.section .coupon-row__name')).toEqual(['满 300 减 88']);
    expect(backend.payloads('merchant.removeLiveCoupon')).toEqual([{ roomId: 'r1', templateId: 'lc-10' }]);
    expect(backend.payloads('merchant.couponTemplates')).toHaveLength(1);
    page.instance.onUnload();
  });

  test('抽奖: start one (prize, winners, minutes); lotteries show their commitment, participants, seed and winners', async () => {
    const backend = liveBackend(world());
    const { page, wxm } = open(ROOM, backend, { roomId: 'r1' });
    await waitFor(() => page.querySelectorAll('.lottery-card').length === 1, 'the drawn lottery');
    const drawn = page.querySelector('.lottery-card');
    expect(textOf(drawn)).toContain('已开奖');
    expect(textOf(within(page, drawn, '.lottery-card__participants'))).toBe('57');
    expect(textOf(drawn)).toContain(`承诺值 ${'b'.repeat(64)}`);
    expect(textOf(drawn)).toContain(`种子 ${'d'.repeat(64)}`);
    const winners = allWithin(page, drawn, '.lottery-card__winner');
    expect(winners.map(textOf)).toEqual(['阿花0123456789abcdef', '微信用户fedcba9876543210']);
    expect(winners.map((w) => textOf(within(page, w, '.lottery-card__ticket')))).toEqual(['0123456789abcdef', 'fedcba9876543210']);

    await tap(vantButton(page.querySelector('.room__start-lottery')), '发起抽奖');
    await waitFor(() => page.querySelectorAll('.lottery__prize').length === 2, 'the prizes');
    await tap(vantButton(page.querySelector('.lottery__confirm')), '开始抽奖 without a prize');
    expect(textOf(page.querySelector('.lottery__error'))).toBe('请选择奖品');
    expect(backend.payloads('merchant.startLottery')).toHaveLength(0);

    await tap(page.querySelectorAll('.lottery__prize')[1], '满 300 减 88');
    page.querySelector('.lottery__winners')?.dispatchEvent('change', { detail: 3 });
    page.querySelector('.lottery__minutes')?.dispatchEvent('change', { detail: 10 });
    await settle(30);
    await tap(vantButton(page.querySelector('.lottery__confirm')), '开始抽奖');
    await waitFor(() => page.querySelectorAll('.lottery-card').length === 2, 'the new lottery');
    expect(backend.payloads('merchant.startLottery')).toEqual([{ roomId: 'r1', templateId: 'lc-88', winners: 3, minutes: 10 }]);
    expect(toasts(wxm)).toContain('抽奖已开始');
    const running = page.querySelectorAll('.lottery-card')[0];
    expect(textOf(running)).toContain('进行中');
    expect(textOf(running)).toContain('满 300 减 88');
    expect(textOf(running)).toContain('3 人中奖');
    expect(textOf(running)).toContain('参与 0 人 · 截止 2025-03-12 20:50');
    expect(textOf(running)).toContain(`承诺值 ${'c'.repeat(64)}`);
    expect(within(page, running, '.lottery-card__winners')).toBeUndefined();
    page.instance.onUnload();
  });

  test('抽奖 waits for the room to be live; a refusal of the server shows in the sheet', async () => {
    const upcoming = open(ROOM, liveBackend(world('upcoming')), { roomId: 'r1' }).page;
    await waitFor(() => upcoming.querySelectorAll('.goods-row').length === 4, 'the room');
    expect(upcoming.querySelector('.room__start-lottery')?.data.disabled).toBe(true);
    expect(textOf(upcoming)).toContain('开播后可发起抽奖');
    upcoming.instance.onUnload();

    const w = world('live');
    const { page } = open(ROOM, liveBackend(w), { roomId: 'r1' });
    await waitFor(() => page.querySelectorAll('.goods-row').length === 4, 'the room');
    w.rooms = w.rooms.map((r) => ({ ...r, status: 'ended', liveStatus: 103 }));
    await tap(vantButton(page.querySelector('.room__start-lottery')), '发起抽奖');
    await waitFor(() => page.querySelectorAll('.lottery__prize').length === 2, 'the prizes');
    await tap(page.querySelectorAll('.lottery__prize')[0], 'a prize');
    await tap(vantButton(page.querySelector('.lottery__confirm')), '开始抽奖');
    await waitFor(() => textOf(page.querySelector('.lottery__error')) === '直播间未开播，不能抽奖', 'NOT_LIVE in the sheet');
    page.instance.onUnload();
  });

  test('数据看板 opens the dashboard of the room', async () => {
    const { page, wxm } = open(ROOM, liveBackend(world()), { roomId: 'r1' });
    await waitFor(() => page.querySelector('.room__dashboard'), 'the room');
    await tap(page.querySelector('.room__dashboard')?.querySelector('.van-cell'), '数据看板');
    expect(wxm.navigateTo).toHaveBeenCalledWith({ url: '/packages/merchant/pages/live-dashboard/index?roomId=r1' });
    page.instance.onUnload();
  });
});

describe('直播数据', () => {
  const DASH = 'packages/merchant/pages/live-dashboard/index';
  const stats: LiveStats = {
    roomId: 'r1',
    orders: 9,
    paidOrders: 7,
    gmv: 65000,
    buyers: 6,
    byProduct: [
      { productId: 'p1', title: '羊毛围巾', orders: 4, qty: 5, gmv: 49500 },
      { productId: 'p2', title: '手冲咖啡壶', orders: 3, qty: 3, gmv: 15500 },
    ],
    timeline: [
      { minute: T0, orders: 1, gmv: 10000, explainingProductId: 'p1' },
      { minute: T0 + MIN, orders: 3, gmv: 30000, explainingProductId: 'p1' },
      { minute: T0 + 3 * MIN, orders: 2, gmv: 20000, explainingProductId: 'p2' },
      { minute: T0 + 4 * MIN, orders: 1, gmv: 5000, explainingProductId: null },
    ],
    remindersSent: 30,
    reminderSubscribers: 36,
  };

  function world(): LiveWorld {
    return emptyWorld({
      stats: { r1: stats },
      rooms: [room('r1', { name: '春季新品直播', status: 'ended', liveStatus: 103, goods: [goods('p1', { title: '羊毛围巾' }), goods('p2', { title: '手冲咖啡壶' })] })],
    });
  }

  test('the figures, the table by product, and the timeline as bars: heights proportional to GMV, coloured and marked by the explained product', async () => {
    const backend = liveBackend(world());
    const { page } = open(DASH, backend, { roomId: 'r1' });
    await waitFor(() => page.querySelectorAll('.chart__bar').length === 5, 'the chart');
    expect(textOf(page.querySelector('.dash__name'))).toBe('春季新品直播');
    expect(textOf(page.querySelector('.dash__status'))).toBe('已结束');
    expect(textOf(page.querySelector('.figure__gmv'))).toBe('¥650.00');
    expect(textOf(page.querySelector('.figure__paid'))).toBe('7');
    expect(textOf(page.querySelector('.figure__orders'))).toBe('9');
    expect(textOf(page.querySelector('.figure__buyers'))).toBe('6');
    expect(textOf(page.querySelector('.figure__reminders'))).toBe('30 / 36');

    const cells = (r: AnyComponent): string[] => ['.table__title', '.table__num', '.table__money'].flatMap((c) => allWithin(page, r, c).map(textOf));
    expect(page.querySelectorAll('.product-row').map(cells)).toEqual([
      ['羊毛围巾', '4', '5', '¥495.00'],
      ['手冲咖啡壶', '3', '3', '¥155.00'],
    ]);

    const bars = page.querySelectorAll('.chart__bar');
    const style = (b: AnyComponent): string => b.dom?.getAttribute('style') ?? '';
    const height = (b: AnyComponent): number => Number(/height:\s*([\d.]+)%/.exec(style(b))?.[1] ?? NaN);
    expect(bars.map(height)).toEqual([33.3, 100, 0, 66.7, 16.7]);
    // Proportional: each bar's height over the tallest is its GMV over the best minute's.
    const gmv = [10000, 30000, 0, 20000, 5000];
    bars.forEach((b: AnyComponent, i: number) => expect(height(b) / 100).toBeCloseTo(gmv[i] / 30000, 2));
    const colour = (b: AnyComponent): string => /background:\s*([^;]+)/.exec(style(b))?.[1].trim() ?? '';
    expect(bars.map(colour)).toEqual([CHART_COLORS[0], CHART_COLORS[0], NONE_COLOR, CHART_COLORS[1], NONE_COLOR]);
    // The explained product is named where it changes.
    expect(texts(page, '.chart__mark')).toEqual(['羊毛围巾', '手冲咖啡壶']);
    const slots = page.querySelectorAll('.chart__bar-slot');
    expect(slots.map((s: AnyComponent) => (s.dom?.className ?? '').includes('chart__bar-slot--marked'))).toEqual([true, false, false, true, false]);
    expect(texts(page, '.legend__title')).toEqual(['羊毛围巾', '手冲咖啡壶', '未讲解']);
    expect(textOf(page.querySelector('.chart__tick'))).toBe('20:00');
    // Wider than the screen when long: the plot is as wide as its bars, in a sideways scroll-view.
    expect(page.querySelector('.chart__plot')?.dom?.getAttribute('style')).toMatch(/width: 150(rpx|px)/); // 5 bars of 22rpx and the margins
    expect(backend.payloads('merchant.liveStats')).toEqual([{ roomId: 'r1' }]);
  });

  test('a room with no sales yet says so; a failure offers 重试', async () => {
    const w = world();
    w.stats.r1 = { ...stats, orders: 0, paidOrders: 0, gmv: 0, buyers: 0, byProduct: [], timeline: [] };
    const backend = liveBackend(w);
    const stall = backend.handlers.merchant!.liveStats!;
    backend.handlers.merchant!.liveStats = () => {
      throw refuse('INTERNAL', 'boom');
    };
    const { page } = open(DASH, backend, { roomId: 'r1' });
    await waitFor(() => textOf(page).includes('重试'), 'the failure');
    backend.handlers.merchant!.liveStats = stall;
    await tap(vantButton(page.querySelector('.dash__retry')), '重试');
    await waitFor(() => page.querySelector('.figure__gmv'), 'the figures');
    expect(textOf(page.querySelector('.figure__gmv'))).toBe('¥0.00');
    expect(page.querySelectorAll('.chart__bar')).toHaveLength(0);
    expect(texts(page, '.section__empty')).toEqual(['还没有成交', '还没有成交']);
  });
});

test('Me: the back office (merchants only) has 直播管理, which opens the rooms', async () => {
  const backend = liveBackend(emptyWorld());
  backend.handlers.user = {
    me: () => ({
      openid: 'dev-merchant',
      roles: ['merchant'],
      profile: { nickname: '店长', avatar: null },
      orderCounts: { pending_payment: 0, paid: 0, shipped: 0 },
      couponCount: 0,
      afterSaleCount: 0,
      workbench: { toShip: 0, toReview: 0, refundsFailed: 0 },
    }),
  };
  backend.handlers.dist = { me: () => { throw refuse('FORBIDDEN', '不是分销员'); } };
  const { page, mp } = loadPage('pages/me/index', OFFLINE, { storage: { devOpenid: 'dev-merchant' } });
  mp<typeof import('../../miniprogram/services/api')>('services/api').setTransport(backend.transport);
  const { navigateTo } = mockWx({ navigateTo: () => Promise.resolve() });
  page.instance.onShow();
  await waitFor(() => page.querySelectorAll('.me__merchant-entry').length > 0, 'the back office');
  const entries = page.querySelectorAll('.me__merchant-entry');
  expect(textOf(entries[entries.length - 1])).toBe('直播管理');
  await tap(entries[entries.length - 1].querySelector('.van-grid-item__content'), '直播管理');
  expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/merchant/pages/live-rooms/index' });
});
