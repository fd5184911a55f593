/**
 * Event shapes for page handlers. miniprogram-api-typings' CustomEvent requires an object detail,
 * while Vant emits plain values (van-search: string, van-sidebar: index, van-stepper: number).
 */

/** An event whose `detail` is a plain value. */
export interface DetailEvent<T> {
  detail: T;
}

/** A tap whose data-* attributes are read from `currentTarget.dataset`. */
export interface DatasetEvent<D> {
  currentTarget: { dataset: D };
}
