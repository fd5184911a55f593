/**
 * Jest config of the page gallery's renderer only (`npm run screens` runs it; `npm test` does not pick it up:
 * the file is named *.shots.ts). Env: BASE_URL, STATE, SHOTS_HTML, ONLY - see run.mjs.
 */
module.exports = {
  rootDir: '../..',
  roots: ['<rootDir>/scripts/screens'],
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/scripts/screens/render.shots.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
