/** Every deployable function. The build bundles one entry per item; the local cloud serves them all. */
import { cart } from './cart';
import { coupon } from './coupon';
import { dist } from './dist';
import { jobs } from './jobs';
import { live } from './live';
import type { FunctionDef } from './kit';
import { merchant } from './merchant';
import { order } from './order';
import { pay } from './pay';
import { payNotify } from './payNotify';
import { refundNotify } from './refundNotify';
import { shop } from './shop';
import { user } from './user';

export const FUNCTIONS: Record<string, FunctionDef> = {
  shop,
  cart,
  user,
  coupon,
  order,
  pay,
  payNotify,
  refundNotify,
  jobs,
  merchant,
  dist,
  live,
};
