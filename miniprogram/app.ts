/** The app: remembers how it was entered (scene, query) for attribution and sharing features. */
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
  },

  onShow(options) {
    recordEntry(this.globalData, options);
  },
});
