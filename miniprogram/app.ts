/**
 * The app: remembers how it was entered (scene, query) for attribution and sharing features, and loads the cart
 * so the cart tab shows its badge from the start - except in Moments' single-page mode, which has no login and no
 * tab bar (the shared page shows what its share carried).
 */
import { cartStore } from './stores/cart';
import { isSinglePageMode } from './utils/entry';

interface EntryOptions {
  scene: number;
  query: Record<string, string>;
}

function recordEntry(globalData: IAppOption['globalData'], options: EntryOptions): void {
  globalData.enterScene = options.scene;
  globalData.enterQuery = { ...options.query };
}

App<IAppOption>({
  globalData: {},

  onLaunch() {
    recordEntry(this.globalData, wx.getEnterOptionsSync());
    if (!isSinglePageMode()) void cartStore.load();
  },

  onShow(options) {
    recordEntry(this.globalData, options);
  },
});
