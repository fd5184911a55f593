/** utils/format.wxs, the only place fen become yuan text, run as the WXS module it is (ES5 + module.exports). */
import fs from 'fs';
import path from 'path';

interface Format {
  yuanNumber(fen: number): string;
  yuan(fen: number): string;
  range(min: number, max?: number | null): string;
  count(n: number): string;
}

function loadWxs(file: string): Format {
  const source = fs.readFileSync(file, 'utf8');
  const mod = { exports: {} as Format };
  new Function('module', source)(mod);
  return mod.exports;
}

const fmt = loadWxs(path.resolve(__dirname, '../../miniprogram/utils/format.wxs'));

test('fen to yuan with two decimals, without floating point drift', () => {
  expect(fmt.yuan(1230)).toBe('¥12.30');
  expect(fmt.yuan(5)).toBe('¥0.05');
  expect(fmt.yuan(0)).toBe('¥0.00');
  expect(fmt.yuan(100)).toBe('¥1.00');
  expect(fmt.yuan(1005)).toBe('¥10.05');
  expect(fmt.yuan(123456789)).toBe('¥1234567.89');
  expect(fmt.yuan(-250)).toBe('-¥2.50');
  expect(fmt.yuanNumber(1999)).toBe('19.99');
});

test('every fen amount up to ¥100 formats to the exact decimal', () => {
  for (let fen = 0; fen <= 10000; fen += 1) {
    expect(fmt.yuanNumber(fen)).toBe(`${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`);
  }
});

test('price range: two ends, or one price when they are equal or there is no max', () => {
  expect(fmt.range(1230, 4500)).toBe('¥12.30 - ¥45.00');
  expect(fmt.range(1230, 1230)).toBe('¥12.30');
  expect(fmt.range(1230)).toBe('¥12.30');
  expect(fmt.range(1230, 0)).toBe('¥12.30');
});

test('sales counts: plain below 10000, then 万 with one decimal', () => {
  expect(fmt.count(0)).toBe('0');
  expect(fmt.count(9999)).toBe('9999');
  expect(fmt.count(10000)).toBe('1万');
  expect(fmt.count(12800)).toBe('1.2万');
  expect(fmt.count(129999)).toBe('12.9万');
});
