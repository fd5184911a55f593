/** Pure rules of distribution: share tokens in paths and entries, yuan input, rates, the apply form, settings. */
import { enterQuery, shareTokenFromQuery, targetKey, targetPath, withShareToken } from '../../miniprogram/utils/share';
import { fenToInput, maskPhone, parseYuan, percentText, validateApply } from '../../miniprogram/packages/dist/utils/dist';
import { posterPrice } from '../../miniprogram/packages/dist/utils/poster-canvas';
import { posterTarget } from '../../miniprogram/packages/dist/stores/poster';
import { bpsToPercent, percentToBps } from '../../miniprogram/packages/merchant/utils/merchant';

describe('share tokens', () => {
  test('a target has a key and a path; the token is added (or replaced) as st', () => {
    expect(targetKey({ type: 'home' })).toBe('home');
    expect(targetKey({ type: 'product', id: 'tee' })).toBe('product:tee');
    expect(targetPath({ type: 'product', id: 'a b' })).toBe('/packages/goods/pages/detail/index?id=a%20b');
    expect(withShareToken('/pages/home/index', 'T1')).toBe('/pages/home/index?st=T1');
    expect(withShareToken('/packages/goods/pages/detail/index?id=tee&st=OLD', 'T2')).toBe('/packages/goods/pages/detail/index?id=tee&st=T2');
  });

  test('the token of an entry: st of a link, or a poster code scene (URI-encoded, bare or st=)', () => {
    expect(shareTokenFromQuery({ st: 'Abc123' })).toBe('Abc123');
    expect(shareTokenFromQuery({ scene: 'Ab3dE5gH9jK2mN4pQ6sT' })).toBe('Ab3dE5gH9jK2mN4pQ6sT');
    expect(shareTokenFromQuery({ scene: encodeURIComponent('st=Xy9&id=tee') })).toBe('Xy9');
    expect(shareTokenFromQuery({ scene: encodeURIComponent('id=tee') })).toBeNull();
    expect(shareTokenFromQuery({ st: 'not a token!' })).toBeNull();
    expect(shareTokenFromQuery({ scene: '%E0%A4%A' })).toBeNull();
    expect(shareTokenFromQuery(undefined)).toBeNull();
  });

  test('user.enter gets the query with the poster token as st; a bad st is dropped', () => {
    expect(enterQuery({ scene: 'Tok3n' })).toEqual({ scene: 'Tok3n', st: 'Tok3n' });
    expect(enterQuery({ id: 'tee', st: 'Tok3n' })).toEqual({ id: 'tee', st: 'Tok3n' });
    expect(enterQuery({ st: '<script>' })).toEqual({});
    expect(enterQuery(undefined)).toEqual({});
  });
});

describe('distributor pages', () => {
  test('yuan as typed becomes fen, with integer arithmetic', () => {
    expect(parseYuan('12')).toBe(1200);
    expect(parseYuan('12.5')).toBe(1250);
    expect(parseYuan('0.07')).toBe(7);
    expect(parseYuan('¥1.10')).toBe(110);
    expect(parseYuan('19.99')).toBe(1999);
    expect(parseYuan('1.234')).toBeNull();
    expect(parseYuan('abc')).toBeNull();
    expect(parseYuan('')).toBeNull();
    expect(parseYuan('-1')).toBeNull();
    expect(fenToInput(12340)).toBe('123.40');
    expect(fenToInput(5)).toBe('0.05');
    expect(fenToInput(-20)).toBe('0.00');
  });

  test('rates in words, phones masked, the poster price', () => {
    expect(percentText(1000)).toBe('10%');
    expect(percentText(1250)).toBe('12.5%');
    expect(percentText(1205)).toBe('12.05%');
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(posterPrice(5900)).toBe('¥59.00');
    expect(posterPrice(1205)).toBe('¥12.05');
  });

  test('the apply form', () => {
    expect(validateApply({ realName: '张三', phone: '13800138000', reason: '' })).toEqual({});
    expect(validateApply({ realName: ' ', phone: '1380013800', reason: 'x'.repeat(201) })).toEqual({
      realName: '请填写真实姓名',
      phone: '请填写正确的手机号',
      reason: '申请理由最多 200 字',
    });
  });

  test('the poster target from the page query', () => {
    expect(posterTarget({ type: 'product', id: encodeURIComponent('a b') })).toEqual({ type: 'product', id: 'a b' });
    expect(posterTarget({ type: 'product' })).toEqual({ type: 'home' });
    expect(posterTarget({})).toEqual({ type: 'home' });
  });
});

test('merchant settings: percentages to basis points and back', () => {
  expect(percentToBps('10')).toBe(1000);
  expect(percentToBps('12.5')).toBe(1250);
  expect(percentToBps('0.05')).toBe(5);
  expect(percentToBps('10%')).toBe(1000);
  expect(percentToBps('x')).toBeNull();
  expect(bpsToPercent(1000)).toBe('10');
  expect(bpsToPercent(1250)).toBe('12.5');
  expect(bpsToPercent(5)).toBe('0.05');
});
