/**
 * The slice of MongoDB Extended JSON (v2) the cloud database speaks with wx-server-sdk: canonical numbers
 * ($numberInt, $numberLong, $numberDouble) inside plain JSON. Other EJSON types (dates, ObjectIds, regexes,
 * binaries) are refused: the Store port never sends them, so seeing one is a bug worth a loud failure.
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };
export type Obj = { [key: string]: Value };

const UNSUPPORTED = new Set([
  '$date', '$oid', '$numberDecimal', '$binary', '$uuid', '$regularExpression', '$regex', '$timestamp',
  '$minKey', '$maxKey', '$symbol', '$code', '$undefined', '$dbPointer', '$ref',
]);

export class EjsonError extends Error {}

function decodeNumber(key: string, raw: unknown): number {
  if (typeof raw !== 'string') throw new EjsonError(`${key} needs a string`);
  switch (key) {
    case '$numberInt': {
      if (!/^-?\d+$/.test(raw)) throw new EjsonError(`bad $numberInt ${raw}`);
      const n = Number(raw);
      if (n < -(2 ** 31) || n >= 2 ** 31) throw new EjsonError(`$numberInt out of range ${raw}`);
      return n;
    }
    case '$numberLong': {
      if (!/^-?\d+$/.test(raw)) throw new EjsonError(`bad $numberLong ${raw}`);
      const n = Number(raw);
      if (!Number.isSafeInteger(n)) throw new EjsonError(`$numberLong beyond 2^53 ${raw}`);
      return n;
    }
    default: {
      if (raw === 'Infinity') return Infinity;
      if (raw === '-Infinity') return -Infinity;
      if (raw === 'NaN') return NaN;
      const n = Number(raw);
      if (raw.trim() === '' || Number.isNaN(n)) throw new EjsonError(`bad $numberDouble ${raw}`);
      return n;
    }
  }
}

/** Canonical (or relaxed) EJSON value -> plain JS value. */
export function fromEjson(v: unknown): Value {
  if (Array.isArray(v)) return v.map(fromEjson);
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && (keys[0] === '$numberInt' || keys[0] === '$numberLong' || keys[0] === '$numberDouble')) {
      return decodeNumber(keys[0], (v as Record<string, unknown>)[keys[0]]);
    }
    for (const k of keys) if (UNSUPPORTED.has(k)) throw new EjsonError(`EJSON type ${k} is not supported by the cloud simulator`);
    const out: Obj = {};
    for (const k of keys) out[k] = fromEjson((v as Record<string, unknown>)[k]);
    return out;
  }
  if (v === undefined) throw new EjsonError('undefined is not JSON');
  return v as Value;
}

export function decodeEjson(text: string): Value {
  if (typeof text !== 'string') throw new EjsonError('EJSON payload must be a string');
  return fromEjson(JSON.parse(text));
}

function toCanonical(v: Value): unknown {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && !Object.is(v, -0)) {
      if (v >= -(2 ** 31) && v < 2 ** 31) return { $numberInt: String(v) };
      if (Number.isSafeInteger(v)) return { $numberLong: String(v) };
    }
    if (Number.isNaN(v)) return { $numberDouble: 'NaN' };
    if (v === Infinity) return { $numberDouble: 'Infinity' };
    if (v === -Infinity) return { $numberDouble: '-Infinity' };
    return { $numberDouble: Object.is(v, -0) ? '-0.0' : String(v) };
  }
  if (Array.isArray(v)) return v.map(toCanonical);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toCanonical(x);
    return out;
  }
  return v;
}

/** Plain JS value -> canonical EJSON text (what the cloud returns in `data.list`). */
export function encodeEjson(v: Value): string {
  return JSON.stringify(toCanonical(v));
}
