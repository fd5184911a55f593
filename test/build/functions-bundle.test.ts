/** `npm run build:functions` output: one loadable bundle per function, small, with nothing of the local cloud in it. */
import fs from 'fs';
import path from 'path';
import { buildFunctions, BuiltFunction } from '../../cloudfunctions/build';
import { FUNCTIONS } from '../../cloudfunctions/functions';

const OUT = path.join(__dirname, '..', '..', '.tmp', 'fn-bundles-test');
let built: BuiltFunction[];

beforeAll(async () => {
  built = await buildFunctions(OUT);
}, 60_000);
afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

test('every function is built', () => {
  expect(built.map((b) => b.name).sort()).toEqual(Object.keys(FUNCTIONS).sort());
});

test.each(Object.keys(FUNCTIONS))('%s: index.js exports main, at most 300 KB, loads offline with require', (name) => {
  const dir = path.join(OUT, name);
  const js = path.join(dir, 'index.js');
  expect(fs.statSync(js).size).toBeLessThanOrEqual(300 * 1024);
  const mod = jest.requireActual(js) as { main?: unknown };
  expect(typeof mod.main).toBe('function');
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  expect(pkg).toMatchObject({ name, main: 'index.js', dependencies: { 'wx-server-sdk': expect.stringMatching(/^~\d+\.\d+\.\d+$/) } });
  const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
  expect(cfg.permissions.openapi).toEqual(FUNCTIONS[name].openapi);
  expect(cfg.triggers ?? []).toEqual(Object.entries(FUNCTIONS[name].triggers).map(([n, t]) => ({ name: n, type: 'timer', config: t.cron })));
});

test.each(Object.keys(FUNCTIONS))('%s: wx-server-sdk stays external and nothing of the local cloud is bundled', (name) => {
  const text = fs.readFileSync(path.join(OUT, name, 'index.js'), 'utf8');
  expect(text).toMatch(/require\("wx-server-sdk"\)/);
  for (const needle of ['x-dev-openid', '/dev/seed', 'PGlite', 'pglite', 'renderPlaceholderSvg', 'node_modules/wx-server-sdk']) {
    expect(text).not.toContain(needle);
  }
});
