/**
 * Mini program build checks that need no DevTools:
 * - every .wxml/.wxs compiles with WeChat's `wcc`, every .wxss with `wcsc` (the real compilers, see
 *   scripts/lib/wx-compilers.ts);
 * - every page declared in app.json (main package, subpackages, tabBar) has its files;
 * - every `usingComponents` entry resolves to a component.
 * The last block runs the same checks on a broken temp project, so a green run cannot be a vacuous one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileWxml, compileWxss, formatErrors, listFiles } from '../../scripts/lib/wx-compilers';

const MP_ROOT = path.resolve(__dirname, '../../miniprogram');
const NPM_DIR = 'miniprogram_npm';
const BUILD_HINT = 'run `npm run build:mpnpm` first (CI builds miniprogram_npm before the tests)';

interface SubPackage {
  root: string;
  pages: string[];
  independent?: boolean;
}
interface AppJson {
  pages?: string[];
  subpackages?: SubPackage[];
  subPackages?: SubPackage[];
  tabBar?: { list?: Array<{ pagePath: string; iconPath?: string; selectedIconPath?: string }> };
  usingComponents?: Record<string, string>;
  entryPagePath?: string;
}

const toPosix = (p: string): string => p.split(path.sep).join('/');
const exists = (p: string): boolean => fs.existsSync(p);
const isFile = (p: string): boolean => exists(p) && fs.statSync(p).isFile();
const isDir = (p: string): boolean => exists(p) && fs.statSync(p).isDirectory();

function readJson<T>(file: string): T {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`${file}: invalid JSON (${(err as Error).message})`);
  }
}

function readAppJson(root: string): AppJson {
  const file = path.join(root, 'app.json');
  if (!isFile(file)) throw new Error(`${file} is missing: the mini program has no app.json`);
  return readJson<AppJson>(file);
}

/** Every page route in app.json, root-relative without extension: main pages then subpackage pages. */
function declaredPages(app: AppJson): { main: string[]; sub: string[]; subRoots: string[] } {
  const subs = [...(app.subpackages ?? []), ...(app.subPackages ?? [])];
  const main = app.pages ?? [];
  const sub = subs.flatMap((s) => (s.pages ?? []).map((p) => path.posix.join(s.root, p)));
  return { main, sub, subRoots: subs.map((s) => s.root.replace(/\/+$/, '')) };
}

/** Problems with the pages app.json declares. */
function checkPages(root: string): string[] {
  const problems: string[] = [];
  const app = readAppJson(root);
  const { main, sub, subRoots } = declaredPages(app);
  if (main.length === 0) problems.push('app.json: "pages" is empty');
  const all = [...main, ...sub];
  const dupes = all.filter((p, i) => all.indexOf(p) !== i);
  if (dupes.length) problems.push(`app.json: pages declared twice: ${[...new Set(dupes)].join(', ')}`);
  for (const page of all) {
    const base = path.join(root, page);
    const missing: string[] = [];
    if (!isFile(`${base}.ts`) && !isFile(`${base}.js`)) missing.push('.ts');
    if (!isFile(`${base}.wxml`)) missing.push('.wxml');
    if (!isFile(`${base}.json`)) missing.push('.json');
    if (missing.length) problems.push(`page ${page}: missing ${missing.join(', ')}`);
  }
  for (const p of main) {
    const inSub = subRoots.find((r) => p === r || p.startsWith(`${r}/`));
    if (inSub) problems.push(`page ${p} is in "pages" but lives under subpackage root ${inSub}`);
  }
  for (const item of app.tabBar?.list ?? []) {
    if (!main.includes(item.pagePath)) {
      problems.push(`tabBar pagePath ${item.pagePath} is not a main-package page (tab pages must be in "pages")`);
    }
    // Tab icons: local PNG/JPG files of at most 40 KB (the platform's limit).
    for (const icon of [item.iconPath, item.selectedIconPath]) {
      if (icon === undefined) continue;
      const file = path.join(root, icon);
      if (!/\.(png|jpe?g)$/i.test(icon) || /^https?:/.test(icon)) problems.push(`tabBar icon ${icon} must be a local png or jpg`);
      else if (!fs.existsSync(file)) problems.push(`tabBar icon ${icon} does not exist`);
      else if (fs.statSync(file).size > 40 * 1024) problems.push(`tabBar icon ${icon} is over 40 KB`);
    }
  }
  if (app.entryPagePath && !all.includes(app.entryPagePath)) {
    problems.push(`entryPagePath ${app.entryPagePath} is not a declared page`);
  }
  return problems;
}

