/**
 * Builds miniprogram/miniprogram_npm from the root package.json `dependencies`
 * (@vant/weapp, mobx-miniprogram, mobx-miniprogram-bindings) with miniprogram-ci's packNpmManually.
 * Offline: it only reads node_modules. The output is git-ignored; run `npm run build:mpnpm`
 * after `npm ci` and whenever a mini program dependency changes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { packNpmManually } from 'miniprogram-ci';

const root = path.resolve(__dirname, '..');
const packageJsonPath = path.join(root, 'package.json');
const miniprogramRoot = path.join(root, 'miniprogram');
const outDir = path.join(miniprogramRoot, 'miniprogram_npm');

async function main(): Promise<void> {
  const pkg = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8')) as { dependencies?: Record<string, string> };
  const deps = Object.keys(pkg.dependencies ?? {});
  const missing = deps.filter((d) => !fs.existsSync(path.join(root, 'node_modules', d, 'package.json')));
  if (missing.length > 0) {
    throw new Error(`not installed: ${missing.join(', ')} - run npm ci first`);
  }

  const started = Date.now();
  // Start clean so a removed dependency does not linger in the output.
  fs.rmSync(outDir, { recursive: true, force: true });
  const result = await packNpmManually({ packageJsonPath, miniprogramNpmDistDir: miniprogramRoot });

  const built = deps.filter((d) => fs.existsSync(path.join(outDir, d)));
  const notBuilt = deps.filter((d) => !built.includes(d));
  for (const w of result.warnList) {
    console.warn(`warning: ${w.msg}${w.jsPath ? ` (${w.jsPath})` : ''}`);
  }
  if (notBuilt.length > 0) {
    throw new Error(`packNpmManually did not produce: ${notBuilt.join(', ')}`);
  }
  console.log(
    `miniprogram_npm built in ${Date.now() - started} ms: ${built.join(', ')} ` +
      `(${result.miniProgramPackNum} mini program packages, ${result.otherNpmPackNum} plain npm packages) -> ${path.relative(root, outDir)}`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
