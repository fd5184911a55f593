/** Live commerce rules: phases, WeChat's limits, live prices, the lottery draw and per-room sales. */
import { createHash } from 'crypto';
import fc from 'fast-check';
import {
  GOODS_NAME_WIDTH, MINUTE_MS, StatsOrder, checkRoom, commitmentOf, drawWinners, explainingAt, goodsName, livePriceOf, phaseOf, salesFigures, textWidth, ticketOf,
} from '../../cloudfunctions/domain/live';
import { unitsAmount } from '../../cloudfunctions/domain/refund';

const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: n, maxLength: n });
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const NOW = Date.UTC(2026, 11, 3, 2, 0, 0);

describe('rooms', () => {
  test('WeChat live_status -> what a shopper sees', () => {
    expect([101, 102, 103, 104, 105, 106, 107].map(phaseOf)).toEqual(['live', 'upcoming', 'ended', 'ended', 'live', 'ended', 'ended']);
  });

  test('a Chinese character counts 2, anything else 1; goods names are cut at 14 Chinese characters', () => {
    expect(textWidth('直播abc')).toBe(7);
    expect(goodsName('声悦 Pro 主动降噪真无线蓝牙耳机')).toBe('声悦 Pro 主动降噪真无线蓝牙'); // 4 + 1 + 3 + 1 + 18 = 27
    expect(textWidth(goodsName('声悦 Pro 主动降噪真无线蓝牙耳机'))).toBeLessThanOrEqual(GOODS_NAME_WIDTH);
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (t) => {
      const n = goodsName(t);
      return textWidth(n) <= GOODS_NAME_WIDTH && t.trim().startsWith(n);
    }));
  });

  test("room times and names as WeChat takes them", () => {
    const ok = { name: '秋冬新品直播', anchorName: '小美', startTime: NOW + 10 * MINUTE_MS, endTime: NOW + 40 * MINUTE_MS };
    expect(checkRoom(ok, NOW)).toBeNull();
    expect(checkRoom({ ...ok, startTime: NOW + 10 * MINUTE_MS - 1 }, NOW)).toMatch('10 分钟');
    expect(checkRoom({ ...ok, endTime: ok.startTime + 30 * MINUTE_MS - 1 }, NOW)).toMatch('30 分钟');
    expect(checkRoom({ ...ok, endTime: ok.startTime + 24 * 60 * MINUTE_MS + 1 }, NOW)).toMatch('24 小时');
    expect(checkRoom({ ...ok, startTime: NOW + 200 * 86_400_000, endTime: NOW + 200 * 86_400_000 + 60 * MINUTE_MS }, NOW)).toMatch('6 个月');
    expect(checkRoom({ ...ok, name: '直播' }, NOW)).toMatch('名称');
    expect(checkRoom({ ...ok, name: '一二三四五六七八九十一二三四五六七八' }, NOW)).toMatch('名称');
    expect(checkRoom({ ...ok, anchorName: '美' }, NOW)).toMatch('主播');
  });

  test('a live price applies unless the SKU is cheaper already', () => {
    expect(livePriceOf(29900, 25000)).toBe(25000);
    expect(livePriceOf(19900, 25000)).toBe(19900);
    expect(livePriceOf(29900, null)).toBe(29900);
  });
});

describe('the lottery', () => {
  test('the commitment is the hash of the seed; tickets hide the openid', () => {
    const seed = 'a'.repeat(64);
    expect(commitmentOf(seed, sha)).toBe(sha(seed));
    expect(ticketOf('L1', 'openid-x', sha)).toBe(sha('L1:openid-x').slice(0, 16));
  });

  test('winners depend on the seed and the set of tickets only, are distinct and at most the count', () => {
    fc.assert(fc.property(
      hex(64), fc.uniqueArray(hex(16), { maxLength: 30 }), fc.nat(40),
      (seed, tickets, count) => {
        const w = drawWinners(seed, tickets, count, sha);
        expect(w).toEqual(drawWinners(seed, [...tickets].reverse().concat(tickets.slice(0, 2)), count, sha));
        expect(new Set(w).size).toBe(w.length);
        expect(w.length).toBe(Math.min(count, tickets.length));
        expect(w.every((t) => tickets.includes(t))).toBe(true);
      },
    ), { numRuns: 100 });
  });

  test('the documented rule: ordered by SHA-256("<seed>:<ticket>")', () => {
    const seed = '0f'.repeat(32);
    const tickets = ['aaaa', 'bbbb', 'cccc', 'dddd'];
    const expected = [...tickets].sort((a, b) => (sha(`${seed}:${a}`) < sha(`${seed}:${b}`) ? -1 : 1)).slice(0, 2);
    expect(drawWinners(seed, tickets, 2, sha)).toEqual(expected);
  });
});

