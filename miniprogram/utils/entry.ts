/** How the mini program was entered. */

/** 朋友圈 single-page mode (单页模式): a page shared to Moments opened from the timeline. */
export const SCENE_TIMELINE_SINGLE_PAGE = 1154;

/**
 * In single-page mode there is no login, no tab bar and no navigation to other pages; WeChat shows its own bottom
 * bar with 前往小程序, which opens the full mini program (scene 1155, a normal launch).
 */
export function isSinglePageMode(): boolean {
  try {
    return wx.getEnterOptionsSync().scene === SCENE_TIMELINE_SINGLE_PAGE;
  } catch {
    return false;
  }
}
