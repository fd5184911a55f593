/** Address list and edit form, coupon center and my coupons, Me's badges, over a fake backend. */
import type { Address, CouponCenterItem, Me, SaveAddressPayload } from '../../typings/api';
import { ADDRESS, coupon } from './support/commerce-data';
import { connectStores, fakeBackend, FakeBackend, refuse } from './support/fake-backend';

type AddressModule = typeof import('../../miniprogram/stores/address');
type CouponModule = typeof import('../../miniprogram/packages/coupon/stores/coupon');

function setup(backend: FakeBackend): { address: AddressModule; coupon: CouponModule } {
  connectStores(backend);
  return {
    address: require('../../miniprogram/stores/address') as AddressModule,
    coupon: require('../../miniprogram/packages/coupon/stores/coupon') as CouponModule,
  };
}

describe('addresses', () => {
  test('the form checks like the server before sending; what it sends is trimmed, the phone without spaces', async () => {
    const saved: SaveAddressPayload[] = [];
    let list: Address[] = [];
    const backend = fakeBackend({
      user: {
        addresses: () => list,
        saveAddress: (p) => {
          saved.push(p);
          const a: Address = { id: 'a1', name: p.name, phone: p.phone, province: p.province, city: p.city, district: p.district, detail: p.detail, isDefault: true };
          list = [a];
          return a;
        },
      },
    });
    const { address } = setup(backend);
    const form = new address.AddressFormStore();
    form.open(null);
    await expect(form.submit()).resolves.toEqual({ ok: false, code: 'INVALID_INPUT', message: '请填写收货人' });
    expect(form.errors).toEqual({ name: '请填写收货人', phone: '请填写手机号', region: '请选择所在地区', detail: '详细地址至少 2 个字' });
    form.setField('name', '  张三 ');
    form.setField('phone', '12800138000');
    expect(form.errors.name).toBeUndefined();
    expect(form.errors.phone).toBe('手机号格式不正确');
    form.setField('phone', '138 0013 8000');
    form.setRegion(['广东省', '深圳市', '南山区']);
    form.setField('detail', '科'.repeat(121));
    expect(form.errors.detail).toBe('详细地址最多 120 个字');
    form.setField('detail', ' 科技园 1 号 ');
    expect(form.errors).toEqual({});
    expect(form.regionText).toBe('广东省 深圳市 南山区');
    form.setRegion(['上海市', '上海市', '浦东新区']);
    expect(form.regionText).toBe('上海市 浦东新区');
    form.setRegion(['广东省', '深圳市', '南山区']);
    expect(backend.payloads('user.saveAddress')).toEqual([]);

    await expect(form.submit()).resolves.toEqual({ ok: true });
    expect(saved).toEqual([{ name: '张三', phone: '13800138000', province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 号', isDefault: false }]);
    expect(address.addressStore.list).toHaveLength(1);
  });

  test('a name over 20 characters is refused on the client; a server refusal comes back as its message', async () => {
    const backend = fakeBackend({
      user: {
        addresses: () => [ADDRESS],
        saveAddress: () => {
          throw refuse('INVALID_INPUT', 'detail: 详细地址不能包含换行等控制字符');
        },
      },
    });
    const { address } = setup(backend);
    const form = new address.AddressFormStore();
    form.open(ADDRESS);
    form.setField('name', '名'.repeat(21));
    await expect(form.submit()).resolves.toMatchObject({ ok: false, message: '收货人最多 20 个字' });
    form.setField('name', '李四');
    await expect(form.submit()).resolves.toEqual({ ok: false, code: 'INVALID_INPUT', message: '详细地址不能包含换行等控制字符' });
    expect((backend.payloads('user.saveAddress')[0] as SaveAddressPayload).id).toBe(ADDRESS.id);
    expect(form.saving).toBe(false);
  });

  test('导入微信地址 fills the form from wx.chooseAddress and keeps the default flag', () => {
    const { address } = setup(fakeBackend({}));
    const form = new address.AddressFormStore();
    form.open(null);
    form.setDefault(true);
    form.fillFromWechat({ userName: '王五', telNumber: '13900139000', provinceName: '北京市', cityName: '北京市', countyName: '朝阳区', detailInfo: '建国路 88 号' });
    expect(form.form).toEqual({ name: '王五', phone: '13900139000', province: '北京市', city: '北京市', district: '朝阳区', detail: '建国路 88 号', isDefault: true });
  });

  test('the address a checkout picked is taken once', async () => {
    const backend = fakeBackend({ user: { addresses: () => [ADDRESS], removeAddress: (p) => p } });
    const { address } = setup(backend);
    await address.addressStore.load();
    expect(address.addressStore.views[0].fullText).toBe('广东省深圳市南山区科技园 1 号');
    address.addressStore.pick(ADDRESS.id);
    expect(address.addressStore.takePicked()).toEqual(ADDRESS);
    expect(address.addressStore.takePicked()).toBeNull();
    await expect(address.addressStore.remove(ADDRESS.id)).resolves.toEqual({ ok: true });
    expect(backend.payloads('user.removeAddress')).toEqual([{ id: ADDRESS.id }]);
  });
});

describe('coupons', () => {
  const item = (templateId: string, state: CouponCenterItem['state']): CouponCenterItem => {
    const { id: _id, status: _s, orderId: _o, templateId: _t, ...rule } = coupon(templateId);
    return { ...rule, templateId, state, validFrom: null, validTo: null, validDays: 7, remainingForMe: state === 'claimable' ? 1 : 0, newUserOnly: false };
  };

  test('center buttons: 立即领取 / 已领取 / 已抢光; claiming reloads the center', async () => {
    let claimed = false;
    const backend = fakeBackend({
      coupon: {
        center: () => [item('t1', claimed ? 'claimed' : 'claimable'), item('t2', 'claimed'), item('t3', 'sold_out')],
        claim: (p) => {
          claimed = true;
          return coupon('c1', { templateId: p.templateId });
        },
      },
    });
    const { coupon: mod } = setup(backend);
    const store = new mod.CouponCenterStore();
    await store.load();
    expect(store.views.map((v) => [v.templateId, v.buttonText, v.claimable])).toEqual([
      ['t1', '立即领取', true],
      ['t2', '已领取', false],
      ['t3', '已抢光', false],
    ]);
    await expect(store.claim('t1')).resolves.toEqual({ ok: true });
    expect(backend.payloads('coupon.claim')).toEqual([{ templateId: 't1' }]);
    expect(store.views[0].buttonText).toBe('已领取');
    await expect(store.claim('t3')).resolves.toMatchObject({ ok: false, message: '已抢光' });
    expect(backend.payloads('coupon.claim')).toHaveLength(1);
  });

  test('a claim the server refuses answers its message', async () => {
    const backend = fakeBackend({
      coupon: {
        center: () => [item('t1', 'claimable')],
        claim: () => {
          throw refuse('COUPON_UNAVAILABLE', '优惠券已被领完');
        },
      },
    });
    const { coupon: mod } = setup(backend);
    const store = new mod.CouponCenterStore();
    await store.load();
    await expect(store.claim('t1')).resolves.toEqual({ ok: false, code: 'COUPON_UNAVAILABLE', message: '优惠券已被领完' });
    expect(store.claiming).toBeNull();
  });

  test('my coupons by tab', async () => {
    const backend = fakeBackend({ coupon: { mine: (p) => [coupon(`c-${p.status}`, { status: p.status })] } });
    const { coupon: mod } = setup(backend);
    const store = new mod.MyCouponsStore();
    await store.show('usable');
    await store.show('expired');
    expect(backend.payloads('coupon.mine')).toEqual([{ status: 'usable' }, { status: 'expired' }]);
    expect(store.items.map((c) => c.id)).toEqual(['c-expired']);
    expect(store.tabIndex).toBe(2);
  });
});

describe("Me's badges (user.me)", () => {
  type UserModule = typeof import('../../miniprogram/stores/user');
  const me = (over: Partial<Me> = {}): Me => ({
    openid: 'dev-shopper',
    roles: [],
    profile: { nickname: '小明', avatar: null },
    orderCounts: { pending_payment: 0, paid: 0, shipped: 0 },
    couponCount: 0,
    afterSaleCount: 0,
    workbench: null,
    ...over,
  });
  const load = async (answer: Me): Promise<InstanceType<UserModule['UserStore']>> => {
    connectStores(fakeBackend({ user: { me: () => answer } }));
    const { UserStore } = require('../../miniprogram/stores/user') as UserModule;
    const store = new UserStore();
    await store.loadMe();
    return store;
  };

  test('退款/售后 counts the after-sales in progress, like the order statuses (99+ past 99, none at 0)', async () => {
    const store = await load(me({ orderCounts: { pending_payment: 2, paid: 0, shipped: 120 }, afterSaleCount: 3 }));
    expect(store.orderBadges).toEqual({ pending_payment: '2', paid: '', shipped: '99+', after_sales: '3' });
    expect(store.merchantBadges).toEqual({ orders: '', 'after-sales': '' });
  });

  test('店铺管理: 订单管理 the orders to ship, 售后处理 the requests to review plus the refunds to retry', async () => {
    const store = await load(me({ roles: ['merchant'], workbench: { toShip: 4, toReview: 2, refundsFailed: 1 } }));
    expect(store.isMerchant).toBe(true);
    expect(store.merchantBadges).toEqual({ orders: '4', 'after-sales': '3' });
    const quiet = await load(me({ roles: ['merchant'], workbench: { toShip: 0, toReview: 0, refundsFailed: 2 } }));
    expect(quiet.merchantBadges).toEqual({ orders: '', 'after-sales': '2' });
  });

  test('no answer (user.me failed): no badges at all', async () => {
    connectStores(fakeBackend({}));
    const { UserStore } = require('../../miniprogram/stores/user') as UserModule;
    const store = new UserStore();
    await store.loadMe();
    expect(store.orderBadges).toEqual({ pending_payment: '', paid: '', shipped: '', after_sales: '' });
    expect(store.merchantBadges).toEqual({ orders: '', 'after-sales': '' });
  });
});