/** Resolves a usingComponents value to the component's base path (absolute, no extension), or explains why not. */
function resolveComponent(root: string, jsonFile: string, ref: string): { base?: string; problem?: string } {
  const dir = path.dirname(jsonFile);
  const npmDir = path.join(root, NPM_DIR);
  const candidates: string[] = [];
  let viaNpm = false;
  if (ref.startsWith('/')) {
    candidates.push(path.join(root, ref));
    viaNpm = ref.startsWith(`/${NPM_DIR}/`);
  } else if (ref.startsWith('.')) {
    candidates.push(path.resolve(dir, ref));
  } else {
    // Bare path: DevTools tries it relative to the json first, then as an npm package in miniprogram_npm folders
    // from the json's folder up to the mini program root.
    candidates.push(path.resolve(dir, ref));
    for (let d = dir; ; d = path.dirname(d)) {
      candidates.push(path.join(d, NPM_DIR, ref));
      if (path.relative(root, d) === '' || !d.startsWith(root)) break;
    }
    viaNpm = true;
  }
  for (const c of candidates) {
    if (isFile(`${c}.json`)) return { base: c };
    if (isDir(c) && isFile(path.join(c, 'index.json'))) return { base: path.join(c, 'index') };
  }
  if (viaNpm && !isDir(npmDir)) return { problem: `needs ${NPM_DIR}, which does not exist: ${BUILD_HINT}` };
  return { problem: 'no component there' };
}

