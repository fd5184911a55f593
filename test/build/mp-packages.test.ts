/**
 * Subpackage boundaries of the mini program (what WeChat enforces when the code runs, and what keeps the main
 * package small):
 * - code in the main package requires only main-package code; code in a subpackage requires main-package code or
 *   code of its own subpackage (never another subpackage's); the same for usingComponents and <wxs src>;
 * - a store, service or component of the main package is there because the main package uses it or several
 *   subpackages share it: one used by a single subpackage only belongs in that subpackage (packages/<domain>/...).
 * Type-only imports are erased by the compiler and do not count. The last block runs the checks on a made-up tree.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { subpackageRoots } from '../../scripts/lib/mp-size';

const MP_ROOT = path.resolve(__dirname, '../../miniprogram');
const MAIN = '(main)';
/** Main-package folders whose modules must earn their place there. */
const SHARED_DIRS = ['stores/', 'services/', 'components/'];

const posix = (p: string): string => p.split(path.sep).join('/');

function files(root: string, exts: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'miniprogram_npm' || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (exts.some((e) => entry.name.endsWith(e)) && !entry.name.endsWith('.d.ts')) out.push(posix(path.relative(root, full)));
    }
  };
  walk(root);
  return out.sort();
}

function packageOf(rel: string, subRoots: string[]): string {
  return subRoots.find((r) => rel === r || rel.startsWith(`${r}/`)) ?? MAIN;
}

/** The value (not type-only) relative module specifiers of a TS file: imports, re-exports, require(). */
function valueImports(source: ts.SourceFile): string[] {
  const specs: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) specs.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      specs.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      specs.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specs.filter((s) => s.startsWith('.') || s.startsWith('/'));
}

/** A specifier of `fromRel` resolved to a root-relative file, or null when it leaves the mini program root. */
function resolveModule(root: string, fromRel: string, spec: string): string | null {
  const base = spec.startsWith('/') ? path.join(root, spec) : path.resolve(root, path.dirname(fromRel), spec);
  const rel = posix(path.relative(root, base));
  if (rel.startsWith('..')) return null;
  for (const candidate of [`${rel}.ts`, `${rel}.js`, `${rel}/index.ts`, `${rel}/index.js`, rel]) {
    if (fs.existsSync(path.join(root, candidate)) && fs.statSync(path.join(root, candidate)).isFile()) return candidate;
  }
  return rel;
}

interface Edge {
  from: string;
  to: string;
  kind: 'import' | 'component' | 'wxs';
}

function edges(root: string): Edge[] {
  const out: Edge[] = [];
  for (const rel of files(root, ['.ts'])) {
    const source = ts.createSourceFile(rel, fs.readFileSync(path.join(root, rel), 'utf8'), ts.ScriptTarget.ES2020, true);
    for (const spec of valueImports(source)) {
      const to = resolveModule(root, rel, spec);
      if (to) out.push({ from: rel, to, kind: 'import' });
    }
  }
  for (const rel of files(root, ['.json'])) {
    if (rel === 'app.json' || rel === 'sitemap.json') continue;
    const json = JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8')) as { usingComponents?: Record<string, string> };
    for (const ref of Object.values(json.usingComponents ?? {})) {
      if (!ref.startsWith('.') && !ref.startsWith('/')) continue;
      if (ref.startsWith('/miniprogram_npm/')) continue;
      const to = resolveModule(root, rel, ref);
      if (to) out.push({ from: rel, to: to.replace(/\.(ts|js)$/, ''), kind: 'component' });
    }
  }
  for (const rel of files(root, ['.wxml'])) {
    for (const m of fs.readFileSync(path.join(root, rel), 'utf8').matchAll(/<wxs[^>]*\ssrc="([^"]+)"/g)) {
      const to = resolveModule(root, rel, m[1]);
      if (to) out.push({ from: rel, to, kind: 'wxs' });
    }
  }
  return out;
}

function checkBoundaries(root: string): string[] {
  const subRoots = subpackageRoots(root);
  const problems: string[] = [];
  for (const e of edges(root)) {
    const from = packageOf(e.from, subRoots);
    const to = packageOf(e.to, subRoots);
    if (to !== MAIN && to !== from) problems.push(`${e.from} (${from}) uses ${e.to} of ${to} (${e.kind}): only the main package and its own subpackage can be reached`);
  }
  return problems;
}

/** A module's key: its path without extension and without a trailing /index (a component and its files share it). */
const keyOf = (rel: string): string => rel.replace(/\.(ts|js|json|wxml|wxs)$/, '').replace(/\/index$/, '');

/**
 * Main-package stores, services and components that a single subpackage alone uses. "Uses" follows main-package
 * modules through: a service only a misplaced store imports is used by that store's users.
 */
