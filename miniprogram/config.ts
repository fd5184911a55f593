/**
 * The one switch between the local cloud and WeChat cloud development - in a 开发版 only. A 体验版 or 正式版
 * (wx.getAccountInfoSync().miniProgram.envVersion `trial` / `release`) always uses the cloud, whatever `mode` says,
 * and has no dev identity switcher and no /dev calls (services/api.ts isLocalMode).
 *
 * - mode 'local': every call goes to the local cloud (`npm start`) at `localBaseUrl` with the dev identity
 *   chosen on the Me page. In WeChat DevTools tick 详情 -> 本地设置 -> 不校验合法域名 so wx.request may reach it;
 *   on a phone (真机调试) replace 127.0.0.1 with this computer's LAN address.
 * - mode 'cloud': calls go through wx.cloud.callFunction to the environment `cloudEnv`
 *   ('' = the environment selected in DevTools).
 */
export interface AppConfig {
  mode: 'local' | 'cloud';
  localBaseUrl: string;
  cloudEnv: string;
}

export const config: AppConfig = {
  mode: 'local',
  localBaseUrl: 'http://127.0.0.1:8787',
  cloudEnv: '',
};