/** Problems with usingComponents in app.json and every page/component json (miniprogram_npm excluded). */
function checkUsingComponents(root: string): string[] {
  const problems: string[] = [];
  const jsonFiles = listFiles(root, ['.json']).filter(
    (f) => f === 'app.json' || isFile(path.join(root, f.replace(/\.json$/, '.wxml'))),
  );
  for (const rel of jsonFiles) {
    const file = path.join(root, rel);
    let json: { usingComponents?: Record<string, string> };
    try {
      json = readJson(file);
    } catch (err) {
      problems.push((err as Error).message);
      continue;
    }
    for (const [tag, ref] of Object.entries(json.usingComponents ?? {})) {
      if (/^plugin(-private)?:\/\//.test(ref)) continue; // plugins resolve on WeChat's side
      const where = `${rel}: usingComponents["${tag}"] = "${ref}"`;
      const { base, problem } = resolveComponent(root, file, ref);
      if (!base) {
        problems.push(`${where}: ${problem}`);
        continue;
      }
      const shown = toPosix(path.relative(root, base));
      const missing = ['.wxml', '.json'].filter((e) => !isFile(base + e));
      if (!isFile(`${base}.js`) && !isFile(`${base}.ts`)) missing.push('.ts/.js');
      if (missing.length) {
        problems.push(`${where}: component ${shown} is missing ${missing.join(', ')}`);
        continue;
      }
      try {
        if (readJson<{ component?: boolean }>(`${base}.json`).component !== true) {
          problems.push(`${where}: ${shown}.json does not declare "component": true`);
        }
      } catch (err) {
        problems.push(`${where}: ${(err as Error).message}`);
      }
    }
  }
  return problems;
}

function templateFiles(root: string): string[] {
  return listFiles(root, ['.wxml', '.wxs']);
}
function styleFiles(root: string): string[] {
  return listFiles(root, ['.wxss']);
}

function assertNone(problems: string[], what: string): void {
  if (problems.length > 0) {
    throw new Error(`${problems.length} ${what}:\n${problems.join('\n')}`);
  }
}

describe('mini program compiles with WeChat wcc/wcsc', () => {
  test('app.json exists and declares pages', () => {
    expect(declaredPages(readAppJson(MP_ROOT)).main.length).toBeGreaterThan(0);
  });

  test('every .wxml and .wxs compiles with wcc', () => {
    const files = templateFiles(MP_ROOT);
    expect(files.length).toBeGreaterThan(0);
    const { errors } = compileWxml(MP_ROOT, files);
    assertNone(errors.length ? formatErrors(errors).split('\n') : [], 'wcc error(s)');
  });

  test('every .wxss compiles with wcsc', () => {
    const { errors } = compileWxss(MP_ROOT, styleFiles(MP_ROOT));
    assertNone(errors.length ? formatErrors(errors).split('\n') : [], 'wcsc error(s)');
  });
});

describe('app.json pages and components', () => {
  test('every declared page (main, subpackages, tabBar) has .ts, .wxml and .json', () => {
    assertNone(checkPages(MP_ROOT), 'page problem(s)');
  });

  test('every usingComponents path resolves to a component', () => {
    assertNone(checkUsingComponents(MP_ROOT), 'usingComponents problem(s)');
  });
});

describe('the checks catch broken projects (not vacuous)', () => {
  let tmp: string;
  const write = (rel: string, text: string): void => {
    const f = path.join(tmp, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
  };
  const page = (rel: string, wxml: string, json: object = {}): void => {
    write(`${rel}.ts`, 'Component({})\n');
    write(`${rel}.wxml`, wxml);
    write(`${rel}.json`, JSON.stringify(json));
  };

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-compile-'));
    write(
      'app.json',
      JSON.stringify({
        pages: ['pages/home/index', 'pages/gone/index'],
        subpackages: [{ root: 'packages/goods', pages: ['pages/detail/index'] }],
        tabBar: { list: [{ pagePath: 'pages/home/index', iconPath: 'assets/missing.png', selectedIconPath: 'https://x.example/a.png' }, { pagePath: 'packages/goods/pages/detail/index' }] },
      }),
    );
    write('app.wxss', 'page { background: #fff; }\n');
    write('utils/format.wxs', "function yuan(fen) { return '¥' + (fen / 100).toFixed(2) }\nmodule.exports = { yuan: yuan }\n");
    page('components/card/index', '<view>{{title}}</view>\n', { component: true });
    page('components/not-a-component/index', '<view/>\n', {});
    page(
      'pages/home/index',
      '<wxs src="/utils/format.wxs" module="fmt" />\n<card title="x" />\n<view>{{fmt.yuan(100)}}</view>\n',
      {
        usingComponents: {
          card: '../../components/card/index',
          'card-abs': '/components/card/index',
          missing: '/components/nope/index',
          notcomp: '/components/not-a-component/index',
          'van-button': '@vant/weapp/button/index',
          plugin: 'plugin-private://wx0000000000000000/components/x',
        },
      },
    );
    write('pages/home/index.wxss', '@import "/app.wxss";\n.price { color: #ee0a24; }\n');
    page('packages/goods/pages/detail/index', '<view>\n  <text>unclosed\n</view>\n');
    write('packages/goods/pages/detail/index.wxss', '.title { color: red;\n.price { }\n');
    write('packages/goods/utils/bad.wxs', 'const x = () => 1\nmodule.exports = { x: x }\n');
  });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('wcc reports the unclosed tag and the ES6 wxs, and accepts the good templates', () => {
    const { errors } = compileWxml(tmp, templateFiles(tmp));
    const byFile = Object.fromEntries(errors.map((e) => [e.file, e.message]));
    expect(Object.keys(byFile).sort()).toEqual(['packages/goods/pages/detail/index.wxml', 'packages/goods/utils/bad.wxs']);
    expect(byFile['packages/goods/pages/detail/index.wxml']).toMatch(/expect end-tag `text`/);
  });

  test('wcc check reports a missing <import>, which wcc itself lets through', () => {
    write('pages/import/index.wxml', '<import src="./nope.wxml" />\n<template is="x" />\n');
    try {
      const { errors } = compileWxml(tmp, ['pages/import/index.wxml']);
      expect(formatErrors(errors)).toMatch(/<import src="\.\/nope\.wxml"> not found/);
    } finally {
      fs.rmSync(path.join(tmp, 'pages/import'), { recursive: true });
    }
  });

  test('wcsc reports the bad stylesheet and resolves root-absolute @import', () => {
    const { errors } = compileWxss(tmp, styleFiles(tmp));
    expect(errors.map((e) => e.file)).toEqual(['packages/goods/pages/detail/index.wxss']);
    expect(errors[0].message).toMatch(/unexpected `\{`/);
  });

  test('page check reports the missing page, the tab page outside the main package and bad tab icons', () => {
    const problems = checkPages(tmp);
    expect(problems).toEqual([
      'page pages/gone/index: missing .ts, .wxml, .json',
      'tabBar icon assets/missing.png does not exist',
      'tabBar icon https://x.example/a.png must be a local png or jpg',
      'tabBar pagePath packages/goods/pages/detail/index is not a main-package page (tab pages must be in "pages")',
    ]);
  });

  test('usingComponents check reports missing, non-component and unbuilt npm components; skips plugins', () => {
    const problems = checkUsingComponents(tmp);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/"\/components\/nope\/index": no component there/);
    expect(problems[1]).toMatch(/not-a-component\/index\.json does not declare "component": true/);
    expect(problems[2]).toMatch(/"@vant\/weapp\/button\/index": needs miniprogram_npm.*npm run build:mpnpm/);
  });
});
