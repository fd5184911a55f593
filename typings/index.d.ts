/// <reference path="../node_modules/miniprogram-api-typings/index.d.ts" />

interface IAppOption {
  globalData: {
    /** Scene value and query the app was entered with (wx.getEnterOptionsSync). */
    enterScene?: number;
    enterQuery?: Record<string, string>;
  };
}
