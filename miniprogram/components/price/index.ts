/**
 * A price in fen, formatted by format.wxs: `value` alone, `value`..`max` as a range,
 * and `original` struck through when it is above the price.
 */
Component({
  externalClasses: ['custom-class'],
  properties: {
    /** Price (or range minimum) in fen. */
    value: { type: Number, value: 0 },
    /** Range maximum in fen; a range is shown when it is above `value`. */
    max: { type: Number, value: 0 },
    /** Original price in fen, struck through when above the price; 0 for none. */
    original: { type: Number, value: 0 },
    /** small | medium | large */
    size: { type: String, value: 'medium' },
  },
});
