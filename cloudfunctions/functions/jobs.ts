/** Function `jobs`: timer triggers. */
import { closeExpiredOrders, reconcile } from '../app/orders';
import { defineServiceFunction } from './kit';

export const jobs = defineServiceFunction('jobs', {
  triggers: {
    // Every minute: close orders unpaid past their deadline (WeChat Pay's order first), giving back stock and coupon once.
    closeUnpaidOrders: { cron: '0 * * * * * *', run: (deps) => closeExpiredOrders(deps) },
    // Every 5 minutes: finish what a timeout or a dying instance left between two steps (a close started, not done).
    reconcile: { cron: '0 */5 * * * * *', run: (deps) => reconcile(deps) },
  },
  timeout: 60,
});
