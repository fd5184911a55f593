// ESLint 9 flat config. Besides the recommended rules, it enforces the dependency rule of the architecture (ARCHITECTURE.md, "Dependency rule"):
// domain imports nothing of ours but domain; app imports domain + ports; the mini program never imports the backend.
import { builtinModules } from 'node:module';
import { defineConfig, globalIgnores } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Every Node built-in, bare and with the node: prefix (fs, http, net, child_process, crypto, ...).
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const restrict = (names, message) => names.map((name) => ({ name, message }));

const DOMAIN_MSG = 'cloudfunctions/domain is pure rules: no I/O, no SDKs, no Node built-ins. Take what you need as arguments.';
const SDK_MSG = 'Only adapters talk to wx-server-sdk / databases. Depend on a port instead.';

export default defineConfig(
  globalIgnores(['node_modules/**', 'dist/**', 'miniprogram/miniprogram_npm/**', 'coverage/**', '.data/**', '.tmp/**']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    // Node scripts as ES modules (the page gallery, the tab icons); their page.evaluate callbacks run in Chromium.
    files: ['scripts/**/*.mjs'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['process', 'console', 'setTimeout', 'clearTimeout', 'URL', 'fetch', 'Buffer', 'document', 'Image'].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      // The TS-aware version knows `import type` (allowTypeImports); the core rule would double-report.
      'no-restricted-imports': 'off',
      // `_`-prefixed names are deliberately unused (interface-conforming parameters, destructuring rests).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // wx-server-sdk is external to the function bundles and only present in the cloud: adapters require() it
      // lazily on first call.
      '@typescript-eslint/no-require-imports': ['error', { allow: ['^wx-server-sdk$'] }],
    },
  },
  {
    // Tests load modules through Jest's registry on purpose: require() after jest.resetModules() (fresh stores per
    // mini program test), after patching an SDK's internals, or for untyped internals (miniprogram-ci).
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Ambient declaration files (typings/index.d.ts) must stay scripts to declare globals such as IAppOption;
    // `/// <reference path>` is how a script pulls in miniprogram-api-typings.
    files: ['**/*.d.ts'],
    rules: { '@typescript-eslint/triple-slash-reference': 'off' },
  },

  // --- dependency rule ----------------------------------------------------------------------------------------
  {
    files: ['cloudfunctions/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...restrict(['wx-server-sdk', 'pg', '@electric-sql/pglite'], DOMAIN_MSG),
            ...restrict(nodeBuiltins, DOMAIN_MSG),
          ],
          patterns: [
            { group: ['node:*'], message: DOMAIN_MSG },
            {
              regex: '^(\\.\\./)+(cloudfunctions/)?(adapters|app|functions|local|ports)(/|$)',
              message: 'domain imports nothing of ours but domain (no adapters, app, functions, local or ports).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'wx', message: 'domain code runs anywhere: no wx global.' },
      ],
      // No require() at all in domain (the general allow-list above is for adapters and build tests).
      '@typescript-eslint/no-require-imports': ['error', { allow: [] }],
    },
  },
  {
    files: ['cloudfunctions/app/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: restrict(['wx-server-sdk', 'pg', '@electric-sql/pglite'], SDK_MSG),
          patterns: [
            {
              regex: '^(\\.\\./)+(cloudfunctions/)?(adapters|functions|local)(/|$)',
              message: 'use cases import domain + ports only; adapters are wired in by functions/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['miniprogram/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: restrict(['wx-server-sdk', 'pg', '@electric-sql/pglite'], 'The mini program reaches the backend only through services/api.ts.'),
          patterns: [
            {
              regex: '(^|/)cloudfunctions(/|$)',
              message: 'The mini program never imports backend code; share types through typings/.',
            },
            {
              // typings/ lives outside miniprogramRoot: DevTools cannot bundle it, so only types may cross.
              regex: '(^|/)typings(/|$)',
              allowTypeImports: true,
              message: 'typings/ is outside the mini program root: use `import type`.',
            },
          ],
        },
      ],
    },
  },
);
