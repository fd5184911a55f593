/** Function `jobs`: timer triggers. Each is idempotent and bounded per run; the cron is written to config.json. */
import { autoConfirmReceipts, closeExpiredOrders, reconcile } from '../app/orders';
import { refundUnappliedPayments } from '../app/unapplied';
import { auditLedger, settleCommissions, syncTransfers } from '../app/ledger';
import { drawLotteries, sendLiveReminders, syncLiveRooms } from '../app/live';
import { LIVE_OPENAPI } from '../adapters/live-cloud';
import { defineServiceFunction } from './kit';

export const jobs = defineServiceFunction('jobs', {
  triggers: {
    // Every minute: close orders unpaid past their deadline (WeChat Pay's order first), giving back stock and coupon once.
    closeUnpaidOrders: { cron: '0 * * * * * *', run: (deps) => closeExpiredOrders(deps) },
    // Every 5 minutes: finish what a timeout or a dying instance left between two steps (a close started, not done;
    // a refund approved but not accepted by WeChat Pay; a refund whose callback never came).
    reconcile: { cron: '0 */5 * * * * *', run: (deps) => reconcile(deps) },
    // Every 10 minutes: shipped orders past settings.autoConfirmDays become completed (自动确认收货).
    autoConfirmReceipt: { cron: '0 */10 * * * * *', run: (deps) => autoConfirmReceipts(deps) },
    // Every 5 minutes: payments that could not be applied (cancelled order, different amount, second payment) go back.
    refundUnappliedPayments: { cron: '30 */5 * * * * *', run: (deps) => refundUnappliedPayments(deps) },
    // Every 10 minutes: commission of orders past the after-sales window (settleDays after completion) is settled.
    settleCommissions: { cron: '0 5-59/10 * * * * *', run: (deps) => settleCommissions(deps) },
    // Every 10 minutes: withdrawals paid out by WeChat Pay's merchant transfer whose state we have not heard (paid or returned).
    syncTransfers: { cron: '0 7-59/10 * * * * *', run: (deps) => syncTransfers(deps) },
    // Daily at 03:30: every distributor's balances against the sums of its ledger entries; drift is logged as an error.
    auditLedger: { cron: '0 30 3 * * * *', run: async (deps) => { const r = await auditLedger(deps); return { checked: r.checked, drift: r.drift.length }; } },
    // Every minute: room states, replays and goods audits from WeChat (and approved goods into their rooms).
    syncLiveRooms: { cron: '0 * * * * * *', run: (deps) => syncLiveRooms(deps) },
    // Every minute, after the sync: one 开播提醒 per shopper who asked, when their room goes live.
    sendLiveReminders: { cron: '20 * * * * * *', run: (deps) => sendLiveReminders(deps) },
    // Every minute: lotteries past their end are drawn and their prize coupons handed over (a draw left half way is finished).
    drawLotteries: { cron: '40 * * * * * *', run: (deps) => drawLotteries(deps) },
  },
  openapi: [...LIVE_OPENAPI],
  timeout: 60,
});
