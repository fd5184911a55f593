import fc from 'fast-check';
import { cleanLabel, DEFAULT_BG, escapeXml, parseHexColor, renderPlaceholderSvg } from '../../cloudfunctions/local/placeholder-image';

/**
 * A small XML well-formedness check (no DOMParser in the node project): an optional XML declaration, then
 * one root element; tags balanced; attributes double-quoted with no raw '<' or unescaped '&'; text holds
 * no raw '<', '>' or stray '&'.
 */
function assertWellFormed(xml: string): void {
  let s = xml.replace(/^<\?xml [^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
  const checkText = (text: string) => {
    const bare = text.replace(ENTITY, '');
    if (/[<>&]/.test(bare)) throw new Error(`raw markup character in text: ${JSON.stringify(text)}`);
  };
  while (s.length > 0) {
    const lt = s.indexOf('<');
    if (lt === -1) {
      if (stack.length > 0) throw new Error('unterminated element');
      if (s.trim() !== '') throw new Error('text after the root element');
      break;
    }
    const text = s.slice(0, lt);
    if (stack.length === 0 && text.trim() !== '') throw new Error('text outside the root element');
    checkText(text);
    s = s.slice(lt);
    const close = /^<\/([A-Za-z][\w:.-]*)\s*>/.exec(s);
    if (close) {
      if (stack.pop() !== close[1]) throw new Error(`mismatched </${close[1]}>`);
      s = s.slice(close[0].length);
      continue;
    }
    const open = /^<([A-Za-z][\w:.-]*)((?:\s+[A-Za-z][\w:.-]*="[^"<]*")*)\s*(\/?)>/.exec(s);
    if (!open) throw new Error(`bad tag at ${JSON.stringify(s.slice(0, 60))}`);
    const attrs = [...open[2].matchAll(/([A-Za-z][\w:.-]*)="([^"]*)"/g)];
    const names = attrs.map((a) => a[1]);
    if (new Set(names).size !== names.length) throw new Error(`duplicate attribute in <${open[1]}>`);
    for (const a of attrs) checkText(a[2].replace(/>/g, ''));
    if (stack.length === 0) roots++;
    if (!open[3]) stack.push(open[1]);
    s = s.slice(open[0].length);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('><')}>`);
  if (roots !== 1) throw new Error(`expected one root element, got ${roots}`);
}

function unescape(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e] as string);
}

const textOf = (svg: string) => unescape(/<text[^>]*>([^<]*)<\/text>/.exec(svg)?.[1] ?? '');
const stops = (svg: string) => [...svg.matchAll(/stop-color="#([0-9a-f]{6})"/g)].map((m) => m[1]);

describe('renderPlaceholderSvg', () => {
  it('renders a well-formed standalone 750x750 SVG by default', () => {
    const svg = renderPlaceholderSvg({ bg: '3b82f6', t: '降噪耳机' });
    assertWellFormed(svg);
    expect(svg).toMatch(/<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="750" height="750" viewBox="0 0 750 750"/);
    expect(svg).toContain('font-family="sans-serif"');
    expect(textOf(svg)).toBe('降噪耳机');
  });

  it('uses the requested size, square when only w is given, and clamps nonsense', () => {
    expect(renderPlaceholderSvg({ w: 300 })).toContain('width="300" height="300"');
    expect(renderPlaceholderSvg({ w: 400, h: 200 })).toContain('viewBox="0 0 400 200"');
    expect(renderPlaceholderSvg({ w: 1e9, h: -5 })).toContain('width="2048" height="16"');
    expect(renderPlaceholderSvg({ w: NaN })).toContain('width="750" height="750"');
    expect(renderPlaceholderSvg({ w: '300"><script>' as unknown as number })).toContain('width="750"');
  });

  it('escapes <script> and quotes in the label', () => {
    const svg = renderPlaceholderSvg({ t: '<script>"x' });
    assertWellFormed(svg);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;&quot;x');
    expect(textOf(svg)).toBe('<script>"x');
    const svg2 = renderPlaceholderSvg({ t: `a"b'c&d` });
    assertWellFormed(svg2);
    expect(svg2).toContain('a&quot;b&apos;c&amp;d');
    expect(svg2).toContain(`aria-label="a&quot;b&apos;c&amp;d"`);
  });

  it('truncates the label to 12 characters without splitting code points', () => {
    const long = '一二三四五六七八九十甲乙丙丁';
    expect(Array.from(textOf(renderPlaceholderSvg({ t: long }))).length).toBe(12);
    const emoji = '😀'.repeat(20);
    const label = textOf(renderPlaceholderSvg({ t: emoji }));
    expect(Array.from(label).length).toBe(12);
    expect(label).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(textOf(renderPlaceholderSvg({ t: 'exactly12chr' }))).toBe('exactly12chr');
  });

  it('drops characters XML cannot carry', () => {
    expect(cleanLabel('a\u0000b\u0007c\ud800d\uffff')).toBe('abcd');
    expect(cleanLabel('  two\n\tlines ')).toBe('two lines');
  });

  it('validates the background colour and falls back on bad input', () => {
    expect(parseHexColor('abc')).toBe('aabbcc');
    expect(parseHexColor('#A1B2C3')).toBe('a1b2c3');
    for (const bad of ['', 'red', 'abcd', '12345g', 'ff00ff;x', '"/><script>', undefined, 42 as unknown as string]) {
      expect(parseHexColor(bad)).toBeNull();
      const svg = renderPlaceholderSvg({ bg: bad, t: 'x' });
      assertWellFormed(svg);
      expect(svg).toEqual(renderPlaceholderSvg({ bg: DEFAULT_BG, t: 'x' }));
      expect(svg).not.toContain('script');
    }
    expect(stops(renderPlaceholderSvg({ bg: 'f00' }))).toEqual(stops(renderPlaceholderSvg({ bg: 'ff0000' })));
  });

  it('picks a contrasting label colour', () => {
    const fill = (bg: string) => /<text[^>]*fill="#([0-9a-f]{6})"/.exec(renderPlaceholderSvg({ bg, t: 'x' }))?.[1];
    expect(fill('111827')).toBe('ffffff');
    expect(fill('fef3c7')).toBe('1f2937');
  });

  it('shows the size when no label is given', () => {
    expect(textOf(renderPlaceholderSvg({}))).toBe('750×750');
    expect(() => assertWellFormed(renderPlaceholderSvg(undefined as unknown as object))).not.toThrow();
  });

  it('never reflects unescaped input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string(), fc.oneof(fc.integer(), fc.double()), (t, bg, w) => {
        const svg = renderPlaceholderSvg({ t, bg, w });
        assertWellFormed(svg);
        expect(textOf(svg)).toEqual(cleanLabel(t) || expect.stringMatching(/^\d+×\d+$/));
        expect(Array.from(cleanLabel(t)).length).toBeLessThanOrEqual(12);
      }),
      { numRuns: 300 },
    );
  });

  it('escapeXml escapes all five special characters', () => {
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });

  it('checker rejects broken markup', () => {
    expect(() => assertWellFormed('<svg><text>a<b</text></svg>')).toThrow();
    expect(() => assertWellFormed('<svg><g></svg>')).toThrow();
    expect(() => assertWellFormed('<svg a="1" a="2"/>')).toThrow();
  });
});

