import {
  AddressFields,
  checkAddress,
  editedAddressIsDefault,
  isPhone,
  newAddressIsDefault,
  nextDefault,
  orderAddresses,
} from '../../cloudfunctions/domain/address';

const good: AddressFields = { name: '张三', phone: '13800138000', province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' };

describe('checkAddress', () => {
  test('a good address passes, trimmed', () => {
    expect(checkAddress({ ...good, name: '  张三 ', detail: ' 文三路 100 号\u3000' })).toEqual({ ok: true, value: good });
  });

  test('phones: mainland mobiles and landlines with area code', () => {
    for (const p of ['13800138000', '19912345678', '010-12345678', '01012345678', '0571-8888888', '0571-88888888']) expect(isPhone(p)).toBe(true);
    for (const p of ['12800138000', '1380013800', '138001380000', '+8613800138000', '138 0013 8000', '12345678', '010--12345678', '1-3800138000', '']) {
      expect(isPhone(p)).toBe(false);
    }
    expect(checkAddress({ ...good, phone: '12345' })).toEqual({ ok: false, problems: [expect.stringMatching(/^phone: /)] });
  });

  test('lengths are counted in characters after trimming', () => {
    expect(checkAddress({ ...good, name: '   ' })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^name: /)] });
    expect(checkAddress({ ...good, name: '好'.repeat(20) }).ok).toBe(true);
    expect(checkAddress({ ...good, name: '好'.repeat(21) }).ok).toBe(false);
    expect(checkAddress({ ...good, name: '😀'.repeat(20) }).ok).toBe(true); // 20 characters, 40 UTF-16 units
    expect(checkAddress({ ...good, detail: '路' }).ok).toBe(false);
    expect(checkAddress({ ...good, detail: '路'.repeat(120) }).ok).toBe(true);
    expect(checkAddress({ ...good, detail: '路'.repeat(121) }).ok).toBe(false);
    for (const f of ['province', 'city', 'district'] as const) {
      expect(checkAddress({ ...good, [f]: '' }).ok).toBe(false);
      expect(checkAddress({ ...good, [f]: '省'.repeat(21) }).ok).toBe(false);
    }
  });

  test('control characters are refused; every bad field is reported', () => {
    expect(checkAddress({ ...good, detail: '文三路\n100 号' })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^detail: /)] });
    const r = checkAddress({ name: '', phone: 'x', province: '', city: '', district: '', detail: '' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.split(':')[0])).toEqual(['name', 'province', 'city', 'district', 'detail', 'phone']);
  });
});

describe('the default address', () => {
  test('a new address is the default when asked, or when there is no default yet', () => {
    expect(newAddressIsDefault(undefined, false)).toBe(true);
    expect(newAddressIsDefault(false, false)).toBe(true);
    expect(newAddressIsDefault(undefined, true)).toBe(false);
    expect(newAddressIsDefault(true, true)).toBe(true);
  });

  test('an edit keeps the flag unless told', () => {
    expect(editedAddressIsDefault(undefined, true)).toBe(true);
    expect(editedAddressIsDefault(undefined, false)).toBe(false);
    expect(editedAddressIsDefault(true, false)).toBe(true);
    expect(editedAddressIsDefault(false, true)).toBe(false);
  });

  const a = (id: string, createdAt: number, isDefault = false, updatedAt = createdAt) => ({ _id: id, createdAt, updatedAt, isDefault });

  test('order: default first, then newest', () => {
    expect(orderAddresses([a('x', 1), a('y', 3), a('z', 2, true)]).map((x) => x._id)).toEqual(['z', 'y', 'x']);
    expect(orderAddresses([a('x', 1), a('y', 3)]).map((x) => x._id)).toEqual(['y', 'x']);
  });

  test('two flagged defaults: the most recently updated one wins, the other shows as not default', () => {
    const out = orderAddresses([a('x', 1, true, 10), a('y', 3, true, 5), a('z', 2)]);
    expect(out.map((x) => [x._id, x.isDefault])).toEqual([['x', true], ['y', false], ['z', false]]);
  });

  test('after removing the default the newest remaining becomes the default; none when one is still flagged', () => {
    expect(nextDefault([a('x', 1), a('y', 3), a('z', 2)])?._id).toBe('y');
    expect(nextDefault([])).toBeNull();
    expect(nextDefault([a('x', 1, true), a('y', 3)])).toBeNull();
  });
});
