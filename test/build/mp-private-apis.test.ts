/**
 * 地理位置等隐私接口: since 2022-07-14 a mini program must declare in app.json `requiredPrivateInfos` every one of
 * these APIs it calls, or the call fails on the phone (and review refuses the upload). This checks, on the
 * TypeScript sources of the mini program (miniprogram_npm excluded), that every `wx.<api>` of the list that the code
 * uses is declared, that nothing is declared that the code does not use, and the rule WeChat adds (getFuzzyLocation
 * excludes the precise location APIs). The last block runs the same check on a made-up tree, so a pass is not vacuous.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const MP_ROOT = path.resolve(__dirname, '../../miniprogram');

/** The APIs requiredPrivateInfos governs (WeChat's list). */
const PRIVATE_APIS = [
  'getFuzzyLocation',
  'getLocation',
  'onLocationChange',
  'startLocationUpdate',
  'startLocationUpdateBackground',
  'chooseLocation',
  'choosePoi',
  'chooseAddress',
] as const;
const PRIVATE = new Set<string>(PRIVATE_APIS);
/** getFuzzyLocation cannot be declared together with these. */
const PRECISE = ['getLocation', 'onLocationChange', 'startLocationUpdate', 'startLocationUpdateBackground'];

function tsFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'miniprogram_npm' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  walk(root);
  return out.sort();
}

/** Every private API the code reaches as `wx.name` or `wx['name']` (comments and strings elsewhere do not count), with where. */
function privateApiUses(root: string): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  for (const file of tsFiles(root)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true);
    const visit = (node: ts.Node): void => {
      let name: string | null = null;
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'wx') name = node.name.text;
      if (ts.isElementAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'wx' && ts.isStringLiteralLike(node.argumentExpression)) {
        name = node.argumentExpression.text;
      }
      if (name && PRIVATE.has(name)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        uses.set(name, [...(uses.get(name) ?? []), `${path.relative(root, file).split(path.sep).join('/')}:${line}`]);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return uses;
}

function checkPrivateInfos(root: string): string[] {
  const app = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')) as { requiredPrivateInfos?: unknown };
  const declared = Array.isArray(app.requiredPrivateInfos) ? (app.requiredPrivateInfos as string[]) : [];
  const uses = privateApiUses(root);
  const problems: string[] = [];
  for (const [api, where] of uses) {
    if (!declared.includes(api)) problems.push(`wx.${api} is called (${where.join(', ')}) but app.json requiredPrivateInfos does not declare it`);
  }
  for (const api of declared) {
    if (!PRIVATE.has(api)) problems.push(`requiredPrivateInfos declares ${api}, which is not a private API`);
    else if (!uses.has(api)) problems.push(`requiredPrivateInfos declares ${api}, which the code never calls`);
  }
  if (declared.includes('getFuzzyLocation')) {
    const both = PRECISE.filter((api) => declared.includes(api));
    if (both.length) problems.push(`getFuzzyLocation cannot be declared together with ${both.join(', ')}`);
  }
  return problems;
}

test('every private API the mini program calls is declared in app.json requiredPrivateInfos, and only those', () => {
  expect(checkPrivateInfos(MP_ROOT)).toEqual([]);
  // The address import (导入微信地址) is one of them.
  expect([...privateApiUses(MP_ROOT).keys()]).toContain('chooseAddress');
});

describe('the check catches (not vacuous)', () => {
  let tmp: string;
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
    fs.writeFileSync(path.join(tmp, rel), text);
  };
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-private-'));
    write('pages/a/index.ts', "// wx.getLocation in a comment does not count\nwx.chooseAddress({ success() {} });\nconst f = wx['chooseLocation'];\nvoid f;\n");
    write('miniprogram_npm/lib/index.ts', 'wx.startLocationUpdateBackground();\n');
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('an undeclared call, a declaration nobody uses, and getFuzzyLocation next to getLocation', () => {
    write('app.json', JSON.stringify({ pages: ['pages/a/index'], requiredPrivateInfos: ['chooseAddress', 'getFuzzyLocation', 'getLocation', 'openSetting'] }));
    expect(checkPrivateInfos(tmp)).toEqual([
      'wx.chooseLocation is called (pages/a/index.ts:3) but app.json requiredPrivateInfos does not declare it',
      'requiredPrivateInfos declares getFuzzyLocation, which the code never calls',
      'requiredPrivateInfos declares getLocation, which the code never calls',
      'requiredPrivateInfos declares openSetting, which is not a private API',
      'getFuzzyLocation cannot be declared together with getLocation',
    ]);
  });

  test('no requiredPrivateInfos at all', () => {
    write('app.json', JSON.stringify({ pages: ['pages/a/index'] }));
    expect(checkPrivateInfos(tmp)).toEqual([
      'wx.chooseAddress is called (pages/a/index.ts:2) but app.json requiredPrivateInfos does not declare it',
      'wx.chooseLocation is called (pages/a/index.ts:3) but app.json requiredPrivateInfos does not declare it',
    ]);
  });
});
