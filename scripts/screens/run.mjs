#!/usr/bin/env node
/**
 * `npm run screens`: the page gallery. Starts its own local cloud (the demo shop, on a temporary data folder and a
 * free port), puts the shopper into a state worth showing (prepare.mjs: addresses, coupons, orders pending / paid /
 * shipped, a cart), renders every page of shots.ts with miniprogram-simulate (render.shots.ts), screenshots each
 * with Chromium at 375 px (shoot.mjs), writes docs/screens/<name>.png, rewrites the README's Screens table, and stops
 * the cloud.
 *
 * usage: npm run screens [-- --only home,cart] [-- --scale 2] [-- --keep /tmp/dir]
 * Env: CHROMIUM (default /usr/bin/chromium).
 */
import { execFileSync, spawn, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { chromiumPath, ROOT } from './document.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const ONLY = args.only ?? '';
const SCALE = args.scale ?? '1';
const DOCS = path.join(ROOT, 'docs/screens');
const t0 = Date.now();
const log = (msg) => console.log(`[screens ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

if (!chromiumPath()) {
  console.error('npm run screens needs Chromium: apt-get install -y chromium fonts-noto-cjk (or CHROMIUM=/path)');
  process.exit(1);
}
if (!fs.existsSync(path.join(ROOT, 'miniprogram/miniprogram_npm/@vant/weapp/button/index.js'))) {
  log('building miniprogram_npm');
  execFileSync('npm', ['run', 'build:mpnpm'], { cwd: ROOT, stdio: 'inherit' });
}

const work = args.keep ? path.resolve(args.keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'screens-'));
const dataDir = path.join(work, 'data');
const htmlDir = path.join(work, 'html');
const pngDir = path.join(work, 'png');
fs.rmSync(htmlDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });

/** The local cloud as one node process (tsx's loader), port 0 = a free port; answers its URL once it is ready. */
function startCloud() {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'cloudfunctions/local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (b) => (out += b));
  proc.stderr.on('data', (b) => (out += b));
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`local cloud did not start in 60 s:\n${out}`)), 60_000);
    proc.stdout.on('data', () => {
      const m = /local cloud ready at (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local cloud exited (${code}):\n${out}`));
    });
  });
  const stop = () =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
      setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
    });
  return { url, stop };
}

function run(cmd, argv, env = {}) {
  const r = spawnSync(cmd, argv, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${argv.slice(0, 2).join(' ')} failed (${r.status ?? r.signal})`);
}

/** The README's Screens table (between the screens markers): thumbnails with page names, 4 a row. */
function updateReadme(shots) {
  const file = path.join(ROOT, 'README.md');
  const readme = fs.readFileSync(file, 'utf8');
  const start = '<!-- screens:start -->';
  const end = '<!-- screens:end -->';
  if (!readme.includes(start) || !readme.includes(end)) return log('README has no screens markers: table not written');
  const present = shots.filter((s) => fs.existsSync(path.join(DOCS, `${s.name}.png`)));
  const rows = [];
  for (let i = 0; i < present.length; i += 4) {
    const group = present.slice(i, i + 4);
    rows.push(`| ${group.map((s) => `<img src="docs/screens/${s.name}.png" width="180" alt="${s.label}">`).join(' | ')} |`);
    rows.push(`| ${group.map((s) => `${s.label}<br>\`${s.name}\``).join(' | ')} |`);
  }
  const head = '| | | | |\n|---|---|---|---|';
  const table = `${head}\n${rows.join('\n')}`;
  const next = readme.replace(new RegExp(`${start}[\\s\\S]*?${end}`), `${start}\n${table}\n${end}`);
  if (next !== readme) fs.writeFileSync(file, next);
}

const cloud = startCloud();
let failed = false;
try {
  const url = await cloud.url;
  log(`local cloud at ${url} (data ${dataDir})`);
  const state = path.join(work, 'state.json');
  run(process.execPath, [path.join(ROOT, 'scripts/screens/prepare.mjs'), '--base-url', url, '--state', state]);
  log('shopper prepared; rendering pages');
  run(process.execPath, [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '-c', path.join(ROOT, 'scripts/screens/jest.config.js')], {
    BASE_URL: url,
    STATE: state,
    SHOTS_HTML: htmlDir,
    ONLY,
  });
  log('screenshots');
  fs.rmSync(pngDir, { recursive: true, force: true });
  run(process.execPath, [path.join(ROOT, 'scripts/screens/shoot.mjs'), '--html', htmlDir, '--png', pngDir, '--scale', SCALE, ...(ONLY ? ['--only', ONLY] : [])]);
  fs.mkdirSync(DOCS, { recursive: true });
  const names = new Set(fs.readdirSync(pngDir).filter((f) => f.endsWith('.png')));
  if (!ONLY) for (const f of fs.readdirSync(DOCS)) if (f.endsWith('.png') && !names.has(f)) fs.rmSync(path.join(DOCS, f));
  for (const f of names) fs.copyFileSync(path.join(pngDir, f), path.join(DOCS, f));
  const metas = fs.readdirSync(htmlDir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(fs.readFileSync(path.join(htmlDir, f), 'utf8')));
  // The labels and order come from shots.ts (through the state-independent list written by the renderer).
  const order = JSON.parse(fs.readFileSync(path.join(htmlDir, 'shots-index.txt'), 'utf8'));
  updateReadme(order);
  const total = fs.readdirSync(DOCS).filter((f) => f.endsWith('.png')).reduce((n, f) => n + fs.statSync(path.join(DOCS, f)).size, 0);
  const problems = metas.filter((m) => m.problems?.length);
  for (const m of problems) log(`warning: ${m.name}: ${m.problems.join('; ')}`);
  log(`${names.size} PNGs in docs/screens, ${(total / 1024 / 1024).toFixed(2)} MB in all`);
} catch (err) {
  failed = true;
  console.error(err.message ?? err);
} finally {
  await cloud.stop();
  if (!args.keep) fs.rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