describe('renderPlaceholderSvg shape=circle (category icons)', () => {
  it('draws the label large on a disc that fills the smaller side, on a transparent square', () => {
    const svg = renderPlaceholderSvg({ bg: '3b82f6', t: '数码', w: '120', shape: 'circle' });
    assertWellFormed(svg);
    expect(svg).toContain('width="120" height="120"');
    expect(svg).toMatch(/<circle cx="60" cy="60" r="60" fill="url\(#bg\)"\/>/);
    expect(svg).not.toContain('<rect');
    expect(textOf(svg)).toBe('数码');
    const size = Number(/font-size="(\d+)"/.exec(svg)?.[1]);
    // Two characters take about three quarters of the disc: readable at 40 px.
    expect(size).toBeGreaterThanOrEqual(40);
    expect(size * 2).toBeLessThanOrEqual(120 * 0.8);
  });

  it('shrinks longer labels to fit, escapes them, and keeps the contrasting ink', () => {
    const svg = renderPlaceholderSvg({ bg: 'fef3c7', t: '<居家生活>', w: 120, shape: 'circle' });
    assertWellFormed(svg);
    expect(textOf(svg)).toBe('<居家生活>');
    expect(Number(/font-size="(\d+)"/.exec(svg)?.[1])).toBeLessThan(30);
    expect(svg).toMatch(/<text[^>]*fill="#1f2937"/);
    assertWellFormed(renderPlaceholderSvg({ shape: 'circle' }));
  });
});
