/**
 * The local cloud's stand-in for WeChat Pay's merchant transfer (user-confirm mode). A transfer is created waiting
 * for the distributor's confirmation (WAIT_USER_CONFIRM, with a package for wx.requestMerchantTransfer); `confirm`
 * (the local mini program posts /dev/transfer/confirm; tests call it) moves the money (SUCCESS); `decline` fails it
 * (the distributor never confirmed: WeChat Pay cancels it). The same out_bill_no again is the same transfer.
 * Tests can make WeChat Pay refuse new transfers (`refuseTransfers`) or lose the answer after creating one.
 */
import { randomBytes } from 'crypto';
import type { PayoutGateway, TransferInput, TransferResult, TransferState } from '../ports/payout';

interface SandboxTransfer {
  input: TransferInput;
  state: 'wait_user_confirm' | 'success' | 'failed';
  transferBillNo: string;
  packageInfo: string;
}

export interface SandboxPayout extends PayoutGateway {
  confirm(billNo: string): boolean;
  decline(billNo: string): boolean;
  /** Fen transferred in all, per openid (tests compare it with the books). */
  paidTo(openid: string): number;
  refuseTransfers: string | null;
  /** The next transfer is created but its answer is lost (a timeout). */
  loseNextAnswer: boolean;
}

export function sandboxPayout(): SandboxPayout {
  const transfers = new Map<string, SandboxTransfer>();
  const view = (t: SandboxTransfer | undefined): TransferState => {
    if (!t) return { state: 'none' };
    if (t.state === 'success') return { state: 'success', transferBillNo: t.transferBillNo };
    if (t.state === 'failed') return { state: 'failed', message: '用户未确认收款，转账已撤销' };
    return { state: 'wait_user_confirm', packageInfo: t.packageInfo, transferBillNo: t.transferBillNo };
  };
  const payout: SandboxPayout = {
    confirmParams: { mchId: 'sandbox-mch', appId: 'wx-sandbox' },
    refuseTransfers: null,
    loseNextAnswer: false,
    async transfer(input: TransferInput): Promise<TransferResult> {
      if (!/^[A-Za-z0-9]{1,32}$/.test(input.billNo)) return { ok: true, transfer: { state: 'failed', message: 'out_bill_no 格式错误' } };
      const known = transfers.get(input.billNo);
      if (known) return { ok: true, transfer: view(known) };
      if (payout.refuseTransfers) return { ok: true, transfer: { state: 'failed', message: payout.refuseTransfers } };
      const t: SandboxTransfer = {
        input, state: 'wait_user_confirm', transferBillNo: `SANDBOXTRANSFER${randomBytes(6).toString('hex')}`,
        packageInfo: `sandbox-package-${input.billNo}`,
      };
      transfers.set(input.billNo, t);
      if (payout.loseNextAnswer) {
        payout.loseNextAnswer = false;
        return { ok: false, message: 'timeout' };
      }
      return { ok: true, transfer: view(t) };
    },
    async queryTransfer(billNo: string): Promise<TransferResult> {
      return { ok: true, transfer: view(transfers.get(billNo)) };
    },
    confirm(billNo: string): boolean {
      const t = transfers.get(billNo);
      if (!t || t.state !== 'wait_user_confirm') return false;
      t.state = 'success';
      return true;
    },
    decline(billNo: string): boolean {
      const t = transfers.get(billNo);
      if (!t || t.state !== 'wait_user_confirm') return false;
      t.state = 'failed';
      return true;
    },
    paidTo(openid: string): number {
      return [...transfers.values()].filter((t) => t.state === 'success' && t.input.openid === openid).reduce((s, t) => s + t.input.amount, 0);
    },
  };
  return payout;
}
