/**
 * Claiming a room's coupons (cloud function `coupon`). The live subpackage's own (a subpackage cannot require another
 * subpackage's code): a live-only coupon is claimed with its room while the room is live (LIVE_ONLY / NOT_LIVE
 * otherwise, in the server's words).
 */
import type { Coupon } from '../../../../typings/api';
import { call } from '../../../services/api';

export function claimLiveCoupon(templateId: string, roomId: string): Promise<Coupon> {
  return call('coupon', 'claim', { templateId, roomId });
}
