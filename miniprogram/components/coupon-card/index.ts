/**
 * A coupon: its value (amount off in yuan or a discount in 折), the condition, scope and validity, and a slot on
 * the right for the action (a claim button, a radio). `disabled` greys it out; `note` says why (or its status).
 */
import type { CouponRule, CouponScope } from '../../../typings/api';
import type { CouponValidity } from '../../utils/coupon';
import { scopeText, validityText } from '../../utils/coupon';

Component({
  options: { multipleSlots: true },
  externalClasses: ['custom-class'],
  properties: {
    /** A CouponRule with its validity (Coupon, CouponCenterItem). */
    coupon: { type: Object, value: {} },
    disabled: { type: Boolean, value: false },
    /** A line under the validity: why it cannot be used, or its status. */
    note: { type: String, value: '' },
    /** Highlighted as the chosen coupon. */
    selected: { type: Boolean, value: false },
    /** A tag before the name, e.g. 新人专享. */
    tag: { type: String, value: '' },
  },
  data: { validText: '', scopeText: '' },
  observers: {
    coupon(c: Partial<CouponRule> & CouponValidity) {
      this.setData({ validText: validityText(c), scopeText: scopeText(c?.scope as CouponScope | undefined) });
    },
  },
});
