/**
 * scripts/lib/mp-size.ts: the main-package measure adds up and leaves subpackages out.
 * (No size target here: this only checks the measuring itself.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureMainPackage, subpackageRoots } from '../../scripts/lib/mp-size';

const MP_ROOT = path.resolve(__dirname, '../../miniprogram');

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

describe('measureMainPackage on a known tree', () => {
  let tmp: string;
  const write = (rel: string, text: string | Buffer): void => {
    const f = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
  };

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-size-'));
    write('app.json', JSON.stringify({ pages: ['pages/home/index'], subpackages: [{ root: 'packages/goods/', pages: ['pages/detail/index'] }] }));
    write('pages/home/index.ts', 'const price: number = 1230;\nComponent({ data: { price } });\n');
    write('pages/home/index.wxml', '<view>{{price}}</view>');
    write('pages/home/index.wxss', '.a { color: red; }');
    write('pages/home/index.json', '{}');
    write('typings.d.ts', 'declare const x: number;\n'); // not uploaded
    write('README.md', '# not uploaded');
    write('images/logo.png', Buffer.alloc(1000));
    write('utils/format.wxs', 'module.exports = {};');
    write('miniprogram_npm/mobx-miniprogram/index.js', 'x'.repeat(500));
    write('packages/goods/pages/detail/index.ts', 'Component({});\n'.repeat(50));
    write('packages/goods/pages/detail/index.wxml', '<view/>'.repeat(100));
    write('packages/goods/images/big.png', Buffer.alloc(5000));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('breakdown adds up to total and to the per-file list', () => {
    const r = measureMainPackage(tmp);
    expect(sum(Object.values(r.breakdown))).toBe(r.total);
    expect(sum(Object.values(r.files))).toBe(r.total);
    expect(r.breakdown.assets).toBe(1000);
    expect(r.breakdown.npm).toBe(500);
    expect(r.breakdown.templates).toBe('<view>{{price}}</view>'.length);
    expect(r.breakdown.styles).toBe('.a { color: red; }'.length);
  });

  test('.ts counts as transpiled .js; .d.ts and .md do not count', () => {
    const r = measureMainPackage(tmp);
    expect(Object.keys(r.files)).toContain('pages/home/index.js');
    expect(Object.keys(r.files).some((f) => f.endsWith('.ts') || f.endsWith('.md'))).toBe(false);
    expect(r.files['pages/home/index.js']).toBeGreaterThan(0);
    // the type annotation is gone after transpiling
    expect(r.files['pages/home/index.js']).toBeLessThan(fs.statSync(path.join(tmp, 'pages/home/index.ts')).size + 20);
  });

  test('subpackage files are measured separately and excluded from the main package', () => {
    const r = measureMainPackage(tmp);
    expect(Object.keys(r.subpackages)).toEqual(['packages/goods']);
    expect(r.subpackages['packages/goods']).toBeGreaterThan(5000);
    expect(Object.keys(r.files).filter((f) => f.startsWith('packages/'))).toEqual([]);
    expect(r.notes.join(' ')).toMatch(/miniprogram_npm is counted in full/);
  });
});

describe('measureMainPackage on the real mini program', () => {
  test('adds up and keeps every declared subpackage out of the main package', () => {
    const r = measureMainPackage(MP_ROOT);
    expect(sum(Object.values(r.breakdown))).toBe(r.total);
    expect(sum(Object.values(r.files))).toBe(r.total);
    const roots = subpackageRoots(MP_ROOT);
    expect(Object.keys(r.subpackages).sort()).toEqual([...roots].sort());
    for (const root of roots) {
      expect(Object.keys(r.files).filter((f) => f.startsWith(`${root}/`))).toEqual([]);
    }
    expect(r.files['app.json']).toBeGreaterThan(0);
  });
});
