/**
 * app.ts: loads the cart (for the tab badge) on launch and tells the server how the app was entered (user.enter,
 * on launch and on each later show; a poster code's scene goes as `st`) - except in Moments' single-page mode
 * (scene 1154), which has no login and no tab bar.
 */
import { cartView } from './support/commerce-data';
import { connectStores, fakeBackend, flush, refuse } from './support/fake-backend';

interface EntryOptions {
  path: string;
  scene: number;
  query: Record<string, string>;
  shareTicket?: string;
}

interface AppDefinition {
  globalData: IAppOption['globalData'];
  onLaunch(this: AppDefinition): void;
  onShow(this: AppDefinition, options: EntryOptions): void;
}

function launch(scene: number, query: Record<string, string> = { id: 'tee' }, enter: () => unknown = () => ({ bound: false, distributor: null })) {
  const backend = fakeBackend({
    cart: { get: () => cartView([]) },
    user: { enter: enter as never },
  });
  const options: EntryOptions = { path: 'packages/goods/pages/detail/index', scene, query };
  const showToast = jest.fn();
  connectStores(backend, { getEnterOptionsSync: () => options, setTabBarBadge: jest.fn(), removeTabBarBadge: jest.fn(), showToast });
  let app: AppDefinition | undefined;
  (globalThis as unknown as { App: unknown }).App = (definition: AppDefinition) => (app = definition);
  require('../../miniprogram/app');
  if (!app) throw new Error('app.ts did not call App()');
  app.onLaunch.call(app);
  app.onShow.call(app, options);
  return { backend, app, options, showToast };
}

afterEach(() => {
  delete (globalThis as unknown as { App?: unknown }).App;
});

test('a normal launch records the entry, loads the cart and reports the entry once (the first show is the launch)', async () => {
  const { backend, app } = launch(1001);
  await flush();
  expect(app.globalData).toEqual({ enterScene: 1001, enterQuery: { id: 'tee' } });
  expect(backend.calls.map((c) => `${c.fn}.${c.action}`).sort()).toEqual(['cart.get', 'user.enter']);
  expect(backend.payloads('user.enter')).toEqual([{ scene: 1001, query: { id: 'tee' } }]);
});

test('a poster code (scene 1047) sends its decoded scene as st; a later show from a share card reports again', async () => {
  const { backend, app, showToast } = launch(1047, { scene: encodeURIComponent('Ab3dE5gH9jK2mN4pQ6sT') }, () => ({ bound: true, distributor: { nickname: '小掌柜', avatar: null } }));
  await flush();
  expect(backend.payloads('user.enter')).toEqual([{ scene: 1047, query: { scene: 'Ab3dE5gH9jK2mN4pQ6sT', st: 'Ab3dE5gH9jK2mN4pQ6sT' } }]);
  expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已成为 小掌柜 的专属客户', icon: 'none' }));

  app.onShow.call(app, { path: 'pages/home/index', scene: 1007, query: { st: 'Zz9' }, shareTicket: 'tk' });
  await flush();
  expect(backend.payloads('user.enter')[1]).toEqual({ scene: 1007, query: { st: 'Zz9' }, shareTicket: 'tk' });
});

test('a failing user.enter is swallowed: the cart still loads', async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const { backend } = launch(1001, {}, () => {
    throw refuse('INTERNAL', 'boom');
  });
  await flush();
  expect(backend.calls.map((c) => `${c.fn}.${c.action}`).sort()).toEqual(['cart.get', 'user.enter']);
  expect(warn).toHaveBeenCalled();
  warn.mockRestore();
});

test('single-page mode (朋友圈, 1154) calls nothing that needs a login', async () => {
  const { backend, app } = launch(1154);
  await flush();
  expect(app.globalData.enterScene).toBe(1154);
  expect(backend.calls).toEqual([]);
});
