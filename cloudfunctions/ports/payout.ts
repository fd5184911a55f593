/**
 * Paying a distributor's withdrawal out. `manual`: the merchant transfers outside and marks it paid (no port call).
 * `wechat_transfer`: WeChat Pay's merchant transfer (商家转账, user-confirm mode): the transfer is created here, the
 * distributor confirms it in the mini program with wx.requestMerchantTransfer, and its state is read back by query.
 * Real: adapters/payout-wxpay (APIv3, signed HTTPS). Local: adapters/payout-sandbox.
 */
export interface TransferInput {
  /** Our withdrawal id: out_bill_no (<= 32 of [A-Za-z0-9]). The same one on every attempt: WeChat Pay transfers it once. */
  billNo: string;
  openid: string;
  /** Fen. */
  amount: number;
  /** Shown to the distributor (<= 32 characters). */
  remark: string;
}

/** Where a transfer stands at WeChat Pay. */
export type TransferState =
  /** Created; the distributor must confirm it (packageInfo goes to wx.requestMerchantTransfer). */
  | { state: 'wait_user_confirm'; packageInfo: string; transferBillNo: string | null }
  /** Accepted or processing: not decided yet. */
  | { state: 'processing' }
  | { state: 'success'; transferBillNo: string | null }
  /** Failed or cancelled: no money moved; the withdrawal's money goes back to the distributor. */
  | { state: 'failed'; message: string }
  /** WeChat Pay has no such transfer (the request never reached it). */
  | { state: 'none' };

export type TransferResult = { ok: true; transfer: TransferState } | { ok: false; message: string };

export interface PayoutGateway {
  /** What the mini program needs besides packageInfo for wx.requestMerchantTransfer. */
  readonly confirmParams: { mchId: string; appId: string };
  transfer(input: TransferInput): Promise<TransferResult>;
  queryTransfer(billNo: string): Promise<TransferResult>;
}
