/**
 * app.json must not set `"style": "v2"`. With it WeChat gives every native <button> without size="mini" a width of
 * 184 px (weui 2's `button:not([size=mini]) { width: 184px }`), which beats Vant Weapp's single-class button
 * selectors: block buttons shrink to 184 px, the goods-action bar overflows the screen, mini buttons next to text
 * squeeze it. Vant Weapp's quick start says to remove it for this reason (vant-weapp issues #2473, #1937, #2807;
 * issue 7). test/mp/layout.test.ts measures the buttons themselves.
 */
import fs from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');

test('app.json has no "style": "v2" (it breaks Vant buttons: 184 px native button width)', () => {
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'miniprogram/app.json'), 'utf8'));
  expect(app.style).toBeUndefined();
  for (const file of ['miniprogram/app.json']) {
    expect(fs.readFileSync(path.join(ROOT, file), 'utf8')).not.toMatch(/"style"\s*:\s*"v2"/);
  }
});

test('no page or component sets "style": "v2" in its own json either', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'miniprogram_npm') walk(p);
      } else if (e.name.endsWith('.json') && /"style"\s*:\s*"v2"/.test(fs.readFileSync(p, 'utf8'))) {
        offenders.push(path.relative(ROOT, p));
      }
    }
  };
  walk(path.join(ROOT, 'miniprogram'));
  expect(offenders).toEqual([]);
});
