#!/usr/bin/env node
/**
 * Draws the 我的 tab icons (miniprogram/assets/tabbar/me.png and me-active.png): a person glyph in the outline style
 * of the other tab icons (81x81, transparent, round 6 px strokes; grey #7d7e80 / the shop's red #ee0a24, app.json's
 * tabBar colours). Rendered from SVG by headless Chromium (CHROMIUM or /usr/bin/chromium).
 *
 * usage: node scripts/draw-tab-icons.mjs [--probe]   (--probe prints the colour and stroke width of the existing icons)
 */
import fs from 'fs';
import path from 'path';
import { fileURLToPath } from 'url';
import puppeteer from 'puppeteer-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIR = path.join(ROOT, 'miniprogram/assets/tabbar');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SIZE = 81;
const STROKE = 6;

const person = (color) => `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <g fill="none" stroke="${color}" stroke-width="${STROKE}" stroke-linecap="round" stroke-linejoin="round">
    <circle cx="40.5" cy="27.5" r="12.5"/>
    <path d="M15 65c0-13.8 11.4-21 25.5-21S66 51.2 66 65"/>
  </g>
</svg>`;

const browser = await puppeteer.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--allow-file-access-from-files'] });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: SIZE, height: SIZE, deviceScaleFactor: 1 });
  if (process.argv.includes('--probe')) {
    for (const f of fs.readdirSync(DIR).filter((n) => n.endsWith('.png'))) {
      const b64 = fs.readFileSync(path.join(DIR, f)).toString('base64');
      const info = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        let opaque = 0;
        let colour = '';
        let minX = 99, maxX = 0, minY = 99, maxY = 0;
        for (let i = 0; i < d.length; i += 4) {
          if (d[i + 3] > 250) {
            opaque++;
            colour = `#${[d[i], d[i + 1], d[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
            const x = (i / 4) % c.width, y = Math.floor(i / 4 / c.width);
            minX = Math.min(minX, x); maxX = Math.max(maxX, x); minY = Math.min(minY, y); maxY = Math.max(maxY, y);
          }
        }
        return { w: img.width, opaque, colour, box: [minX, minY, maxX, maxY] };
      }, `data:image/png;base64,${b64}`);
      console.log(f, JSON.stringify(info));
    }
  } else {
    for (const [name, color] of [['me.png', '#7d7e80'], ['me-active.png', '#ee0a24']]) {
      await page.setContent(`<html><body style="margin:0;background:transparent">${person(color)}</body></html>`);
      const file = path.join(DIR, name);
      await page.screenshot({ path: file, omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
      console.log(`${path.relative(ROOT, file)} ${fs.statSync(file).size} bytes`);
    }
  }
} finally {
  await browser.close();
}
