/**
 * utils/live.ts: the live-player-plugin's room URL (custom_params as URI-encoded JSON, under WeChat's 600
 * characters), what the plugin hands our product page (room_id, custom_params), status tags and times.
 */
import { CUSTOM_PARAMS_MAX, noticeStartMs, parseCustomParams, pluginRoomUrl, roomIdFromQuery, roomTagText, roomTimeText } from '../../miniprogram/utils/live';
import { T0 } from './support/live-data';

describe('live utils', () => {
  test('the plugin URL carries the room and custom_params as URI-encoded JSON, never 600 characters or more', () => {
    const url = pluginRoomUrl('1024', { st: 'Ab12Cd34Ef56Gh78Ij90' });
    expect(url).toBe(`plugin-private://wx2b03c6e691cd7370/pages/live-player-plugin?room_id=1024&custom_params=${encodeURIComponent(JSON.stringify({ st: 'Ab12Cd34Ef56Gh78Ij90' }))}`);
    expect(pluginRoomUrl('7')).toMatch(/custom_params=%7B%7D$/);
    const long = pluginRoomUrl('7', { st: 'x'.repeat(700) });
    const custom = long.split('custom_params=')[1];
    expect(custom.length).toBeLessThan(CUSTOM_PARAMS_MAX);
    expect(decodeURIComponent(custom)).toBe('{}');
  });

  test('what the plugin hands the product page: room_id (or our roomId) and custom_params, once or twice encoded', () => {
    expect(roomIdFromQuery({ room_id: '1024' })).toBe('1024');
    expect(roomIdFromQuery({ roomId: 'r-7' })).toBe('r-7');
    expect(roomIdFromQuery({ room_id: '{"$ne":1}' })).toBeNull();
    expect(roomIdFromQuery({})).toBeNull();
    const params = { st: 'Tok123' };
    expect(parseCustomParams(encodeURIComponent(JSON.stringify(params)))).toEqual(params);
    expect(parseCustomParams(encodeURIComponent(encodeURIComponent(JSON.stringify(params))))).toEqual(params);
    expect(parseCustomParams(JSON.stringify({ st: 'a', n: 1 }))).toEqual({ st: 'a' });
    expect(parseCustomParams('%E0%A4%A')).toEqual({});
    expect(parseCustomParams('[1]')).toEqual({});
    expect(parseCustomParams(undefined)).toEqual({});
  });

  test('status tags and times read in Asia/Shanghai; a Channels notice time in seconds', () => {
    expect(roomTagText({ status: 'live', startTime: T0, replayUrl: null })).toBe('直播中');
    expect(roomTagText({ status: 'upcoming', startTime: T0, replayUrl: null })).toBe('11-20 20:00 开播');
    expect(roomTagText({ status: 'ended', startTime: T0, replayUrl: 'https://x/r.mp4' })).toBe('回放');
    expect(roomTagText({ status: 'ended', startTime: T0, replayUrl: null })).toBe('已结束');
    expect(roomTimeText({ startTime: T0, endTime: T0 + 2 * 3600_000 })).toBe('2026-11-20 20:00 - 22:00');
    expect(roomTimeText({ startTime: T0, endTime: T0 + 5 * 3600_000 })).toBe('2026-11-20 20:00 - 2026-11-21 01:00');
    expect(noticeStartMs(String(T0 / 1000))).toBe(T0);
    expect(noticeStartMs(T0)).toBe(T0);
    expect(noticeStartMs('')).toBeNull();
  });
});
