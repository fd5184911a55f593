/** Function `jobs`: timer triggers. */
import { closeExpiredOrders } from '../app/orders';
import { defineServiceFunction } from './kit';

export const jobs = defineServiceFunction('jobs', {
  triggers: {
    // Every minute: cancel orders unpaid past their deadline, giving back stock and coupon exactly once.
    closeUnpaidOrders: { cron: '0 * * * * * *', run: (deps) => closeExpiredOrders(deps) },
  },
  timeout: 60,
});
