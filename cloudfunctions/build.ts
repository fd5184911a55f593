/**
 * `npm run build:functions`: one esbuild bundle per function ->
 *   dist/cloudfunctions/<fn>/index.js      exports main(event, context)
 *   dist/cloudfunctions/<fn>/package.json  depends on wx-server-sdk (external: the cloud installs it)
 *   dist/cloudfunctions/<fn>/config.json   openapi permissions and timer triggers
 */
import { build } from 'esbuild';
import fs from 'fs';
import path from 'path';
import { FUNCTIONS } from './functions';

const ROOT = path.resolve(__dirname, '..');

export interface BuiltFunction {
  name: string;
  dir: string;
  bytes: number;
}

export function functionConfig(name: string): Record<string, unknown> {
  const def = FUNCTIONS[name];
  const cfg: Record<string, unknown> = { permissions: { openapi: def.openapi } };
  const triggers = Object.entries(def.triggers).map(([trigger, t]) => ({ name: trigger, type: 'timer', config: t.cron }));
  if (triggers.length) cfg.triggers = triggers;
  return cfg;
}

export async function buildFunctions(outRoot = path.join(ROOT, 'dist', 'cloudfunctions'), names = Object.keys(FUNCTIONS)): Promise<BuiltFunction[]> {
  const sdkVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'wx-server-sdk', 'package.json'), 'utf8')) as { version: string }).version;
  const out: BuiltFunction[] = [];
  for (const name of names) {
    if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(name)) throw new Error(`bad function name ${name}`);
    const dir = path.join(outRoot, name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    await build({
      stdin: {
        contents: `import { cloudMain } from './adapters/cloud-runtime';\nimport { ${name} } from './functions/${name}';\nexport const main = cloudMain(${name});\n`,
        resolveDir: __dirname,
        sourcefile: `${name}.entry.ts`,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      outfile: path.join(dir, 'index.js'),
      external: ['wx-server-sdk'],
      minify: true,
      keepNames: true,
      legalComments: 'none',
      logLevel: 'warning',
    });
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': `~${sdkVersion}` } }, null, 2) + '\n',
    );
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(functionConfig(name), null, 2) + '\n');
    out.push({ name, dir, bytes: fs.statSync(path.join(dir, 'index.js')).size });
  }
  return out;
}

/**
 * The local cloud as one Node bundle (dist/local-cloud/{main,reset}.js): `npm start` runs it with plain node, which
 * serves about 15% more requests per second than running the TypeScript through a loader. PGlite and pg stay
 * external (PGlite ships its WebAssembly and data files beside its JS).
 */
export async function buildLocalCloud(outDir = path.join(ROOT, 'dist', 'local-cloud')): Promise<string[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const entries = ['main', 'reset'];
  for (const entry of entries) {
    await build({
      entryPoints: [path.join(__dirname, 'local', `${entry}.ts`)],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: path.join(outDir, `${entry}.js`),
      external: ['@electric-sql/pglite', 'pg', 'wx-server-sdk'],
      sourcemap: 'linked',
      logLevel: 'warning',
    });
  }
  return entries.map((e) => path.join(outDir, `${e}.js`));
}

if (process.argv[1] && path.resolve(process.argv[1]) === __filename) {
  const only = process.argv[2];
  (only === 'local' ? buildLocalCloud().then(() => []) : buildFunctions())
    .then((built) => {
      for (const b of built) console.log(`${b.name.padEnd(12)} ${(b.bytes / 1024).toFixed(1).padStart(7)} KB  ${path.relative(ROOT, b.dir)}`);
      if (only === 'local') console.log('local cloud bundle: dist/local-cloud/main.js');
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
