/**
 * Approximate size of the mini program's main package: what DevTools would upload for it.
 *
 * Counted: every uploadable file under the mini program root that is not inside a subpackage root declared in
 * app.json. Rules, kept simple and stated in the result's `notes`:
 * - `.ts` counts as its transpiled `.js` (typescript.transpileModule, ES2017/CommonJS, no minification), `.d.ts`
 *   counts nothing;
 * - only extensions on miniprogram-ci's built-in upload whitelist count (others, e.g. .md, .ts sources, are not
 *   uploaded);
 * - miniprogram_npm counts in full (DevTools' "filter unused files" may upload less: only what the main package
 *   references);
 * - no minification, no ES5 transform, no zip: real uploads differ by those steps.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** miniprogram-ci 2.1.42 `MiniProgramWhiteList` (dist/utils/white_ext_list.js), the offline default. */
export const UPLOADABLE_EXTENSIONS = [
  '.wxml', '.wxss', '.wxs', '.png', '.jpg', '.jpeg', '.gif', '.svg', '.js', '.json', '.cer', '.mp3', '.aac', '.m4a',
  '.mp4', '.wav', '.ogg', '.silk', '.wasm', '.br', '.cur', '.ico', '.skel', '.crt', '.cert',
];

export interface SizeBreakdown {
  /** .js, transpiled .ts and .wxs outside miniprogram_npm */
  code: number;
  /** .wxml */
  templates: number;
  /** .wxss */
  styles: number;
  /** .json (app.json, page/component json, sitemap.json, ...) */
  config: number;
  /** images, audio, video and other whitelisted non-code files outside miniprogram_npm */
  assets: number;
  /** everything uploadable under miniprogram_npm, counted in full */
  npm: number;
}

export interface PackageSize {
  /** bytes of the main package: the sum of `breakdown` */
  total: number;
  breakdown: SizeBreakdown;
  /** bytes per subpackage root as declared in app.json (same rules), not part of `total` */
  subpackages: Record<string, number>;
  /** files counted in the main package, root-relative, with their counted bytes */
  files: Record<string, number>;
  notes: string[];
}

interface AppJson {
  subpackages?: Array<{ root: string }>;
  subPackages?: Array<{ root: string }>;
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** Subpackage roots declared in app.json, without trailing slash. */
export function subpackageRoots(root: string): string[] {
  const app = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8')) as AppJson;
  return [...(app.subpackages ?? []), ...(app.subPackages ?? [])].map((s) => s.root.replace(/^\/+|\/+$/g, ''));
}

function transpiledSize(file: string): number {
  const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { target: ts.ScriptTarget.ES2017, module: ts.ModuleKind.CommonJS, experimentalDecorators: true },
  });
  return Buffer.byteLength(out.outputText, 'utf8');
}

type Category = keyof SizeBreakdown;

/** Counted bytes and category of one file, or null when DevTools would not upload it. */
function measureFile(abs: string, rel: string): { bytes: number; category: Category } | null {
  const isNpm = rel === 'miniprogram_npm' || rel.startsWith('miniprogram_npm/');
  if (abs.endsWith('.d.ts')) return null;
  let ext = path.extname(abs).toLowerCase();
  let bytes: number;
  if (ext === '.ts') {
    bytes = transpiledSize(abs);
    ext = '.js';
  } else {
    if (!UPLOADABLE_EXTENSIONS.includes(ext)) return null;
    bytes = fs.statSync(abs).size;
  }
  if (isNpm) return { bytes, category: 'npm' };
  const category: Category =
    ext === '.js' || ext === '.wxs' ? 'code'
      : ext === '.wxml' ? 'templates'
        : ext === '.wxss' ? 'styles'
          : ext === '.json' ? 'config'
            : 'assets';
  return { bytes, category };
}

function walk(dir: string, visit: (abs: string) => void): void {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
    if (ent.name.startsWith('.') || ent.name === 'node_modules') continue; // DevTools never uploads these
    const abs = path.join(dir, ent.name);
    if (ent.isDirectory()) walk(abs, visit);
    else if (ent.isFile()) visit(abs);
  }
}

/** Measures the main package (and, separately, each subpackage) of the mini program at `root`. */
export function measureMainPackage(root = 'miniprogram'): PackageSize {
  const absRoot = path.resolve(root);
  const subRoots = subpackageRoots(absRoot);
  const breakdown: SizeBreakdown = { code: 0, templates: 0, styles: 0, config: 0, assets: 0, npm: 0 };
  const subpackages: Record<string, number> = Object.fromEntries(subRoots.map((r) => [r, 0]));
  const files: Record<string, number> = {};

  walk(absRoot, (abs) => {
    const rel = toPosix(path.relative(absRoot, abs));
    const measured = measureFile(abs, rel);
    if (!measured) return;
    const sub = subRoots.find((r) => rel.startsWith(`${r}/`));
    if (sub !== undefined) {
      subpackages[sub] += measured.bytes;
      return;
    }
    breakdown[measured.category] += measured.bytes;
    files[rel.replace(/\.ts$/, '.js')] = measured.bytes;
  });

  const total = Object.values(breakdown).reduce((a, b) => a + b, 0);
  return {
    total,
    breakdown,
    subpackages,
    files,
    notes: [
      'miniprogram_npm is counted in full; DevTools upload with "filter unused files" may include less',
      '.ts counted as transpiled .js (ES2017, unminified); .d.ts and non-whitelisted extensions not counted',
      'sizes are raw bytes before minification and zipping',
    ],
  };
}
