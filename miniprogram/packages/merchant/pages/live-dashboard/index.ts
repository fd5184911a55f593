/**
 * 直播数据 (merchants), `?roomId=`: the room's figures (GMV, paid orders, orders, buyers, reminders sent and
 * subscribers), sales by product, and the timeline as a chart of views (a bar per minute, its height the minute's
 * GMV, its colour the product being explained, marked where that changes; scrolls sideways when long). No canvas:
 * it renders (and is tested) like any other view.
 */
import { ComponentWithStore } from 'mobx-miniprogram-bindings';
import { liveDashboard } from '../../stores/live-dashboard';

ComponentWithStore({
  data: {},
  storeBindings: { store: liveDashboard, fields: ['stats', 'chart', 'header', 'loading', 'error'], actions: {} },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      void liveDashboard.load(decodeURIComponent(query.roomId ?? ''));
    },
    onPullDownRefresh() {
      void liveDashboard.load(liveDashboard.roomId).then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      void liveDashboard.load(liveDashboard.roomId);
    },
  },
});
