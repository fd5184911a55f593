/** Order rules: the status machine, order numbers, deadlines. Pure. */
import type { OrderStatus } from '../../typings/api';
import { specText } from './catalog';
import { shanghaiStamp } from './time';

export type { OrderStatus };

/** Every allowed transition. A transition is persisted with a guarded update on the old status. */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_payment: ['paid', 'cancelled'],
  // -> refunded: the refund that leaves nothing unrefunded (after-sales; a partial one keeps the status).
  paid: ['shipped', 'refunded'],
  shipped: ['completed', 'refunded'],
  completed: ['refunded'],
  cancelled: [],
  refunded: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The statuses from which `to` can be reached (the guard of a transition's update). */
export function sourcesOf(to: OrderStatus): OrderStatus[] {
  return (Object.keys(TRANSITIONS) as OrderStatus[]).filter((from) => TRANSITIONS[from].includes(to));
}

const BASE36 = /^[0-9a-z]+$/;

/**
 * Order number: 'D' + yyMMddHHmmss (Asia/Shanghai) + 12 random base-36 characters = 25 characters.
 * Time-sortable for people reading them, unguessable (about 62 bits of randomness), within WeChat Pay's
 * 32-character outTradeNo.
 */
export function formatOrderNo(now: number, random12: string): string {
  if (random12.length !== 12 || !BASE36.test(random12)) throw new RangeError('order number needs 12 base-36 random characters');
  return `D${shanghaiStamp(now).slice(2)}${random12}`;
}

export const ORDER_NO = /^D\d{12}[0-9a-z]{12}$/;

export function payDeadline(createdAt: number, unpaidCloseMinutes: number): number {
  return createdAt + unpaidCloseMinutes * 60_000;
}

export { specText };
