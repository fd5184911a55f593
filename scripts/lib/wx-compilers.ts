/**
 * WeChat's own template/style compilers, run offline as a check.
 *
 * `wcc` (WXML + WXS) and `wcsc` (WXSS) ship as native binaries inside the `miniprogram-compiler` npm package
 * (bin/linux, bin/mac, bin/windows). npm installs the Linux ones without the exec bit, so we chmod them at run time
 * (a fresh `npm ci` in CI resets the mode every time).
 *
 * Invocation mirrors the package's own wrapper (node_modules/miniprogram-compiler/src/wcc.js, wcsc.js):
 *   wcc  -d -cc "<component config>" <file.wxml | file.wxs ...> -gn $gwx      (cwd = mini program root)
 *   wcsc -db -pc <page wxss count> <file.wxss ...>                             (cwd = mini program root)
 * We do not use the wrapper itself: it globs the whole tree in one call (wcc stops at the first error, so one bad
 * file hides the rest), `require()`s json files (cached across calls), and its wxss function returns an Error
 * instead of throwing. Instead each unit is compiled with exactly the files it references, so every error is
 * reported against its own file.
 *
 * What the binaries need to know (found by running them):
 * - every file a unit references must be on the command line: `<wxs src>` targets (else "x.wxs not found from
 *   y.wxml") and `@import`ed wxss (else "path `x` not found from `y`");
 * - root-absolute references (`/utils/format.wxs`) only resolve when the files are passed as `./path`, so all
 *   paths are passed with a `./` prefix;
 * - wcc does NOT report a missing `<import src>` / `<include src>` target (it exits 0), so `compileWxml` checks
 *   those itself;
 * - WXS is ES5: `const`, `let` and arrow functions are compile errors.
 * - Exit status is non-zero on error with the message on stderr (`file:line:col: message`); wcsc prints
 *   `ERR: file(line:col): message`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface CompileError {
  /** the unit that was compiled (root-relative, posix) */
  file: string;
  message: string;
}

export interface CompileReport {
  /** files compiled, root-relative */
  files: string[];
  errors: CompileError[];
}

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** Directory of the platform's binaries inside node_modules/miniprogram-compiler. */
export function compilerBinDir(): string {
  // createRequire: the global `require` is typed by miniprogram-api-typings here (no `.resolve`).
  const pkgDir = path.dirname(createRequire(__filename).resolve('miniprogram-compiler/package.json'));
  const platform = process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'windows' : 'linux';
  if (process.platform === 'linux' && process.arch !== 'x64') {
    throw new Error(`miniprogram-compiler ships x86-64 Linux binaries only (this is ${process.arch})`);
  }
  return path.join(pkgDir, 'bin', platform);
}

/** Makes sure the file has its exec bits (npm drops them for the Linux binaries). Returns the path. */
export function ensureExecutable(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`WeChat compiler binary missing: ${file} (is miniprogram-compiler installed?)`);
  if (process.platform === 'win32') return file;
  const mode = fs.statSync(file).mode;
  if ((mode & 0o111) !== 0o111) fs.chmodSync(file, mode | 0o755);
  return file;
}

export function wccPath(): string {
  return ensureExecutable(path.join(compilerBinDir(), process.platform === 'win32' ? 'wcc.exe' : 'wcc'));
}

export function wcscPath(): string {
  return ensureExecutable(path.join(compilerBinDir(), process.platform === 'win32' ? 'wcsc.exe' : 'wcsc'));
}

interface RunResult {
  ok: boolean;
  stdout: string;
  message: string;
}

function run(bin: string, args: string[], cwd: string): RunResult {
  const r = spawnSync(bin, args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
  if (r.error) throw r.error; // could not start the binary at all: a setup problem, not a compile error
  const stderr = (r.stderr ?? '').trim();
  const ok = r.status === 0 && !/^ERR:/m.test(stderr);
  const why = r.status === null ? `killed by ${r.signal}` : `exit ${r.status}`;
  return { ok, stdout: r.stdout ?? '', message: stderr || (ok ? '' : `${path.basename(bin)} failed (${why}) without a message`) };
}

/** Recursively lists files under `root` with one of the extensions, skipping the named directory names. */
export function listFiles(root: string, exts: string[], skipDirs: string[] = ['miniprogram_npm', 'node_modules']): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      if (ent.name.startsWith('.')) continue;
      const abs = path.join(dir, ent.name);
      if (ent.isDirectory()) {
        if (!skipDirs.includes(ent.name)) walk(abs);
      } else if (exts.some((e) => ent.name.endsWith(e))) {
        out.push(toPosix(path.relative(root, abs)));
      }
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out.sort();
}

/** Resolves a template/style reference (`/abs` from root or relative to `fromFile`) to a root-relative path. */
function resolveRef(fromFile: string, ref: string): string {
  const rel = ref.startsWith('/') ? ref.slice(1) : path.posix.join(path.posix.dirname(fromFile), ref);
  return path.posix.normalize(rel);
}

