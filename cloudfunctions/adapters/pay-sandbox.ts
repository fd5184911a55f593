/**
 * The local cloud's stand-in for WeChat Pay. unifiedOrder answers with the exact callback WeChat Pay would send
 * on success; the mini program (local mode) completes the payment by POSTing it to /dev/paycallback/payNotify,
 * which invokes payNotify with SOURCE wx_paycallback like the real platform.
 *
 * It mirrors WeChat Pay's order states so close and query behave as they do in the cloud: an order is open from
 * unifiedOrder until it is paid (a success callback was delivered, or `payWithoutCallback` - a lost callback),
 * closed (closeOrder), or its timeExpire passes. A closed or expired order cannot be paid: its callback is refused.
 *
 * Refunds: the sandbox keeps the money it took (every success callback it let through, every payment without a
 * callback) by transaction. A refund of a payment it took succeeds at once if the amounts fit (the same outRefundNo
 * again is the same refund, as at WeChat Pay) and queues the refund callback WeChat Pay would send; the local cloud
 * delivers queued callbacks to `refundNotify` right after the invocation that asked for the refund returns.
 *
 * WeChat Pay does not forget: with a journal (the local cloud passes its store) every order, payment taken and
 * refund is written to `sandbox_wxpay` before the sandbox answers, and `load()` reads it back after a restart, so an
 * order paid before `npm start` was restarted (or the process was killed) can still be closed, queried and refunded.
 */
import { randomBytes } from 'crypto';
import { shanghaiStamp, shanghaiTime } from '../domain/time';
import type { Clock } from '../ports/clock';
import type { Doc, Store } from '../ports/store';
import type {
  PayGateway, PayOrderState, PayQueryResult, RefundInput, RefundQueryResult, RefundResult, UnifiedOrderInput, UnifiedOrderResult,
} from '../ports/pay';

interface SandboxOrder {
  state: 'open' | 'paid' | 'closed';
  totalFee: number;
  timeExpire: number;
  callback: Record<string, string | number>;
}

export interface SandboxPay extends PayGateway {
  /**
   * WeChat Pay takes the money for a callback's order: true when it could (the order is open, or already paid by
   * this same transaction), false when the order is closed or expired (no money moves; no callback is sent).
   * Callbacks for orders the sandbox never saw pass (tests forge them on purpose).
   */
  settle(fields: Record<string, unknown>): Promise<boolean>;
  /** The shopper paid but the callback never arrived: only queryOrder / closeOrder can tell. Returns the callback WeChat would have sent. */
  payWithoutCallback(outTradeNo: string): Promise<Record<string, string | number> | null>;
  /** Reads the journal back (after a restart). */
  load(): Promise<void>;
  /** Refund callbacks waiting for delivery (the local cloud takes them after each invocation). */
  takeRefundCallbacks(): Array<Record<string, string | number>>;
  /** Tests: refund callbacks are lost (the refund still happens; only queryRefund can tell). */
  loseRefundCallbacks: boolean;
  /** Tests: WeChat Pay refuses refunds with this message (e.g. 基本账户余额不足) until set back to null. */
  refuseRefunds: string | null;
  /** Fen the sandbox has returned in all, per transaction (tests compare it with the books). */
  refundedByTransaction(): Map<string, number>;
}

interface TakenPayment {
  outTradeNo: string;
  totalFee: number;
  refunded: number;
}

interface SandboxRefund {
  transactionId: string;
  outTradeNo: string;
  totalFee: number;
  refundFee: number;
  refundId: string;
  successTime: string;
}

/** The journal's collection (local cloud only; not part of a cloud deployment). */
export const SANDBOX_JOURNAL = 'sandbox_wxpay';

interface JournalDoc extends Doc {
  kind: 'order' | 'taken' | 'refund';
  key: string;
  value: SandboxOrder | TakenPayment | SandboxRefund;
}