describe('per-room sales', () => {
  const order = (o: Partial<StatsOrder> & { lines: StatsOrder['lines'] }): StatsOrder => ({ orderId: 'o', openid: 'u', paidAt: NOW, shipping: 0, refundedAmount: 0, ...o });

  test('what was explained at a time is the last push at or before it', () => {
    const pushes = [{ productId: 'a', at: 100 }, { productId: 'b', at: 200 }];
    expect([99, 100, 199, 200, 500].map((t) => explainingAt(pushes, t))).toEqual([null, 'a', 'a', 'b', 'b']);
  });

  test('GMV is paid money less refunds; unpaid orders count as orders only; products count an order once', () => {
    const f = salesFigures([
      order({ orderId: 'o1', openid: 'u1', lines: [{ productId: 'p', title: 'P', qty: 3, payable: 1000, refundedQty: 1 }, { productId: 'p', title: 'P', qty: 1, payable: 500, refundedQty: 0 }], shipping: 800, refundedAmount: 334 }),
      order({ orderId: 'o2', openid: 'u1', paidAt: NOW + 2 * MINUTE_MS, lines: [{ productId: 'q', title: 'Q', qty: 1, payable: 990, refundedQty: 0 }] }),
      order({ orderId: 'o3', openid: 'u2', paidAt: null, lines: [{ productId: 'q', title: 'Q', qty: 9, payable: 9000, refundedQty: 0 }] }),
    ], [{ productId: 'q', at: NOW + MINUTE_MS }]);
    expect(f).toMatchObject({ orders: 3, paidOrders: 2, buyers: 1, gmv: 1000 + 500 + 800 - 334 + 990 });
    expect(f.byProduct).toEqual([
      { productId: 'p', title: 'P', orders: 1, qty: 3, gmv: 1500 - unitsAmount(1000, 3, 0, 1) },
      { productId: 'q', title: 'Q', orders: 1, qty: 1, gmv: 990 },
    ]);
    expect(f.timeline).toEqual([
      { minute: NOW, orders: 1, gmv: 1966, explainingProductId: null },
      { minute: NOW + 2 * MINUTE_MS, orders: 1, gmv: 990, explainingProductId: 'q' },
    ]);
  });

  test('per-product GMV sums to the GMV less shipping kept', () => {
    const line = fc.record({ productId: fc.constantFrom('a', 'b', 'c'), title: fc.constant('t'), qty: fc.integer({ min: 1, max: 5 }), payable: fc.integer({ min: 0, max: 50_000 }) })
      .chain((l) => fc.integer({ min: 0, max: l.qty }).map((r) => ({ ...l, refundedQty: r })));
    fc.assert(fc.property(fc.array(fc.array(line, { minLength: 1, maxLength: 3 }), { maxLength: 8 }), (orders) => {
      const os = orders.map((lines, i) => order({
        orderId: `o${i}`, lines, refundedAmount: lines.reduce((n, l) => n + unitsAmount(l.payable, l.qty, 0, l.refundedQty), 0),
      }));
      const f = salesFigures(os, []);
      expect(f.byProduct.reduce((n, p) => n + p.gmv, 0)).toBe(f.gmv);
      expect(f.timeline.reduce((n, m) => n + m.gmv, 0)).toBe(f.gmv);
    }), { numRuns: 100 });
  });
});
