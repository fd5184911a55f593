#!/usr/bin/env node
/**
 * Lays out rendered pages (html.ts#writePage output) in Chromium with WeChat's built-in styles as app.json selects
 * them, and prints the boxes of the elements asked for, as JSON: {"<page>": {"<selector>": [{x, y, width, height,
 * text}, ...]}}. Used by test/mp/layout.test.ts.
 *
 * usage: node scripts/screens/measure.mjs <html-dir> '<{"page": ["selector", ...]}>'
 */
import puppeteer from 'puppeteer-core';
import { launchChromium, openPage, writeDocuments } from './document.mjs';

const [dir, spec] = process.argv.slice(2);
const wanted = JSON.parse(spec);
const browser = await launchChromium(puppeteer);
const out = {};
try {
  for (const [meta, file] of writeDocuments(dir, Object.keys(wanted))) {
    const page = await openPage(browser, file);
    out[meta.name] = await page.evaluate((selectors) => {
      const boxes = {};
      for (const sel of selectors) {
        boxes[sel] = [...document.querySelectorAll(sel)].map((el) => {
          const r = el.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height, right: r.right, text: el.textContent.trim().slice(0, 40) };
        });
      }
      return boxes;
    }, wanted[meta.name]);
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
