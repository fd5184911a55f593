/**
 * app.ts: loads the cart (for the tab badge) on launch - except in Moments' single-page mode (scene 1154), which
 * has no login and no tab bar.
 */
import { cartView } from './support/commerce-data';
import { connectStores, fakeBackend, flush } from './support/fake-backend';

interface AppDefinition {
  globalData: IAppOption['globalData'];
  onLaunch(this: AppDefinition): void;
}

function launch(scene: number) {
  const backend = fakeBackend({ cart: { get: () => cartView([]) } });
  const options = { path: 'packages/goods/pages/detail/index', scene, query: { id: 'tee' } };
  connectStores(backend, { getEnterOptionsSync: () => options, setTabBarBadge: jest.fn(), removeTabBarBadge: jest.fn() });
  let app: AppDefinition | undefined;
  (globalThis as unknown as { App: unknown }).App = (definition: AppDefinition) => (app = definition);
  require('../../miniprogram/app');
  if (!app) throw new Error('app.ts did not call App()');
  app.onLaunch.call(app);
  return { backend, app };
}

afterEach(() => {
  delete (globalThis as unknown as { App?: unknown }).App;
});

test('a normal launch records the entry and loads the cart', async () => {
  const { backend, app } = launch(1001);
  await flush();
  expect(app.globalData).toEqual({ enterScene: 1001, enterQuery: { id: 'tee' } });
  expect(backend.calls.map((c) => `${c.fn}.${c.action}`)).toEqual(['cart.get']);
});

test('single-page mode (朋友圈, 1154) calls nothing that needs a login', async () => {
  const { backend, app } = launch(1154);
  await flush();
  expect(app.globalData.enterScene).toBe(1154);
  expect(backend.calls).toEqual([]);
});
