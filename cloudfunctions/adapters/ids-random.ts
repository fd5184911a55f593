import { randomBytes } from 'crypto';
import type { Ids } from '../ports/ids';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

function base36Random(n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  // 252 = 7 * 36: reject bytes >= 252 to keep the distribution uniform.
  for (let i = 0; out.length < n; i++) {
    if (i >= bytes.length) return out + base36Random(n - out.length);
    if (bytes[i] < 252) out += ALPHABET[bytes[i] % 36];
  }
  return out;
}

export const randomIds: Ids = {
  newId(now: number): string {
    return now.toString(36).padStart(9, '0') + base36Random(15);
  },
};