// Attribute values in wxml may use either quote style.
const SRC_TAG = /<(wxs|import|include)\b[^>]*?\bsrc\s*=\s*(["'])(.*?)\2/g;
const WXS_REQUIRE = /\brequire\s*\(\s*(["'])(.*?)\1\s*\)/g;
const CSS_IMPORT = /@import\s+(?:url\()?\s*(["'])(.*?)\1/g;

const stripXmlComments = (s: string): string => s.replace(/<!--[\s\S]*?-->/g, '');
const stripCssComments = (s: string): string => s.replace(/\/\*[\s\S]*?\*\//g, '');

interface WxmlClosure {
  files: string[];
  missing: CompileError[];
}

/** The files a wxml/wxs unit pulls in (wxs src, wxs require, import, include), transitively. */
function wxmlClosure(root: string, entry: string): WxmlClosure {
  const seen = new Set<string>();
  const missing: CompileError[] = [];
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const abs = path.join(root, file);
    if (!fs.existsSync(abs)) return;
    const text = fs.readFileSync(abs, 'utf8');
    if (file.endsWith('.wxs')) {
      for (const m of text.matchAll(WXS_REQUIRE)) {
        const ref = resolveRef(file, m[2]);
        if (!fs.existsSync(path.join(root, ref))) missing.push({ file: entry, message: `${file}: require("${m[2]}") not found` });
        else visit(ref);
      }
      return;
    }
    for (const m of stripXmlComments(text).matchAll(SRC_TAG)) {
      const [, tag, , src] = m;
      if (src.includes('{{')) continue; // dynamic src cannot be checked statically
      let ref = resolveRef(file, src);
      if (tag !== 'wxs' && !ref.endsWith('.wxml') && fs.existsSync(path.join(root, `${ref}.wxml`))) ref = `${ref}.wxml`;
      if (!fs.existsSync(path.join(root, ref))) {
        // wcc reports a missing <wxs src> itself; a missing <import>/<include> it silently accepts.
        if (tag !== 'wxs') missing.push({ file: entry, message: `${file}: <${tag} src="${src}"> not found` });
        continue;
      }
      visit(ref);
    }
  };
  visit(entry);
  return { files: [...seen].filter((f) => fs.existsSync(path.join(root, f))), missing };
}

/** The wcc `-cc` component configuration: "<n> [<page.wxml> <count> <tag>...]...", like the npm wrapper builds. */
function componentConfig(root: string, wxmlFiles: string[]): string {
  const parts: string[] = [];
  let count = 0;
  for (const f of wxmlFiles) {
    if (!f.endsWith('.wxml')) continue;
    const json = path.join(root, f.replace(/\.wxml$/, '.json'));
    if (!fs.existsSync(json)) continue;
    let using: Record<string, string> | undefined;
    try {
      using = (JSON.parse(fs.readFileSync(json, 'utf8')) as { usingComponents?: Record<string, string> }).usingComponents;
    } catch {
      continue; // invalid json is reported by the json checks, not here
    }
    if (!using) continue;
    const names = Object.keys(using);
    parts.push(`./${f}`, String(names.length), ...names);
    count++;
  }
  return [String(count), ...parts].join(' ');
}

/**
 * Compiles each listed .wxml/.wxs file (root-relative) with wcc, one unit per file together with the files it
 * references. Returns every error, one (the first wcc reports) per failing unit.
 */
export function compileWxml(root: string, files: string[]): CompileReport {
  const bin = wccPath();
  const errors: CompileError[] = [];
  for (const file of files) {
    const { files: unit, missing } = wxmlClosure(root, file);
    errors.push(...missing);
    if (!fs.existsSync(path.join(root, file))) {
      errors.push({ file, message: 'file not found' });
      continue;
    }
    const args = ['-d', '-cc', componentConfig(root, unit), ...unit.map((f) => `./${f}`), '-gn', '$gwx'];
    const r = run(bin, args, root);
    if (!r.ok) errors.push({ file, message: r.message });
  }
  return { files, errors };
}

/** The wxss files a stylesheet @imports, transitively (missing ones are left for wcsc to report). */
function wxssClosure(root: string, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    const abs = path.join(root, file);
    if (!fs.existsSync(abs)) return;
    seen.add(file);
    for (const m of stripCssComments(fs.readFileSync(abs, 'utf8')).matchAll(CSS_IMPORT)) {
      if (/^[a-z]+:/i.test(m[2])) continue; // url(https://...) and the like
      visit(resolveRef(file, m[2]));
    }
  };
  visit(entry);
  return [...seen];
}

/** Compiles each listed .wxss file (root-relative) with wcsc, one unit per file plus its @imports. */
export function compileWxss(root: string, files: string[]): CompileReport {
  const bin = wcscPath();
  const errors: CompileError[] = [];
  for (const file of files) {
    if (!fs.existsSync(path.join(root, file))) {
      errors.push({ file, message: 'file not found' });
      continue;
    }
    const unit = wxssClosure(root, file);
    // -pc N: the first N files are page/component styles (the rest are only imported); the entry comes first.
    const args = ['-db', '-pc', '1', ...unit.map((f) => `./${f}`)];
    const r = run(bin, args, root);
    if (!r.ok) errors.push({ file, message: r.message });
  }
  return { files, errors };
}

/** Formats errors one per line, for assertion messages. */
export function formatErrors(errors: CompileError[]): string {
  return errors.map((e) => `${e.file}: ${e.message.replace(/\s*error file count: \d+\s*$/, '')}`).join('\n');
}
