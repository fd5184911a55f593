/**
 * The lottery sheet: its state (进行中 with the countdown / 开奖中 / 已开奖), the prize, the participants, 参与抽奖
 * and then the shopper's ticket; the commitment (hash of the seed) from the start; after the draw the revealed seed,
 * the winners, 中奖 / 未中奖, and 验证, whose result (computed on the phone by the page's store) shows here. It only
 * shows what it is given and tells the page what was tapped (`join`, `verify`, `close`).
 */
Component({
  properties: {
    show: { type: Boolean, value: false },
    /** A LotteryView (packages/live/stores/room.ts). */
    lottery: { type: Object, value: {} },
    joining: { type: Boolean, value: false },
    /** The LotteryCheck of 验证, or null before it was asked. */
    check: { type: Object, value: null },
  },
  methods: {
    onClose() {
      this.triggerEvent('close');
    },
    onJoin() {
      this.triggerEvent('join');
    },
    onVerify() {
      this.triggerEvent('verify');
    },
  },
});
