/**
 * The app: remembers how it was entered (scene, query) for attribution and sharing features, tells the server
 * (`user.enter`, on launch and on every show: a share card or poster code may bind the shopper to a distributor;
 * a poster code's `scene` is its share token and goes as `st`), and loads the cart so the cart tab shows its badge
 * from the start - except in Moments' single-page mode, which has no login and no tab bar (the shared page shows
 * what its share carried). Nothing waits for `user.enter`; its failures are logged only.
 */
import { sendEnter } from './services/user';
import { cartStore } from './stores/cart';
import { isSinglePageMode } from './utils/entry';
import { enterQuery } from './utils/share';
import { toast } from './utils/wx';

interface EntryOptions {
  scene: number;
  query: Record<string, string>;
  shareTicket?: string;
}

function recordEntry(globalData: IAppOption['globalData'], options: EntryOptions): void {
  globalData.enterScene = options.scene;
  globalData.enterQuery = { ...options.query };
}

/** user.enter for this entry; a new binding is told in a light toast, never in the way. */
function reportEntry(options: EntryOptions): void {
  if (isSinglePageMode()) return;
  const payload: { scene: number; query: Record<string, string>; shareTicket?: string } = { scene: options.scene, query: enterQuery(options.query) };
  if (options.shareTicket) payload.shareTicket = options.shareTicket;
  sendEnter(payload).then(
    (result) => {
      if (result.bound && result.distributor) toast(`已成为 ${result.distributor.nickname} 的专属客户`);
    },
    (err: unknown) => console.warn('[enter]', err),
  );
}

/** The first onShow follows onLaunch with the same entry: it was reported already. */
let launchReported = false;

App<IAppOption>({
  globalData: {},

  onLaunch() {
    const options = wx.getEnterOptionsSync();
    recordEntry(this.globalData, options);
    reportEntry(options);
    launchReported = true;
    if (!isSinglePageMode()) void cartStore.load();
  },

  onShow(options) {
    recordEntry(this.globalData, options);
    if (launchReported) launchReported = false;
    else reportEntry(options);
  },
});
