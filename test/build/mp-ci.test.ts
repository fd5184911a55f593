/**
 * miniprogram-ci `getCompiledResult` on the real project, offline: the same compile DevTools runs before an
 * upload (app.json/page json validation, usingComponents resolution, the TypeScript plugin, babel), without a
 * key and without network.
 *
 * What it takes (found by running it, miniprogram-ci 2.1.42):
 * - `new ci.Project(...)` insists on a private key even when nothing is uploaded: a dummy string is fine.
 * - The project attributes normally come from WeChat's servers; an `attr: async () => ci.DefaultProjectAttr` option
 *   on the Project answers locally.
 * - It also asks WeChat for the list of uploadable file extensions (getwhiteextlist); offline that request fails,
 *   is logged, and the built-in list is used. We stub it with that same built-in list so the test never touches
 *   the network.
 * - TypeScript needs no pre-step: with `setting.useCompilerPlugins: ["typescript"]` in project.config.json,
 *   miniprogram-ci compiles .ts itself (without it, app.json's pages fail with "could not find ... index.js").
 * - It forks one compiler child process and never closes it, which would keep Jest alive: the test tracks the
 *   child and kills it afterwards.
 * - It does NOT run wcc/wcsc: broken WXML or WXSS compiles "fine" here; mp-compile.test.ts covers those.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type * as CiModule from 'miniprogram-ci';

const REPO = path.resolve(__dirname, '../..');
const PLACEHOLDER_APPID = 'wx0000000000000000';

interface ProjectConfig {
  appid?: string;
  miniprogramRoot?: string;
  setting?: { useCompilerPlugins?: Array<string | { type: string }> };
}
interface AppJson {
  pages?: string[];
  subpackages?: Array<{ root: string; pages: string[] }>;
  subPackages?: Array<{ root: string; pages: string[] }>;
}

// miniprogram-ci chats on console (from the moment it is loaded); keep it for failure messages instead.
const logs: string[] = [];
for (const level of ['log', 'warn', 'error', 'info'] as const) {
  jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
    logs.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
  });
}

// --- keep miniprogram-ci offline and let Jest exit -------------------------------------------------------------
// Deep requires of miniprogram-ci internals (no typings for them); they must go through Jest's require so that
// miniprogram-ci sees the patched module instances.
const whiteExt = require('miniprogram-ci/dist/utils/white_ext_list') as {
  getWhiteExtList: () => Promise<unknown>;
  MiniProgramWhiteList: string[];
  GameWhiteList: string[];
};
const processService = require('miniprogram-ci/dist/utils/subprocess/processService') as {
  forkProcess: (...args: unknown[]) => Promise<ChildProcess>;
};

const children: ChildProcess[] = [];
const realFork = processService.forkProcess;
processService.forkProcess = async (...args: unknown[]) => {
  const child = await realFork(...args);
  children.push(child);
  return child;
};
whiteExt.getWhiteExtList = async () => ({
  GameWhiteList: new Set(whiteExt.GameWhiteList),
  MiniProgramWhiteList: new Set(whiteExt.MiniProgramWhiteList),
});
const ci = require('miniprogram-ci') as typeof CiModule;

afterAll(() => {
  jest.restoreAllMocks();
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

// --- helpers ----------------------------------------------------------------------------------------------------
function pagesOf(app: AppJson): string[] {
  const subs = [...(app.subpackages ?? []), ...(app.subPackages ?? [])];
  return [...(app.pages ?? []), ...subs.flatMap((s) => s.pages.map((p) => path.posix.join(s.root, p)))];
}

function usesTypeScriptPlugin(config: ProjectConfig): boolean {
  return (config.setting?.useCompilerPlugins ?? []).some((p) => (typeof p === 'string' ? p : p.type) === 'typescript');
}

async function compile(projectPath: string, appid: string, ignores: string[] = []): Promise<Record<string, string | Buffer>> {
  const options = {
    projectPath,
    type: 'miniProgram' as const,
    appid,
    privateKey: 'offline-compile-needs-no-key',
    ignores,
    attr: async () => ci.DefaultProjectAttr,
  };
  const project = new ci.Project(options);
  // miniprogram-ci writes hash-named cache folders into the working directory: keep them out of the repository.
  const cwd = process.cwd();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-ci-cwd-'));
  process.chdir(scratch);
  try {
    // version/desc are upload metadata, required by the type, unused by a compile.
    return await ci.getCompiledResult({
      project,
      version: '0.0.0',
      desc: 'offline compile check',
      setting: { useProjectConfig: true },
      onProgressUpdate: () => undefined,
    });
  } catch (err) {
    const e = err as { message?: string; code?: number };
    const tail = logs.slice(-15).join('\n');
    throw new Error(`getCompiledResult failed (code ${e.code ?? '?'}): ${e.message ?? String(err)}\n--- miniprogram-ci log tail ---\n${tail}`);
  } finally {
    process.chdir(cwd);
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The project to compile: the repo itself when project.config.json is there, else a staged temp copy. */
function projectUnderTest(): { projectPath: string; appid: string; mpRoot: string; ignores: string[]; cleanup: () => void } {
  const configFile = path.join(REPO, 'project.config.json');
  if (fs.existsSync(configFile)) {
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as ProjectConfig;
    const mpRoot = (config.miniprogramRoot ?? '').replace(/\/+$/, '');
    // Only the mini program root is compiled; keep miniprogram-ci's file scan out of the rest of the repo
    // (node_modules and .git it skips itself; dist/, .data/ etc. can be large).
    const top = mpRoot.split('/')[0];
    const ignores = fs
      .readdirSync(REPO, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== top && d.name !== 'node_modules' && d.name !== '.git')
      .flatMap((d) => [d.name, `${d.name}/**/*`]);
    return { projectPath: REPO, appid: config.appid || PLACEHOLDER_APPID, mpRoot, ignores, cleanup: () => undefined };
  }
  // No project.config.json yet: stage one that says what ARCHITECTURE.md says it will.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-ci-'));
  fs.cpSync(path.join(REPO, 'miniprogram'), path.join(tmp, 'miniprogram'), { recursive: true });
  fs.writeFileSync(
    path.join(tmp, 'project.config.json'),
    JSON.stringify({
      appid: PLACEHOLDER_APPID,
      compileType: 'miniprogram',
      miniprogramRoot: 'miniprogram/',
      setting: { useCompilerPlugins: ['typescript'], es6: true, enhance: true },
    }),
  );
  return {
    projectPath: tmp,
    appid: PLACEHOLDER_APPID,
    mpRoot: 'miniprogram',
    ignores: [],
    cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}

// --- tests ------------------------------------------------------------------------------------------------------
describe('miniprogram-ci getCompiledResult (offline)', () => {
  test('project.config.json, if present, compiles .ts with the typescript plugin', () => {
    const configFile = path.join(REPO, 'project.config.json');
    if (!fs.existsSync(configFile)) {
      process.stdout.write('project.config.json absent: the compile test stages a temp project with a placeholder appid\n');
      return;
    }
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as ProjectConfig;
    expect(config.miniprogramRoot?.replace(/\/+$/, '')).toBe('miniprogram');
    expect(usesTypeScriptPlugin(config)).toBe(true);
  });

  test('the project compiles and the result holds every app.json page', async () => {
    const started = Date.now();
    const target = projectUnderTest();
    try {
      const app = JSON.parse(fs.readFileSync(path.join(target.projectPath, target.mpRoot, 'app.json'), 'utf8')) as AppJson;
      const result = await compile(target.projectPath, target.appid, target.ignores);
      const files = Object.keys(result);
      expect(files).toEqual(expect.arrayContaining(['app.js', 'app.json']));
      const missing = pagesOf(app).flatMap((page) =>
        ['.js', '.wxml', '.json'].map((ext) => page + ext).filter((f) => !files.includes(f)),
      );
      expect(missing).toEqual([]);
      // The compiled app.json keeps the declared pages.
      const compiledApp = JSON.parse(String(result['app.json'])) as AppJson;
      expect(pagesOf(compiledApp).sort()).toEqual(pagesOf(app).sort());
      // TS was compiled, not copied: no .ts in the result.
      expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      target.cleanup();
    }
  }, 90_000);

  test('a missing page fails the compile (the check is not vacuous)', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-ci-neg-'));
    try {
      const w = (rel: string, text: string): void => {
        fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
        fs.writeFileSync(path.join(tmp, rel), text);
      };
      w('project.config.json', JSON.stringify({ appid: PLACEHOLDER_APPID, compileType: 'miniprogram', miniprogramRoot: 'miniprogram/', setting: { useCompilerPlugins: ['typescript'] } }));
      w('miniprogram/app.json', JSON.stringify({ pages: ['pages/home/index', 'pages/gone/index'] }));
      w('miniprogram/app.ts', 'App({})\n');
      w('miniprogram/pages/home/index.ts', 'const n: number = 1\nComponent({ data: { n } })\n');
      w('miniprogram/pages/home/index.wxml', '<view>{{n}}</view>\n');
      w('miniprogram/pages/home/index.json', '{}');
      await expect(compile(tmp, PLACEHOLDER_APPID)).rejects.toThrow(/pages\/gone\/index/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);
});
