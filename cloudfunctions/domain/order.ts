/** Order rules: the status machine, order numbers, deadlines. Pure. */

export type OrderStatus = 'pending_payment' | 'paid' | 'shipped' | 'completed' | 'cancelled' | 'refunding' | 'refunded';

/** Every allowed transition. A transition is persisted with a guarded update on the old status. */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending_payment: ['paid', 'cancelled'],
  paid: ['shipped', 'refunding'],
  shipped: ['completed', 'refunding'],
  completed: ['refunding'],
  cancelled: [],
  refunding: ['refunded', 'paid', 'shipped', 'completed'],
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
  const d = new Date(now + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return `D${stamp}${random12}`;
}

export const ORDER_NO = /^D\d{12}[0-9a-z]{12}$/;

export function payDeadline(createdAt: number, unpaidCloseMinutes: number): number {
  return createdAt + unpaidCloseMinutes * 60_000;
}

/** "黑色 / L": spec values in the product's spec order. */
export function specText(specs: Record<string, string>, order: readonly string[] = []): string {
  const names = [...order.filter((n) => n in specs), ...Object.keys(specs).filter((n) => !order.includes(n))];
  return names.map((n) => specs[n]).join(' / ');
}