function misplacedShared(root: string): string[] {
  const subRoots = subpackageRoots(root);
  const incoming = new Map<string, Edge[]>();
  for (const e of edges(root)) {
    const key = keyOf(e.to);
    incoming.set(key, [...(incoming.get(key) ?? []), e]);
  }
  const memo = new Map<string, Set<string>>();
  const usersOf = (key: string, seen: Set<string>): Set<string> => {
    const known = memo.get(key);
    if (known) return known;
    const users = new Set<string>();
    for (const e of incoming.get(key) ?? []) {
      const pkg = packageOf(e.from, subRoots);
      const fromKey = keyOf(e.from);
      if (pkg !== MAIN) users.add(pkg);
      else if (!incoming.has(fromKey) || seen.has(fromKey)) users.add(MAIN); // a page, app.ts, or a cycle
      else for (const u of usersOf(fromKey, new Set([...seen, fromKey]))) users.add(u);
    }
    memo.set(key, users);
    return users;
  };
  const problems: string[] = [];
  for (const key of incoming.keys()) {
    if (packageOf(key, subRoots) !== MAIN || !SHARED_DIRS.some((d) => key.startsWith(d))) continue;
    const users = usersOf(key, new Set([key]));
    if (users.size === 1 && !users.has(MAIN)) {
      problems.push(`${key} is in the main package but only ${[...users][0]} uses it: move it into that subpackage`);
    }
  }
  return problems.sort();
}

test('no code, component or wxs crosses into another subpackage, and the main package reaches none', () => {
  expect(checkBoundaries(MP_ROOT)).toEqual([]);
});

test('every main-package store, service and component is used by the main package or by several subpackages', () => {
  expect(misplacedShared(MP_ROOT)).toEqual([]);
});

describe('the checks catch (not vacuous)', () => {
  let tmp: string;
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
    fs.writeFileSync(path.join(tmp, rel), text);
  };
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-packages-'));
    write('app.json', JSON.stringify({ pages: ['pages/home/index'], subpackages: [{ root: 'packages/order', pages: ['pages/list/index'] }, { root: 'packages/goods/', pages: ['pages/detail/index'] }] }));
    write('services/api.ts', 'export const call = 1;\n');
    write('services/order.ts', "import { call } from './api';\nexport const listOrders = call;\n");
    write('stores/order-list.ts', "import { listOrders } from '../services/order';\nexport const orders = listOrders;\n");
    write('packages/order/stores/detail.ts', 'export const detail = 1;\n');
    write('packages/order/pages/list/index.ts', "import { orders } from '../../../../stores/order-list';\nimport type { Nothing } from '../../../goods/types';\nvoid orders;\n");
    write('packages/order/pages/list/index.json', JSON.stringify({ usingComponents: { card: '/components/card/index', van: '/miniprogram_npm/@vant/weapp/button/index' } }));
    write('packages/order/pages/list/index.wxml', '<card />\n');
    write('components/card/index.ts', 'Component({});\n');
    write('components/card/index.json', '{"component": true}');
    write('packages/goods/pages/detail/index.ts', "const d = require('../../../order/stores/detail');\nvoid d;\n");
    write('packages/goods/pages/detail/index.json', JSON.stringify({ usingComponents: { c: '../../../order/components/x/index' } }));
    write('packages/goods/pages/detail/index.wxml', '<wxs src="../../../order/utils/f.wxs" module="f" />\n');
    write('pages/home/index.ts', "import { detail } from '../../packages/order/stores/detail';\nimport { call } from '../../services/api';\nvoid detail;\nvoid call;\n");
    write('pages/home/index.json', '{}');
    write('pages/home/index.wxml', '<view/>\n');
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('a subpackage reaching into another (require, component, wxs) and the main package reaching a subpackage; type imports are fine', () => {
    expect(checkBoundaries(tmp)).toEqual([
      'packages/goods/pages/detail/index.ts (packages/goods) uses packages/order/stores/detail.ts of packages/order (import): only the main package and its own subpackage can be reached',
      'pages/home/index.ts ((main)) uses packages/order/stores/detail.ts of packages/order (import): only the main package and its own subpackage can be reached',
      'packages/goods/pages/detail/index.json (packages/goods) uses packages/order/components/x/index of packages/order (component): only the main package and its own subpackage can be reached',
      'packages/goods/pages/detail/index.wxml (packages/goods) uses packages/order/utils/f.wxs of packages/order (wxs): only the main package and its own subpackage can be reached',
    ]);
  });

  test('a main-package store, service or component used by one subpackage only', () => {
    expect(misplacedShared(tmp)).toEqual([
      'components/card is in the main package but only packages/order uses it: move it into that subpackage',
      // Reached only through the misplaced store, so it goes too; services/api stays (the home page uses it).
      'services/order is in the main package but only packages/order uses it: move it into that subpackage',
      'stores/order-list is in the main package but only packages/order uses it: move it into that subpackage',
    ]);
  });
});
