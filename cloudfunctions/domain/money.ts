/** Money is integer fen. A branded type keeps yuan floats out. */
export type Fen = number & { readonly __fen: unique symbol };

export function fen(n: number): Fen {
  if (!Number.isSafeInteger(n)) throw new RangeError(`fen must be a safe integer, got ${n}`);
  return n as Fen;
}

export function isFen(n: unknown): n is Fen {
  return typeof n === 'number' && Number.isSafeInteger(n);
}