export function sandboxPay(clock: Clock, journal?: Store): SandboxPay {
  const orders = new Map<string, SandboxOrder>();
  /** The money taken, by transaction id. */
  const taken = new Map<string, TakenPayment>();
  const refunds = new Map<string, SandboxRefund>();
  let queued: Array<Record<string, string | number>> = [];
  // Journal writes in the order the changes were made (each writes the state as it was then), awaited before answering.
  let writes: Promise<unknown> = Promise.resolve();
  const persist = (kind: JournalDoc['kind'], key: string, value: JournalDoc['value']): Promise<unknown> => {
    if (!journal) return Promise.resolve();
    const doc: JournalDoc = { _id: `${kind}:${key}`.slice(0, 200), kind, key, value: JSON.parse(JSON.stringify(value)) };
    writes = writes.catch(() => undefined).then(async () => {
      const n = await journal.update(SANDBOX_JOURNAL, { _id: doc._id }, { set: { kind, key, value: doc.value as never } });
      if (n === 0) await journal.insert(SANDBOX_JOURNAL, doc);
    });
    return writes;
  };
  const take = (f: Record<string, unknown>): Promise<unknown> => {
    const id = typeof f.transactionId === 'string' ? f.transactionId : null;
    const fee = Number(f.totalFee);
    if (!id || taken.has(id) || !Number.isSafeInteger(fee) || fee <= 0) return Promise.resolve();
    const t = { outTradeNo: String(f.outTradeNo ?? ''), totalFee: fee, refunded: 0 };
    taken.set(id, t);
    return persist('taken', id, t);
  };
  const current = (no: string): SandboxOrder | undefined => {
    const o = orders.get(no);
    if (o && o.state === 'open' && clock.now() >= o.timeExpire) o.state = 'closed';
    return o;
  };
  const view = (o: SandboxOrder | undefined): PayOrderState =>
    !o || o.state === 'closed'
      ? { state: 'closed' }
      : o.state === 'open'
        ? { state: 'open' }
        : { state: 'paid', transactionId: String(o.callback.transactionId), totalFee: Number(o.callback.totalFee), timeEnd: String(o.callback.timeEnd) };
  return {
    async unifiedOrder(input: UnifiedOrderInput): Promise<UnifiedOrderResult> {
      const now = clock.now();
      const known = current(input.outTradeNo);
      if (known?.state === 'paid') return { ok: false, message: '该订单已支付' };
      if (known?.state === 'closed') return { ok: false, message: '该订单已关闭' };
      if (now >= input.timeExpire) return { ok: false, message: '订单已过期' };
      const callback: Record<string, string | number> = known?.callback ?? {
        returnCode: 'SUCCESS',
        resultCode: 'SUCCESS',
        appid: 'wx-sandbox',
        mchId: 'sandbox-mch',
        subMchId: 'sandbox-sub-mch',
        openid: input.openid,
        subOpenid: input.openid,
        totalFee: input.totalFee,
        cashFee: input.totalFee,
        transactionId: `SANDBOX${now}${randomBytes(6).toString('hex')}`,
        outTradeNo: input.outTradeNo,
        timeEnd: shanghaiStamp(now),
        tradeType: 'JSAPI',
        bankType: 'OTHERS',
        feeType: 'CNY',
      };
      const o: SandboxOrder = { state: 'open', totalFee: input.totalFee, timeExpire: input.timeExpire, callback };
      orders.set(input.outTradeNo, o);
      await persist('order', input.outTradeNo, o);
      return { ok: true, prepay: { mode: 'sandbox', orderId: input.orderId, callback } };
    },
    async closeOrder(outTradeNo: string): Promise<PayQueryResult> {
      const o = current(outTradeNo);
      if (o && o.state === 'open') {
        o.state = 'closed';
        await persist('order', outTradeNo, o);
      }
      return { ok: true, order: view(o) };
    },
    async queryOrder(outTradeNo: string): Promise<PayQueryResult> {
      return { ok: true, order: view(current(outTradeNo)) };
    },
    async settle(fields: Record<string, unknown>): Promise<boolean> {
      if (fields.returnCode !== 'SUCCESS' || fields.resultCode !== 'SUCCESS' || typeof fields.outTradeNo !== 'string') return true;
      const o = current(fields.outTradeNo);
      if (o?.state === 'closed') return false;
      // Money moved for every success callback delivered (a forged one included: tests use them as payments the
      // shop cannot apply, which must then be refundable).
      const took = take(fields);
      if (!o || o.state === 'paid' || o.callback.transactionId !== fields.transactionId) {
        // unknown to the sandbox, a duplicate, a second payment, or a forged or altered callback: payNotify judges it
        await took;
        return true;
      }
      o.state = 'paid';
      await Promise.all([took, persist('order', fields.outTradeNo, o)]);
      return true;
    },
    async payWithoutCallback(outTradeNo: string) {
      const o = current(outTradeNo);
      if (!o || o.state === 'closed') return null;
      o.state = 'paid';
      await Promise.all([take(o.callback), persist('order', outTradeNo, o)]);
      return o.callback;
    },
    async load() {
      if (!journal) return;
      for (let cursor: string | null = null; ;) {
        const page: { items: JournalDoc[]; nextCursor: string | null } = await journal.find<JournalDoc>(SANDBOX_JOURNAL, {}, { limit: 1000, cursor });
        for (const d of page.items) {
          if (d.kind === 'order') orders.set(d.key, d.value as SandboxOrder);
          else if (d.kind === 'taken') taken.set(d.key, d.value as TakenPayment);
          else if (d.kind === 'refund') refunds.set(d.key, d.value as SandboxRefund);
        }
        cursor = page.nextCursor;
        if (!cursor) break;
      }
    },
    async refund(input: RefundInput): Promise<RefundResult> {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(input.outRefundNo)) return { ok: true, state: 'rejected', message: 'out_refund_no 格式错误' };
      if (!Number.isSafeInteger(input.refundFee) || input.refundFee < 1 || input.refundFee > input.totalFee) return { ok: true, state: 'rejected', message: '退款金额错误' };
      const same = refunds.get(input.outRefundNo);
      if (same) {
        // The same refund asked again: WeChat Pay answers it, moving no money twice (a different amount is refused).
        return same.refundFee === input.refundFee ? { ok: true, state: 'accepted', refundId: same.refundId } : { ok: true, state: 'rejected', message: '同一退款单号金额不一致' };
      }
      if (this.refuseRefunds) return { ok: true, state: 'rejected', message: this.refuseRefunds };
      const txId = input.transactionId ?? [...taken].find(([, p]) => p.outTradeNo === input.outTradeNo)?.[0];
      const paid = txId ? taken.get(txId) : undefined;
      if (!txId || !paid) return { ok: true, state: 'rejected', message: '订单不存在或未支付' };
      if (paid.totalFee !== input.totalFee) return { ok: true, state: 'rejected', message: '订单金额或退款金额与之前请求不一致' };
      if (paid.refunded + input.refundFee > paid.totalFee) return { ok: true, state: 'rejected', message: '退款金额超过订单可退金额' };
      paid.refunded += input.refundFee;
      const now = clock.now();
      const r: SandboxRefund = {
        transactionId: txId, outTradeNo: paid.outTradeNo, totalFee: paid.totalFee, refundFee: input.refundFee,
        refundId: `SANDBOXREFUND${now}${randomBytes(4).toString('hex')}`, successTime: shanghaiTime(now),
      };
      refunds.set(input.outRefundNo, r);
      await Promise.all([persist('taken', txId, paid), persist('refund', input.outRefundNo, r)]);
      if (!this.loseRefundCallbacks) {
        queued.push({
          returnCode: 'SUCCESS', appid: 'wx-sandbox', mchId: 'sandbox-mch', subMchId: 'sandbox-sub-mch',
          transactionId: r.transactionId, outTradeNo: r.outTradeNo, refundId: r.refundId, outRefundNo: input.outRefundNo,
          totalFee: r.totalFee, refundFee: r.refundFee, settlementRefundFee: r.refundFee, refundStatus: 'SUCCESS',
          successTime: r.successTime, refundRecvAccout: '支付用户零钱', refundAccount: 'REFUND_SOURCE_RECHARGE_FUNDS', refundRequestSource: 'API',
        });
      }
      return { ok: true, state: 'accepted', refundId: r.refundId };
    },
    async queryRefund(outRefundNo: string): Promise<RefundQueryResult> {
      const r = refunds.get(outRefundNo);
      return { ok: true, refund: r ? { state: 'success', refundFee: r.refundFee, refundId: r.refundId, successTime: r.successTime } : { state: 'none' } };
    },
    takeRefundCallbacks() {
      const out = queued;
      queued = [];
      return out;
    },
    loseRefundCallbacks: false,
    refuseRefunds: null,
    refundedByTransaction() {
      return new Map([...taken].map(([id, p]) => [id, p.refunded]));
    },
  };
}
