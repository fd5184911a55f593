/**
 * utils/sha256.ts (mini programs have no crypto module) agrees with node's crypto on every kind of text: empty,
 * every length around the 64-byte block and its padding, several blocks, CJK, emoji (surrogate pairs), lone
 * surrogates (U+FFFD, as node and TextEncoder encode them), random strings.
 */
import fc from 'fast-check';
import { sha256, utf8Bytes } from '../../miniprogram/utils/sha256';
import { nodeSha256 } from './support/live-data';

describe('sha256', () => {
  test('known vectors and every length around the 64-byte block and its padding', () => {
    expect(sha256('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (let n = 0; n <= 200; n += 1) {
      const text = 'x'.repeat(n);
      expect(sha256(text)).toBe(nodeSha256(text));
    }
  });

  test('UTF-8 text: Chinese, emoji (surrogate pairs) and lone surrogates encode as node does (U+FFFD)', () => {
    for (const text of ['直播间抽奖', '中奖🎉啦', 'a\u00e9\u4e2d\ud83d\ude00', '\ud800x', 'x\udc00', '\ud83d']) {
      expect(Buffer.from(utf8Bytes(text))).toEqual(Buffer.from(text, 'utf8'));
      expect(sha256(text)).toBe(nodeSha256(text));
    }
  });

  test('agrees with node crypto on random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(sha256(text)).toBe(nodeSha256(text));
      }),
      { numRuns: 300 },
    );
  });

  test('a longer input (several blocks)', () => {
    const text = '开奖种子:'.repeat(500);
    expect(sha256(text)).toBe(nodeSha256(text));
  });
});
