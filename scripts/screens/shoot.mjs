#!/usr/bin/env node
/**
 * Screenshots each rendered page (<html-dir>/<name>.json, .body.html, .css from render.shots.ts) with Chromium at
 * 375 px wide into <png-dir>/<name>.png: one screen (812 px) or the whole page, as the page's meta says.
 *
 * usage: node scripts/screens/shoot.mjs --html <dir> --png <dir> [--scale 1] [--only a,b]
 */
import fs from 'fs';
import path from 'path';
import puppeteer from 'puppeteer-core';
import { launchChromium, openPage, writeDocuments } from './document.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const HTML = path.resolve(args.html);
const PNG = path.resolve(args.png);
const SCALE = Number(args.scale ?? 1);
const ONLY = (args.only ?? '').split(',').filter(Boolean);

const browser = await launchChromium(puppeteer);
try {
  fs.mkdirSync(PNG, { recursive: true });
  for (const [meta, file] of writeDocuments(HTML, ONLY)) {
    const page = await openPage(browser, file, SCALE);
    const failed = [];
    page.on('requestfailed', (r) => failed.push(`${r.url().slice(0, 120)} (${r.failure()?.errorText})`));
    const png = path.join(PNG, `${meta.name}.png`);
    await page.screenshot({ path: png, fullPage: meta.mode !== 'screen', optimizeForSpeed: false });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    console.log(`${meta.name}.png  ${meta.mode}  ${height}px  ${Math.round(fs.statSync(png).size / 1024)} KB${failed.length ? `  failed: ${failed.join(', ')}` : ''}${meta.problems?.length ? `  problems: ${meta.problems.join('; ')}` : ''}`);
    await page.close();
  }
} finally {
  await browser.close();
}
